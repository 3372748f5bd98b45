package dev.flotilla.bench.channels;

/**
 * Base of every side: its mutable fields sit between 128 bytes of padding on both sides, so the
 * pinger's side and the echoer's side, allocated one after the other by one setup thread, never
 * share a cache line. Without it the harness itself would add false sharing to every transport.
 *
 * Subclasses add only final fields, which are read-only after construction.
 *
 * <p>Field contract: all six fields are written and read only by the thread that owns the side.
 */
abstract class PaddedSide extends SideHotFields
{
    @SuppressWarnings("unused")
    private long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
}

/** The fields a side writes on every message. */
abstract class SideHotFields extends SideLeftPad
{
    /** The checksum of the message the last {@code poll} received, or {@link Message#EMPTY}. */
    long checksum = Message.EMPTY;
    /** The running {@link Message#fold} of everything {@code drain} received. */
    long fold;
    /** Messages this side has sent (picks the pooled message object to reuse). */
    long sent;
    /** Messages this side has received. */
    long received;
    /** The base of the next message a batch fill hands out. */
    long nextBase;
    /** How many more messages the drain in progress may take. */
    long drainBudget;
}

/** HotSpot lays superclass fields out first: this padding precedes the hot fields. */
abstract class SideLeftPad
{
    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}
