% transport.pl: which interconnect driver carries a channel between two cores (the paper's late
% binding of transport: Sec. 4.6).
%
% transport(?A, ?B, -Transport):
%   lmp  A and B are the same core: the CPU driver hands the message over (local message passing)
%   ump  A and B are cores of this machine: a cache-coherent shared-memory ring (URPC)
% transport_override(A, B, T), a dynamic fact (a facts file, or asserta/1 by query), comes first: it is
% how a test or an operator steers the choice (asserta(transport_override(1, 1, ump)) gives two
% dispatchers of core 1 a UMP ring). The monitors ask transport/3 on every bind (docs/06-services.md).
% Room for more: a transport between machines, or a faster one for cores sharing a cache, is one
% more pair_transport/3 clause before the ump one.
%
% Depends on topology.pl.

transport(A, B, Transport) :-
    core(A, _, _, _),
    core(B, _, _, _),
    pair_transport(A, B, Transport).

pair_transport(A, B, Transport) :- transport_override(A, B, Transport), !.
pair_transport(A, A, lmp) :- !.
pair_transport(_, _, ump).
