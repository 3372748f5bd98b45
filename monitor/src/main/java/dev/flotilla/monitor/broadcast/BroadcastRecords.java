package dev.flotilla.monitor.broadcast;

import dev.flotilla.idl.RecordSet;

/**
 * What a monitor writes into its broadcast channel, declared once: {@code BroadcastRecordsCodec} is generated from
 * this, and each message on the ring is one of these records, in its words. Every record names its {@code targets},
 * a bitmap of cores ({@link BroadcastFanout#bitmap}); every reader of the ring takes every record, and a core not
 * among the targets passes it by. The writer is the ring's, known to the reader from the channel it read it on.
 */
@RecordSet(description = "what a monitor writes into its broadcast channel")
public interface BroadcastRecords
{
    /** TLB shootdown round {@code round}: drop {@code address} in {@code domain}, then answer {@code dropped}. */
    void shootdown(long round, long domain, long address, long[] targets);

    /** One-phase commit round {@code round}: apply {@code change} to {@code table}, then answer {@code applied}. */
    void apply(long round, int table, long[] targets, byte[] change);

    /** Two-phase commit round {@code round}: vote on {@code change} to {@code table}, answering {@code vote}. */
    void prepare(long round, int table, long[] targets, byte[] change);

    /** The coordinator's decision on two-phase round {@code round}: commit or abort, then answer {@code decided}. */
    void decide(long round, boolean commit, long[] targets);
}
