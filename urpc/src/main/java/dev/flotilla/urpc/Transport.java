package dev.flotilla.urpc;

/** How a channel moves messages; chosen when the channel is bound ("late binding" of transport). */
public enum Transport
{
    /** Local message passing: both endpoints on the same core; a ring in core-local memory. */
    LMP,
    /** User-level message passing: cache-line messages in shared memory between two cores. */
    UMP,
    /** The simulator's transport: UMP's semantics, delivery timed by the simulated interconnect. */
    SIM
}
