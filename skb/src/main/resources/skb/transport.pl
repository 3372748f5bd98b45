% transport.pl: which interconnect driver carries a channel between two cores (the paper's late
% binding of transport: Sec. 4.6).
%
% transport(?A, ?B, -Transport):
%   lmp  A and B are the same core: the CPU driver hands the message over (local message passing)
%   ump  A and B are cores of this machine: a cache-coherent shared-memory ring (URPC)
% Room for more: a transport between machines, or a faster one for cores sharing a cache, is one
% more pair_transport/3 clause before the ump one.
%
% Depends on topology.pl.

transport(A, B, Transport) :-
    core(A, _, _, _),
    core(B, _, _, _),
    pair_transport(A, B, Transport).

pair_transport(A, A, lmp) :- !.
pair_transport(_, _, ump).
