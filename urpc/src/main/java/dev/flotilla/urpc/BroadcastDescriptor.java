package dev.flotilla.urpc;

/**
 * Layout of a broadcast channel's shared frame: one writer, R readers, one ring of N cache-line slots that every
 * reader polls (the paper's "broadcast" shootdown, §5: one message in one shared channel). The single source of
 * every offset.
 *
 * <pre>
 *   offset              size       written by   read by        holds
 *   0                   N x 64     the writer   every reader   the ring
 *   N*64 + r*128        128        reader r     the writer     reader r's position line (+64 B padding)
 *   total = N*64 + R*128
 * </pre>
 * Every line has one writer: the ring's lines the writer's, each position line its reader's. A slot's line is
 * read by all R readers, so each new message costs R transfers of that one line out of the writer's cache, which
 * the coherence protocol serves one after another; and before the writer can reuse a slot it must invalidate the
 * R copies. That is the price the paper's broadcast pays and unicast does not.
 *
 * <p>A slot is seven payload words, then the header word, written last with a release store; readers poll the
 * header with an acquire load.
 * <pre>
 *    0       8       16      24      32      40      48      56      64
 *   +-------+-------+-------+-------+-------+-------+-------+-------+
 *   | w0    | w1    | w2    | w3    | w4    | w5    | w6    |header |
 *   +-------+-------+-------+-------+-------+-------+-------+-------+
 *
 *   header:  63     53  52  51  48 47          32 31                          0
 *           +---------+----+------+--------------+-----------------------------+
 *           | 0       |more| words| type         | seq                         |
 *           +---------+----+------+--------------+-----------------------------+
 * </pre>
 * {@code seq} is the slot's sequence number (1 for the first slot ever written, modulo 2^32): a zeroed ring holds
 * 0, never expected, and a slot from the last lap holds seq - N, so "seq == expected" means "new". {@code words}
 * is the payload words used (0..7) and {@code more} says further slots of the same message follow.
 *
 * <p>A position line holds, in its first word, how many slots its reader has consumed (release store by the
 * reader, at least every N/2 slots; acquire load by the writer, only when it runs out of room). The writer may
 * write slot s only when every reader's position is above s - N.
 */
public final class BroadcastDescriptor
{
    /** Bytes per slot: one cache line. */
    public static final int SLOT_BYTES = UmpDescriptor.SLOT_BYTES;
    /** Payload words per slot. */
    public static final int PAYLOAD_WORDS = UmpDescriptor.PAYLOAD_WORDS;
    /** Offset of the header word within a slot. */
    public static final int HEADER_OFFSET = PAYLOAD_WORDS * Long.BYTES;
    /** Bytes of one reader's position line with its padding. */
    public static final int POSITION_LINE_BYTES = 2 * SLOT_BYTES;
    /** Most readers of one channel. */
    public static final int MAX_READERS = 1 << 12;

    static final long SEQ_MASK = 0xFFFF_FFFFL;
    static final int TYPE_SHIFT = 32;
    static final int WORDS_SHIFT = 48;
    static final long MORE_BIT = 1L << 52;

    private BroadcastDescriptor()
    {
    }

    /** Checks a reader count: 1 to {@link #MAX_READERS}. */
    public static int checkReaders(final int readers)
    {
        if (readers < 1 || readers > MAX_READERS)
        {
            throw new IllegalArgumentException("a broadcast channel has 1 to " + MAX_READERS + " readers, not " + readers);
        }
        return readers;
    }

    /** Bytes of the shared frame of a channel with {@code slots} slots and {@code readers} readers. */
    public static long frameBytes(final int slots, final int readers)
    {
        UmpDescriptor.checkRingSlots(slots);
        checkReaders(readers);
        return (long)slots * SLOT_BYTES + (long)readers * POSITION_LINE_BYTES;
    }

    /** Offset of slot {@code index} (taken modulo the ring). */
    static long slotOffset(final int slots, final long index)
    {
        return (index & (slots - 1)) * SLOT_BYTES;
    }

    /** Offset of reader {@code reader}'s position line. */
    static long positionOffset(final int slots, final int reader)
    {
        return (long)slots * SLOT_BYTES + (long)reader * POSITION_LINE_BYTES;
    }

    static long header(final long seq, final int type, final int words, final boolean more)
    {
        return (seq & SEQ_MASK) | ((long)type << TYPE_SHIFT) | ((long)words << WORDS_SHIFT) | (more ? MORE_BIT : 0);
    }

    static long seq(final long header)
    {
        return header & SEQ_MASK;
    }

    static int type(final long header)
    {
        return (int)((header >>> TYPE_SHIFT) & 0xFFFF);
    }

    static int words(final long header)
    {
        return (int)((header >>> WORDS_SHIFT) & 0xF);
    }

    static boolean more(final long header)
    {
        return (header & MORE_BIT) != 0;
    }
}
