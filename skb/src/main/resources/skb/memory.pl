% memory.pl: which physical memory is local to a core (Barrelfish's local_memory_affinity).
%
% local_memory(?Core, -Base, -Size): a memory_range/3 of Core's NUMA node; one solution per range,
% in the order the ranges were asserted.
% memory_near(+Core, -Base, -Size, -Distance): every range, nearest node first (node distance,
% 10 = local), then by base address.
%
% Depends on topology.pl.

local_memory(Core, Base, Size) :-
    core(Core, _, _, Node),
    memory_range(Node, Base, Size).

memory_near(Core, Base, Size, Distance) :-
    core(Core, _, _, Node),
    findall(D-range(B, S), (memory_range(N, B, S), node_cost(Node, N, D)), Ranges),
    msort(Ranges, Sorted),
    member(Distance-range(Base, Size), Sorted).
