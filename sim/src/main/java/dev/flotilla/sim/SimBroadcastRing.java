package dev.flotilla.sim;

import dev.flotilla.sim.coherence.CacheLine;
import dev.flotilla.urpc.UmpDescriptor;

/**
 * The shared state of one simulated broadcast channel: {@link dev.flotilla.urpc.BroadcastDescriptor}'s ring of N
 * slots that R readers take, with a coherent {@link CacheLine} for every slot and every reader's position line, so
 * the machine's coherence decides what each access costs.
 *
 * <pre>
 *   slot i:      words[7i .. 7i+7), control[i]   payload, type | words | more      (the writer's)
 *                published[i]                    when the writer's store to the line completed (+ jitter)
 *                slotLines[i]                    the line: the writer owns it, readers become sharers
 *                takenBy[i], freeAt[i]           readers whose published position covers the slot, and when the
 *                                                last of them published it (the readers')
 *   reader r:    consumed[r], announced[r]       slots it took, and the count last stored to its position line
 *                positionLines[r]                its position line: the reader owns it, the writer reads it
 * </pre>
 * All on the simulation's one thread; the times keep each core from seeing another's writes before the
 * interconnect could have carried them. Invariants: {@code 0 <= written - consumed[r] <= N} for every r; a slot is
 * rewritten only when {@code takenBy} is R and its {@code freeAt} has passed on the writer's clock; a message's
 * slots share one {@code published} time, which never decreases along the ring.
 */
final class SimBroadcastRing
{
    static final int SLOT_WORDS = UmpDescriptor.PAYLOAD_WORDS;

    final int slots;
    final int mask;
    final int writer;
    final int[] readerCores;
    final long[] words;
    final int[] control;
    final long[] published;
    final int[] takenBy;
    final long[] freeAt;
    final CacheLine[] slotLines;
    final long[] consumed;
    final long[] announced;
    final CacheLine[] positionLines;
    /** Slots the writer has written. */
    long written;
    /** Publication time of the newest message. */
    long lastPublished;

    SimBroadcastRing(final SimPlatform sim, final int slots, final int writer, final int[] readerCores)
    {
        UmpDescriptor.checkRingSlots(slots);
        this.slots = slots;
        this.mask = slots - 1;
        this.writer = writer;
        this.readerCores = readerCores.clone();
        this.words = new long[slots * SLOT_WORDS];
        this.control = new int[slots];
        this.published = new long[slots];
        this.takenBy = new int[slots];
        this.freeAt = new long[slots];
        this.slotLines = new CacheLine[slots];
        for (int i = 0; i < slots; i++)
        {
            slotLines[i] = new CacheLine(sim, writer); // the writer allocated and zeroed the ring
        }
        this.consumed = new long[readerCores.length];
        this.announced = new long[readerCores.length];
        this.positionLines = new CacheLine[readerCores.length];
        for (int r = 0; r < readerCores.length; r++)
        {
            positionLines[r] = new CacheLine(sim, readerCores[r]);
        }
    }

    /** Reader {@code r} stored {@code position} on its line at {@code whenPs}: the slots up to it are its no more. */
    void announce(final int r, final long position, final long whenPs)
    {
        for (long index = announced[r]; index < position; index++)
        {
            final int slot = (int)(index & mask);
            takenBy[slot]++;
            freeAt[slot] = Math.max(freeAt[slot], whenPs);
        }
        announced[r] = position;
    }

    /** True if slot {@code index} may be written at {@code nowPs}: unused, or every reader announced it by then. */
    boolean reusable(final long index, final long nowPs)
    {
        if (index < slots)
        {
            return true;
        }
        final int slot = (int)(index & mask);
        return takenBy[slot] == readerCores.length && freeAt[slot] <= nowPs;
    }
}
