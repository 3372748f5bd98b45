% placement.pl: the core for a new service or a domain's new dispatcher.
%
% place(+Service, +Constraints, -Core): the best core that meets every hard constraint, where
% "best" compares, in order: how many instances of Service the core already runs (replicas spread
% out), then each soft constraint in the order given, then the core number (so the answer is
% deterministic). Defaults asserted as service_constraint(Service, C) come before Constraints.
% Fails if no core meets the hard constraints.
%
% Hard constraints:  package(P)      on package P
%                    node(N)         on NUMA node N
%                    exclude(Cores)  not one of Cores
%                    max_load(L)     runs at most L services and dispatchers already
% Soft constraints:  near(N)         nearest to NUMA node N (node distance)
%                    near_core(C)    cheapest link to core C (measured round trips when known)
%                    avoid_busy      fewest services and dispatchers
% Any other term raises domain_error(placement_constraint, Term).
%
% Depends on topology.pl.

place(Service, Constraints, Core) :-
    findall(C, service_constraint(Service, C), Defaults),
    append(Defaults, Constraints, All),
    checked_constraints(All),
    findall(Key-C,
            (core(C, _, _, _), admissible(All, C), score(All, C, Scores), same_service(Service, C, Same),
             append([Same|Scores], [C], Key)),
            Scored),
    msort(Scored, [_-Core|_]).

checked_constraints([]).
checked_constraints([C|Cs]) :-
    ( constraint(C) -> true ; throw(error(domain_error(placement_constraint, C), place/3)) ),
    checked_constraints(Cs).

constraint(package(_)).
constraint(node(_)).
constraint(exclude(_)).
constraint(max_load(_)).
constraint(near(_)).
constraint(near_core(_)).
constraint(avoid_busy).

admissible([], _).
admissible([C|Cs], Core) :- allows(C, Core), admissible(Cs, Core).

allows(package(P), Core) :- !, core(Core, P, _, _).
allows(node(N), Core) :- !, core(Core, _, _, N).
allows(exclude(Cores), Core) :- !, \+ memberchk(Core, Cores).
allows(max_load(Limit), Core) :- !, core_load(Core, Load), Load =< Limit.
allows(_, _).

score([], _, []).
score([C|Cs], Core, Scores) :-
    ( soft_score(C, Core, S) -> Scores = [S|Rest] ; Scores = Rest ),
    score(Cs, Core, Rest).

soft_score(near(Node), Core, Distance) :- core(Core, _, _, CoreNode), node_cost(CoreNode, Node, Distance).
soft_score(near_core(Other), Core, Cost) :- link_cost(Other, Core, Cost).
soft_score(avoid_busy, Core, Load) :- core_load(Core, Load).

same_service(Service, Core, Count) :-
    findall(x, service(Service, Core), Instances),
    length(Instances, Count).
