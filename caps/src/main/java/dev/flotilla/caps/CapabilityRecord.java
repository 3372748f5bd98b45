package dev.flotilla.caps;

import java.util.Objects;

/**
 * A capability as it crosses cores (Barrelfish's {@code caprep} with the owner and the relations the
 * monitors send beside it): what it names, with which rights, which core owns the object, and which
 * relatives exist away from the core that receives it, as {@code RemoteRelations} bits.
 *
 * <p>A record grants nothing by itself: only a CPU driver turns one into a capability, and only when its
 * own monitor (the holder of the Kernel capability) asks, for a record that came from another monitor.
 *
 * @param capability what it names: type, rights, range (never a mapping: mappings stay on their core).
 * @param owner      the core that owns the object, the sequencer of distributed operations on it.
 * @param relations  relatives on cores other than the receiver's: copies, ancestors, descendants.
 */
public record CapabilityRecord(Capability capability, int owner, int relations)
{
    public CapabilityRecord
    {
        Objects.requireNonNull(capability, "capability");
        if (owner < 0)
        {
            throw new IllegalArgumentException("owner: core " + owner + " does not exist");
        }
    }
}
