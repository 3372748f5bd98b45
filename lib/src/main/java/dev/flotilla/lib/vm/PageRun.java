package dev.flotilla.lib.vm;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.cspace.CapRef;
import java.lang.foreign.MemorySegment;

/**
 * One frame mapping as the domain sees it: consecutive pages of one page table, from {@code virtualBase}
 * for {@code window.byteSize()} bytes, recorded by the mapping capability at {@code mapping}.
 *
 * <p>{@code window} is what the CPU driver returned for the mapping: exactly these pages of the frame,
 * read-only unless mapped writable, and dead — Java refuses access — once the mapping capability is
 * deleted, whether by this domain's unmap or by a delete or revoke of the frame anywhere on the core.
 *
 * @param virtualBase the first virtual address mapped.
 * @param window      the mapped memory.
 * @param rights      the rights the pages were mapped with.
 * @param mapping     the mapping capability's slot in the domain's CSpace.
 * @param table       the page table whose entries it uses.
 * @param firstEntry  the first of them.
 * @param copy        the slot of the copy of the frame this run was mapped through, or null if it was mapped through
 *                    the frame capability itself (a capability maps at most once, so every mapping of a frame but
 *                    the first goes through a copy of its own, deleted with the run).
 */
record PageRun(long virtualBase, MemorySegment window, CapRights rights, CapRef mapping, PageTable table,
    int firstEntry, CapRef copy)
{
    /** Bytes mapped. */
    long bytes()
    {
        return window.byteSize();
    }

    /** How many entries of its table it uses. */
    int entries()
    {
        return (int)(bytes() / table.entrySpan());
    }

    /** True while the mapping capability lives, so its memory may be reached. */
    boolean isLive()
    {
        return window.scope().isAlive();
    }

    /** True if the pages may be written. */
    boolean writable()
    {
        return rights.has(CapRights.WRITE);
    }
}
