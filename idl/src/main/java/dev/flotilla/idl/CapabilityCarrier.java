package dev.flotilla.idl;

/**
 * How capabilities travel with messages on one channel (Barrelfish: LMP's kernel copy on one core, the
 * monitors' transfer across cores). The sender's stub hands the capability over and puts the word it
 * gets in the message; the receiver's decoder turns that word back into a capability in the
 * receiver's CSpace. Typed as {@code Object} so that this module needs no capability types; the
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
}
