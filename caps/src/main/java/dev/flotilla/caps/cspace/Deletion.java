package dev.flotilla.caps.cspace;

import dev.flotilla.caps.Capability;

/**
 * One capability removed by a delete or revoke, as the kernel must learn of it.
 *
 * <p>What the kernel does with it depends on the type: a mapping capability means its page-table
 * entries must be cleared (see {@link Capability#mapping()}); the last copy of a dispatcher means
 * its control block is gone; the last copy of RAM-backed memory with no ancestor left
 * ({@code mdb().hasAncestors}) is memory to hand back to the memory server.
 *
 * @param cte      the deleted entry; {@link Cte#container()} and {@link Cte#slot()} still say where it was.
 * @param lastCopy true if no copy of the capability remains on this core: the object itself is gone here.
 */
public record Deletion(Cte cte, boolean lastCopy)
{
    /** The deleted capability. */
    public Capability capability()
    {
        return cte.capability();
    }
}
