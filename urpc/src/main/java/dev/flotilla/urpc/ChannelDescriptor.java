package dev.flotilla.urpc;

/**
 * What the creator of a cross-core channel sends to the peer core so that it can attach the other
 * endpoint — Barrelfish's bind request carrying the frame as (physical base, size). It travels as
 * three message words ({@link #toWords}).
 *
 * @param transport   how the channel moves messages.
 * @param address     UMP: the shared frame's address; SIM: the simulator's channel id.
 * @param ringSlots   slots per ring.
 * @param creatorCore the core of the endpoint that created the channel.
 */
public record ChannelDescriptor(Transport transport, long address, int ringSlots, int creatorCore)
{
    /** Number of message words {@link #toWords} fills. */
    public static final int WORDS = 3;

    public ChannelDescriptor
    {
        UmpDescriptor.checkRingSlots(ringSlots);
        if (transport == Transport.LMP)
        {
            throw new IllegalArgumentException("an LMP channel never leaves its core, so it has no descriptor");
        }
    }

    /** Writes the descriptor into {@code words[offset..offset+3)}. */
    public void toWords(final long[] words, final int offset)
    {
        words[offset] = transport.ordinal();
        words[offset + 1] = address;
        words[offset + 2] = ((long)creatorCore << 32) | ringSlots;
    }

    /** Reads a descriptor written by {@link #toWords}. */
    public static ChannelDescriptor fromWords(final long[] words, final int offset)
    {
        final long kind = words[offset];
        if (kind < 0 || kind >= Transport.values().length)
        {
            throw new IllegalArgumentException("not a channel descriptor: transport " + kind);
        }
        return new ChannelDescriptor(Transport.values()[(int)kind], words[offset + 1], (int)words[offset + 2],
            (int)(words[offset + 2] >>> 32));
    }
}
