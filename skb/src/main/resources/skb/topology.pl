% topology.pl: helpers over the hardware and measurement facts that the other rule files share.
%
% Facts used: core/4, node_distance_row/2, message_rtt_row/2, cache/4, service/2, dispatcher/2
% (documented in docs/05-skb.md and dev.flotilla.skb.FactKind).

% message_rtt(?From, ?To, ?Nanos): the measured median round trip From -> To -> From, for distinct
% measured cores (Barrelfish's message_rtt/6 reduced to the median). Stored one row per core.
message_rtt(From, To, Nanos) :-
    message_rtt_row(From, Row),
    row_entry(Row, To, Nanos),
    From \== To.

% node_distance(?From, ?To, ?Distance): the firmware's distance between two nodes (10 = local).
node_distance(From, To, Distance) :-
    node_distance_row(From, Row),
    row_entry(Row, To, Distance).

% row_entry(+Row, ?Index, -Value): column Index (0-based) of a row term, where it is not -1.
row_entry(Row, Index, Value) :-
    functor(Row, _, Size),
    (   integer(Index)
    ->  Index >= 0, Index < Size, Position is Index + 1
    ;   between(1, Size, Position), Index is Position - 1
    ),
    arg(Position, Row, Value),
    Value >= 0.

% all_cores(-Cores): every core of the machine, ascending.
all_cores(Cores) :-
    findall(C, core(C, _, _, _), Unsorted),
    msort(Unsorted, Cores).

% core_package(?Core, ?Package) and core_node(?Core, ?Node).
core_package(Core, Package) :- core(Core, Package, _, _).
core_node(Core, Node) :- core(Core, _, _, Node).

% known_cores(+Cores): every element is a core of the machine.
known_cores(Cores) :- \+ (member(C, Cores), \+ core(C, _, _, _)).

% packages_of(+Cores, -Packages): the packages the cores sit on, ascending, each once.
packages_of(Cores, Packages) :-
    findall(P, (member(C, Cores), core(C, P, _, _)), Ps),
    sort(Ps, Packages).

% cores_on_package(+Package, +Cores, -OnPackage): the members of Cores on Package, in the order of Cores.
cores_on_package(Package, Cores, OnPackage) :-
    findall(C, (member(C, Cores), core(C, Package, _, _)), OnPackage).

% link_cost(+A, +B, -Cost): what a message from A to B and its reply cost. Measured: the sum of the
% two measured medians (Barrelfish's multicast.pl adds rtt(Src->Dst) and rtt(Dst->Src)). Otherwise
% an estimate from the topology, on the firmware's distance scale: 0 within a core, 10 within a
% package, else the node distance, or 20 without one. Assert a full matrix to compare measured links.
link_cost(A, A, 0) :- !.
link_cost(A, B, Cost) :-
    message_rtt(A, B, There), message_rtt(B, A, Back), !,
    Cost is There + Back.
link_cost(A, B, Cost) :-
    core(A, PA, _, NA), core(B, PB, _, NB),
    estimated_cost(PA, NA, PB, NB, Cost).

estimated_cost(P, _, P, _, 10) :- !.
estimated_cost(_, NA, _, NB, Distance) :- node_distance(NA, NB, Distance), Distance > 10, !.
estimated_cost(_, _, _, _, 20).

% node_cost(+From, +To, -Distance): node distance, 10 within a node, 20 between nodes without a SLIT.
node_cost(N, N, 10) :- !.
node_cost(From, To, Distance) :- node_distance(From, To, Distance), !.
node_cost(_, _, 20).

% shares_cache(?A, ?B, ?Level): A and B share a cache at Level.
shares_cache(A, B, Level) :-
    cache(Level, _, _, Cores), member(A, Cores), member(B, Cores).

% core_load(+Core, -Load): how many services and dispatchers run on Core.
core_load(Core, Load) :-
    findall(x, (service(_, Core) ; dispatcher(_, Core)), Things),
    length(Things, Load).
