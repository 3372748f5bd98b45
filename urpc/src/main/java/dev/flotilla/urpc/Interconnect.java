package dev.flotilla.urpc;

/**
 * The channel SPI: creates channels and binds each to a transport when it is created — LMP between
 * endpoints on one core, UMP between cores on the native platform, the simulator's own transport on
 * a simulated machine ({@link #transportBetween}, the built-in rule). The monitor binds late: it asks the
 * SKB's {@code transport/3} which transport joins two cores and asks for that one
 * ({@link #create(int, int, int, Transport)}); without an SKB it asks for a channel between two cores and
 * takes the built-in rule's.
 *
 * <p>Ring memory: natively the rings of a channel the monitor binds for a service lie in a FRAME capability
 * the binding side's monitor allocated ({@link RingFrame}; {@link #ringsInFrames()}), and the frame capability
 * crosses to the peer core; the monitors' own channels and channels made where no frame could be had use the
 * platform's shared memory.
 *
 * <p>Creating is split in two, as binding is in Barrelfish: the creator's core calls
 * {@link #create}, sends the descriptor to the peer core in a message, and the peer calls
 * {@link #attach} on its own core.
 */
public interface Interconnect
{
    /** The transport a channel between these two cores would use. */
    Transport transportBetween(int coreA, int coreB);

    /**
     * Creates a channel from {@code creatorCore} to {@code peerCore}; runs on the creator's core.
     *
     * @param ringSlots slots per direction: a power of two from 2 to {@link UmpDescriptor#MAX_RING_SLOTS}.
     */
    default ChannelSetup create(final int creatorCore, final int peerCore, final int ringSlots)
    {
        return create(creatorCore, peerCore, ringSlots, transportBetween(creatorCore, peerCore));
    }

    /**
     * Creates a channel of the transport asked for (late binding: the monitor asks the SKB which one). A
     * shared-memory ring works within one core too, so {@link Transport#UMP} may join two endpoints of one
     * core; then the setup carries both endpoints and the descriptor. A simulated machine carries UMP as its
     * own {@link Transport#SIM}.
     *
     * @throws dev.flotilla.base.FlotillaException with {@link dev.flotilla.base.ErrorCode#TRANSPORT_UNAVAILABLE}
     *     for a transport this interconnect cannot make between these cores (LMP across cores, SIM natively).
     */
    ChannelSetup create(int creatorCore, int peerCore, int ringSlots, Transport transport);

    /**
     * Attaches the peer endpoint of a cross-core channel; runs on {@code localCore}.
     *
     * @throws IllegalArgumentException if the descriptor names no channel this interconnect created.
     */
    Channel attach(int localCore, ChannelDescriptor descriptor);

    /**
     * True if this interconnect lays the rings of its cross-core channels in frames its callers allocate
     * ({@link #create(int, int, int, Transport, RingFrame)}); false if it has its own ring memory (the simulator's
     * transport), and then the frame variants ignore the frame.
     */
    default boolean ringsInFrames()
    {
        return false;
    }

    /**
     * Creates a channel as {@link #create(int, int, int, Transport)} does, with the rings of a shared-memory
     * transport laid in {@code frame} (the creator's monitor retyped it from its RAM). An LMP channel, or an
     * interconnect whose rings are its own, ignores it.
     *
     * @throws IllegalArgumentException if the rings do not fit in the frame.
     */
    default ChannelSetup create(final int creatorCore, final int peerCore, final int ringSlots, final Transport transport,
        final RingFrame frame)
    {
        return create(creatorCore, peerCore, ringSlots, transport);
    }

    /**
     * Attaches the peer endpoint of a channel created in a frame, with {@code frame} the peer core's view of that
     * frame (its monitor received the frame capability); an interconnect whose rings are its own ignores it.
     */
    default Channel attach(final int localCore, final ChannelDescriptor descriptor, final RingFrame frame)
    {
        return attach(localCore, descriptor);
    }

    /**
     * Creates a broadcast channel written by {@code writerCore} and read by each of {@code readerCores} (reader i
     * at index i); runs on the writer's core. Each reader joins with {@link #attachBroadcast} on its own core, given
     * the channel's {@link BroadcastChannel#address()} and its index.
     *
     * @throws IllegalArgumentException for no readers, a reader core named twice or equal to the writer's, a core
     *                                  the machine lacks or a bad ring size.
     */
    BroadcastChannel createBroadcast(int writerCore, int[] readerCores, int ringSlots);

    /**
     * Joins the broadcast channel at {@code address} as reader {@code readerIndex}; runs on {@code localCore}.
     *
     * @throws IllegalArgumentException if the address names no broadcast channel this interconnect made, or the
     *                                  index is out of range (or, where the interconnect can tell, not this core's).
     */
    BroadcastReceiver attachBroadcast(int localCore, BroadcastAddress address, int readerIndex);

    /** Checks a broadcast channel's reader cores: at least one, each once, none the writer, all below {@code cores}. */
    static void checkReaders(final int writerCore, final int[] readerCores, final int cores)
    {
        BroadcastDescriptor.checkReaders(readerCores.length);
        final java.util.BitSet seen = new java.util.BitSet();
        for (final int reader : readerCores)
        {
            if (reader < 0 || reader >= cores || reader == writerCore || seen.get(reader))
            {
                throw new IllegalArgumentException("reader core " + reader + " of a broadcast channel from core "
                    + writerCore + (reader == writerCore ? " is the writer's" : seen.get(reader) ? " appears twice"
                    : " does not exist (cores 0.." + (cores - 1) + ")"));
            }
            seen.set(reader);
        }
    }
}
