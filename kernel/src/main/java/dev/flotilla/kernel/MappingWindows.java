package dev.flotilla.kernel;

import dev.flotilla.caps.cspace.Cte;
import dev.flotilla.caps.cspace.Deletion;
import dev.flotilla.platform.memory.PhysicalMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The memory each live frame mapping makes reachable: the CPU driver's stand-in for the page-table
 * entries it would write and the TLB entries it would flush.
 *
 * <p>Mapping a frame opens one confined arena and returns a window of exactly the mapped pages bound to
 * it, read-only unless the mapping grants {@code WRITE}. When the mapping capability is deleted — unmapped,
 * or taken with its frame by a delete or revoke, or with the page table holding it — the arena is closed,
 * and from then on Java itself refuses every access through the window, however the domain kept it. So
 * a domain can never read memory through a mapping that no longer exists.
 *
 * <p>Invariant: an arena is open exactly while its mapping capability is live. Confined to the core's
 * thread, as the arenas are.
 */
final class MappingWindows
{
    private final PhysicalMemory memory;
    private final Map<Cte, Arena> open = new IdentityHashMap<>();

    MappingWindows(final PhysicalMemory memory)
    {
        this.memory = memory;
    }

    /** Opens the window of a new frame mapping: {@code bytes} of physical memory from {@code physical}. */
    MemorySegment open(final Cte mapping, final long physical, final long bytes, final boolean writable)
    {
        final Arena arena = Arena.ofConfined();
        final MemorySegment window = memory.window(physical, bytes, arena);
        open.put(mapping, arena);
        return writable ? window : window.asReadOnly();
    }

    /** Closes the window of every frame mapping among {@code deletions}. */
    void release(final List<Deletion> deletions)
    {
        for (final Deletion deletion : deletions)
        {
            final Arena arena = open.remove(deletion.cte());
            if (arena != null)
            {
                arena.close();
            }
        }
    }

    /** How many windows are open. */
    int size()
    {
        return open.size();
    }
}
