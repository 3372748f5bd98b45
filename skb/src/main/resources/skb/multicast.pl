% multicast.pl: routing trees for sending one message from a root core to a set of cores and
% collecting the acknowledgements (the paper's unmap / TLB shootdown round, Sec. 5, Fig. 6).
%
% A tree is node(Core, Children): Core receives the message, forwards it to each child in list order
% (the send order) and answers its parent once every child has answered. Every tree covers the root
% and every core of the set exactly once.
%
%   broadcast  node(Root, Leaves): all other cores, ascending; the root writes ONE message into a
%              channel that every leaf polls (the shape is unicast's; the transport differs).
%   unicast    node(Root, Leaves): one point-to-point message per other core, ascending.
%   multicast  one aggregator per other package (its lowest core) that forwards to the rest of its
%              package; the root serves its own package itself. Children by package number.
%   numa       as multicast, but the root's sends are ordered farthest first by link_cost/3 (measured
%              round trips when known), so the longest trips start earliest and overlap the rest.
%              Aggregators' own children stay ascending: they share a package.
%
% Depends on topology.pl.

% Every list is walked with findall/3 and member/2 rather than a recursive predicate: built-ins
% keep the query under a millisecond on 64 cores (see docs/05-skb.md, "Speed").

% multicast_tree(+Strategy, +Root, -Tree): a tree over every core of the machine.
multicast_tree(Strategy, Root, Tree) :-
    all_cores(Cores),
    multicast_tree(Strategy, Root, Cores, Tree).

% multicast_tree(+Strategy, +Root, +Cores, -Tree): a tree over Root and the cores in Cores.
multicast_tree(Strategy, Root, Cores, node(Root, Children)) :-
    core(Root, _, _, _),
    known_cores(Cores),
    sort([Root|Cores], All),
    subtract(All, [Root], Others),
    children(Strategy, Root, Others, Children).

children(broadcast, _, Others, Leaves) :- leaves(Others, Leaves).
children(unicast, _, Others, Leaves) :- leaves(Others, Leaves).
children(multicast, Root, Others, Children) :- package_children(Root, Others, Children).
children(numa, Root, Others, Children) :-
    package_children(Root, Others, ByPackage),
    farthest_first(Root, ByPackage, Children).

leaves(Cores, Leaves) :- findall(node(C, []), member(C, Cores), Leaves).

% package_children(+Root, +Others, -Children): the root's own package as leaves, every other
% package as node(Aggregator, Leaves) with its lowest core as the aggregator; in package order.
package_children(Root, Others, Children) :-
    core(Root, RootPackage, _, _),
    findall(P-C, (member(C, Others), core(C, P, _, _)), Pairs),
    msort(Pairs, ByPackage),
    findall(P, member(P-_, ByPackage), Repeated),
    sort(Repeated, Packages),
    findall(Group,
            ( member(P, Packages),
              findall(node(C, []), member(P-C, ByPackage), Leaves),
              (   P == RootPackage
              ->  Group = Leaves
              ;   Leaves = [node(Aggregator, [])|Members],
                  Group = [node(Aggregator, Members)]
              ) ),
            Groups),
    append(Groups, Children).

% farthest_first(+Root, +Children, -Sorted): decreasing link cost from Root, ties by core number.
farthest_first(Root, Children, Sorted) :-
    findall(key(Negated, C)-node(C, Ks),
            (member(node(C, Ks), Children), link_cost(Root, C, Cost), Negated is -Cost),
            Keyed),
    keysort(Keyed, SortedPairs),
    pairs_values(SortedPairs, Sorted).
