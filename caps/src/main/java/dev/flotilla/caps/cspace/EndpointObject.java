package dev.flotilla.caps.cspace;

/**
 * The kernel object an {@link dev.flotilla.caps.CapType#END_POINT END_POINT} capability names beyond its
 * listener (the dispatcher whose range it takes): one end of a channel, kept by the CPU driver. The
 * capability library never looks inside it; it only carries it, as it carries a CNode capability's table.
 *
 * <p>Invariants (kept by {@link Retype#decodeEndpoint}, {@link Copy} and
 * {@link CoreCapabilities#checkInvariants()}): only END_POINT entries name one; a copy names the same object
 * as its source; an END_POINT made by a plain retype names none. Two END_POINTs of one dispatcher are copies
 * in the mapping database's order (the range is the dispatcher's), yet may name different objects: the order
 * knows listeners, not channels.
 */
public interface EndpointObject
{
}
