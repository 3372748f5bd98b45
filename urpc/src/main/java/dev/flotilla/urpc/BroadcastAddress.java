package dev.flotilla.urpc;

/**
 * What the writer of a broadcast channel sends each reader so that it can join: the frame (or the simulator's
 * channel id), the ring's size, how many readers share it and whose it is. It travels as {@link #WORDS} message
 * words, beside the reader's index.
 *
 * @param transport  {@link Transport#UMP} natively, {@link Transport#SIM} on a simulated machine.
 * @param address    UMP: the shared frame's address; SIM: the simulator's channel id.
 * @param ringSlots  slots in the ring.
 * @param readers    readers sharing the ring.
 * @param writerCore the writer's core.
 */
public record BroadcastAddress(Transport transport, long address, int ringSlots, int readers, int writerCore)
{
    /** Number of message words {@link #toWords} fills. */
    public static final int WORDS = 3;

    public BroadcastAddress
    {
        UmpDescriptor.checkRingSlots(ringSlots);
        BroadcastDescriptor.checkReaders(readers);
        if (transport == Transport.LMP)
        {
            throw new IllegalArgumentException("a broadcast channel joins cores; LMP never leaves one");
        }
        if (writerCore < 0)
        {
            throw new IllegalArgumentException("no writer core " + writerCore);
        }
    }

    /** Writes the address into {@code words[offset..offset+3)}. */
    public void toWords(final long[] words, final int offset)
    {
        words[offset] = transport.ordinal();
        words[offset + 1] = address;
        words[offset + 2] = (long)writerCore << 32 | (long)readers << 16 | Integer.numberOfTrailingZeros(ringSlots);
    }

    /**
     * Reads an address written by {@link #toWords}.
     *
     * @throws IllegalArgumentException if the words hold no broadcast address.
     */
    public static BroadcastAddress fromWords(final long[] words, final int offset)
    {
        final long kind = words[offset];
        if (kind < 0 || kind >= Transport.values().length)
        {
            throw new IllegalArgumentException("not a broadcast address: transport " + kind);
        }
        final long packed = words[offset + 2];
        final int log = (int)(packed & 0xFFFF);
        if (log >= 31)
        {
            throw new IllegalArgumentException("not a broadcast address: ring of 2^" + log + " slots");
        }
        return new BroadcastAddress(Transport.values()[(int)kind], words[offset + 1], 1 << log,
            (int)(packed >>> 16 & 0xFFFF), (int)(packed >>> 32));
    }
}
