package dev.flotilla.bench.layouts;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A handoff over raw lines with no channel code: either the floor (one line handed back and forth)
 * or two one-way rings of 64-byte slots placed in memory one of several ways. Every variant runs the
 * same compiled methods, so differences between them are placement and protocol, not code.
 * <pre>
 *   a slot:  | w0 | w1 | w2 | w3 | w4 | w5 | w6 | seq |   written words first, seq last (release)
 *   ring r, slot i at:  r * ringGap + (i mod 32) * stride
 * </pre>
 * <ul>
 *   <li>{@code contiguous}: each ring's slots are neighbouring lines, the rings 4 KiB apart (UMP's
 *       frame);</li>
 *   <li>{@code interleaved}: slot i of one ring and slot i of the other share a 128-byte pair of
 *       lines, so the adjacent-line prefetcher fetches the partner ring's slot, not the next slot of
 *       the same ring;</li>
 *   <li>{@code stride 128}: one empty line after every slot, so no two slots of one ring pair up;</li>
 *   <li>{@code claim}: after each send the sender stores into its next slot, taking that line before
 *       it needs it (UMP does this);</li>
 *   <li>{@code write-back}: the receiver overwrites the sequence word of each slot it consumed, so
 *       the line ends up owned by the receiver (as Agrona's zeroing of read records does).</li>
 * </ul>
 * The floor's line carries a turn count ({@code sent + received}) instead of a sequence, as in
 * the channels benchmark's {@code CacheLineHandoff}.
 */
final class LineLayout implements Handoff
{
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final long SEQ = 56;
    private static final long SLOTS = 32;
    /** Per-side counters, 16 longs (128 bytes) apart so that the two sides never share a line. */
    private static final int SIDE_STRIDE = 16;

    private final String name;
    private final boolean floor;
    private final long stride;
    private final long ringGap;
    private final boolean claim;
    private final boolean writeBack;
    private final MemorySegment memory;
    private final long[] sent = new long[3 * SIDE_STRIDE];
    private final long[] received = new long[3 * SIDE_STRIDE];

    private LineLayout(final String name, final boolean floor, final long stride, final long ringGap,
        final boolean claim, final boolean writeBack, final Arena arena)
    {
        this.name = name;
        this.floor = floor;
        this.stride = stride;
        this.ringGap = ringGap;
        this.claim = claim;
        this.writeBack = writeBack;
        // page-aligned and alone on its pages: no variant's lines neighbour another's
        this.memory = arena.allocate(4 * 4096, 4096);
    }

    /** The floor: one line, handed back and forth. */
    static LineLayout floor(final Arena arena)
    {
        return new LineLayout("floor (one line handed back and forth)", true, 0, 0, false, false, arena);
    }

    /** Two rings of slots {@code stride} bytes apart, the second ring {@code ringGap} bytes after the first. */
    static LineLayout rings(final String name, final long stride, final long ringGap, final boolean claim,
        final boolean writeBack, final Arena arena)
    {
        return new LineLayout(name, false, stride, ringGap, claim, writeBack, arena);
    }

    @Override
    public String name()
    {
        return name;
    }

    private long slot(final int ring, final long index)
    {
        return floor ? 0 : ring * ringGap + (index & (SLOTS - 1)) * stride;
    }

    @Override
    public void send(final int side, final long base)
    {
        final int s = (side + 1) * SIDE_STRIDE;
        final long n = sent[s];
        final long slot = slot(side, n);
        for (int i = 0; i < 7; i++)
        {
            memory.set(WORD, slot + i * 8L, base + i);
        }
        sent[s] = n + 1;
        LONG.setRelease(memory, slot + SEQ, floor ? n + 1 + received[s] : n + 1);
        if (claim)
        {
            memory.set(WORD, slot(side, n + 1), 0L);
        }
    }

    @Override
    public long receive(final int side, final StopFlag stop)
    {
        final int s = (side + 1) * SIDE_STRIDE;
        final long n = received[s];
        final long slot = slot(1 - side, n);
        final long expected = floor ? sent[s] + n + 1 : n + 1;
        while ((long)LONG.getAcquire(memory, slot + SEQ) != expected)
        {
            if (stop.raised())
            {
                return Long.MIN_VALUE;
            }
            Thread.onSpinWait();
        }
        long sum = 0;
        for (int i = 0; i < 7; i++)
        {
            sum += memory.get(WORD, slot + i * 8L);
        }
        received[s] = n + 1;
        if (writeBack)
        {
            // a value no sequence takes: the sender's next lap writes n + 1 + SLOTS here
            memory.set(WORD, slot + SEQ, -1L - n);
        }
        return sum;
    }
}
