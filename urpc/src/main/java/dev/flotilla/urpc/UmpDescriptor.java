package dev.flotilla.urpc;

/**
 * Layout of a UMP channel's shared frame and of each message slot; the single source of every offset.
 *
 * <p>A channel is one cache-aligned segment holding two one-way rings and two acknowledgement lines.
 * Endpoint A created the channel, endpoint B attached to it; N is the ring size in slots.
 * <pre>
 *   offset                 size       written by   read by   holds
 *   0                      N x 64     A            B         ring A->B
 *   N*64                   N x 64     B            A         ring B->A
 *   2N*64                  128        B            A         ack line of ring A->B (+64 B padding)
 *   2N*64 + 128            128        A            B         ack line of ring B->A (+64 B padding)
 *   total = 2N*64 + 256
 * </pre>
 * Every line has exactly one writer, so no line is ever written from both cores. The padding keeps
 * the adjacent-line prefetcher from pairing the two acknowledgement lines.
 *
 * <p>A slot is one 64-byte cache line: seven payload words, then the header word, written last with
 * a release store. The receiver polls the header with an acquire load; seeing the sequence number
 * it expects there proves the payload is complete.
 * <pre>
 *    0       8       16      24      32      40      48      56      64
 *   +-------+-------+-------+-------+-------+-------+-------+-------+
 *   | w0    | w1    | w2    | w3    | w4    | w5    | w6    |header |
 *   +-------+-------+-------+-------+-------+-------+-------+-------+
 *
 *   header:  63   61 60   59  56 55          40 39          24 23           0
 *           +-------+----+------+--------------+--------------+--------------+
 *           | 0     |more| words| type         | ack          | seq          |
 *           +-------+----+------+--------------+--------------+--------------+
 * </pre>
 * <ul>
 *   <li>{@code seq} (24 bits): the slot's sequence number, 1 for the first slot ever written, modulo
 *       2^24. A zeroed ring holds seq 0, which is never expected; a slot left from the previous lap
 *       holds seq - N. So "header seq == expected seq" means "this slot is new".</li>
 *   <li>{@code ack} (16 bits): how many slots of the reverse ring the sender had consumed, modulo 2^16
 *       — the acknowledgement piggy-backed on every message.</li>
 *   <li>{@code type} (16 bits): the message type.</li>
 *   <li>{@code words} (4 bits): payload words used in this slot, 0..7.</li>
 *   <li>{@code more} (1 bit): further slots of the same message follow.</li>
 * </ul>
 * An acknowledgement line holds, in its first word, the total number of slots its writer has
 * consumed from the ring it acknowledges (release store by the receiver, acquire load by the sender).
 */
public final class UmpDescriptor
{
    /** Bytes per slot: one cache line. */
    public static final int SLOT_BYTES = 64;
    /** Payload words per slot. */
    public static final int PAYLOAD_WORDS = 7;
    /** Offset of the header word within a slot. */
    public static final int HEADER_OFFSET = PAYLOAD_WORDS * Long.BYTES;
    /** Bytes of one acknowledgement line with its padding. */
    public static final int ACK_LINE_BYTES = 2 * SLOT_BYTES;
    /** Default slots per ring, as Barrelfish's 2 KiB per direction. */
    public static final int DEFAULT_RING_SLOTS = 32;
    /** Largest ring: the 16-bit acknowledgement must tell apart every count in a window of N + 1. */
    public static final int MAX_RING_SLOTS = 1 << 15;
    /** Largest message type. */
    public static final int MAX_TYPE = 0xFFFF;

    static final long SEQ_MASK = (1L << 24) - 1;
    static final int ACK_SHIFT = 24;
    static final long ACK_MASK = 0xFFFF;
    static final int TYPE_SHIFT = 40;
    static final int WORDS_SHIFT = 56;
    static final long MORE_BIT = 1L << 60;

    static
    {
        if (HEADER_OFFSET + Long.BYTES != SLOT_BYTES)
        {
            throw new AssertionError("a slot must be exactly one cache line");
        }
    }

    private UmpDescriptor()
    {
    }

    /** Checks a ring size: a power of two from 2 to {@link #MAX_RING_SLOTS}. */
    public static int checkRingSlots(final int slots)
    {
        if (slots < 2 || slots > MAX_RING_SLOTS || Integer.bitCount(slots) != 1)
        {
            throw new IllegalArgumentException(
                "ring size must be a power of two from 2 to " + MAX_RING_SLOTS + " slots, was " + slots);
        }
        return slots;
    }

    /** Bytes of the shared frame of a channel with {@code slots} slots per ring. */
    public static long frameBytes(final int slots)
    {
        return 2L * slots * SLOT_BYTES + 2L * ACK_LINE_BYTES;
    }

    /** Offset of the ring written by endpoint A (the creator) or B. */
    static long ringOffset(final int slots, final boolean writtenByCreator)
    {
        return writtenByCreator ? 0 : (long)slots * SLOT_BYTES;
    }

    /** Offset of the acknowledgement line of the ring written by the creator (true) or by B (false). */
    static long ackLineOffset(final int slots, final boolean ringWrittenByCreator)
    {
        return 2L * slots * SLOT_BYTES + (ringWrittenByCreator ? 0 : ACK_LINE_BYTES);
    }

    static long header(final long seq, final long ack, final int type, final int words, final boolean more)
    {
        return (seq & SEQ_MASK) | ((ack & ACK_MASK) << ACK_SHIFT) | ((long)type << TYPE_SHIFT)
            | ((long)words << WORDS_SHIFT) | (more ? MORE_BIT : 0);
    }

    static long seq(final long header)
    {
        return header & SEQ_MASK;
    }

    static long ack(final long header)
    {
        return (header >>> ACK_SHIFT) & ACK_MASK;
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

    /** Slots needed for a message of {@code words} words (an empty message still takes one). */
    static int slotsFor(final int words)
    {
        return words == 0 ? 1 : (words + PAYLOAD_WORDS - 1) / PAYLOAD_WORDS;
    }
}
