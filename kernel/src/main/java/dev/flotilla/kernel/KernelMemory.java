package dev.flotilla.kernel;

/**
 * The memory a CPU driver makes its dispatchers' first CNodes and their DISPATCHER objects from: a window of physical addresses above
 * all RAM, one per core, handed out in order and never reused.
 *
 * <p>Barrelfish's kernel carves the CNodes of the CSpaces it builds at boot from memory the boot loader
 * gave it. In Flotilla a CNode's table is a kernel (Java) object, so its capability's range is a name and
 * a reservation in the mapping database, not memory anyone reads: kernel memory is therefore not backed,
 * and lies outside {@code PhysicalMemory}, so it never overlaps a RAM capability on any core. Capabilities for
 * it are CNodes, which can be neither retyped nor mapped, and dispatchers, which are retyped only into
 * END_POINTs that take the dispatcher's range.
 *
 * <p>Core-confined, like its CPU driver.
 */
final class KernelMemory
{
    /** Kernel memory starts at 16 TiB, above the most physical memory a boot may have. */
    static final long BASE = 1L << 44;

    /** Each core's window: 4 GiB of addresses, some 40,000 CSpaces. */
    static final long WINDOW = 1L << 32;

    private final long end;
    private long next;

    KernelMemory(final int core)
    {
        this.next = BASE + core * WINDOW;
        this.end = next + WINDOW;
    }

    /** The base of {@code bytes} of fresh kernel memory. */
    long allocate(final long bytes)
    {
        if (bytes > end - next)
        {
            throw new IllegalStateException("kernel memory for CSpaces exhausted: " + WINDOW + " bytes used");
        }
        final long base = next;
        next += bytes;
        return base;
    }
}
