package dev.flotilla.idl;

/**
 * How capabilities travel with messages on one channel (Barrelfish: LMP's kernel copy on one core, the
 * monitors' transfer across cores). The sender's stub hands the capability over and puts the word it
 * gets in the message; the receiver's decoder turns that word back into a capability in the
 * receiver's CSpace. Where the capability takes longer than the message (across cores, through the
 * monitors), the port holds the message — and every later one, keeping the channel's order — until the
 * carrier says the capability {@linkplain #arrived arrived}. Typed as {@code Object} so that this module
 * needs no capability types; the
 * generated code casts to the declared type.
 */
public interface CapabilityCarrier
{
    /**
     * Gives {@code capability} (a reference in the sender's CSpace) to the other end.
     *
     * @return the word the message carries in its place.
     * @throws dev.flotilla.base.FlotillaException if it cannot be given (no such capability, no right to).
     */
    long give(Object capability);

    /**
     * The capability the other end gave as {@code word}, now in this end's CSpace.
     *
     * @throws IllegalArgumentException if {@code word} names nothing given on this channel.
     */
    Object take(long word);

    /**
     * True once the capability given as {@code word} is where the other end can take it — or can never be
     * (then {@link #failure} says why). The port sends no message before every capability it carries has
     * arrived, so a receiver always finds them: on one core at once; across cores once the monitors carried it.
     */
    default boolean arrived(final long word)
    {
        return true;
    }

    /** Why the capability given as {@code word} cannot reach the other end; null if it did or may still. */
    default dev.flotilla.base.ErrorCode failure(final long word)
    {
        return null;
    }

    /** The message carrying {@code word} was sent or dropped: the carrier need not remember it any more. */
    default void forget(final long word)
    {
    }
}
