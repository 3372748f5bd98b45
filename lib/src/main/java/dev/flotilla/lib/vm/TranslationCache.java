package dev.flotilla.lib.vm;

/**
 * A dispatcher's TLB: the page runs its latest accesses were translated through, so that the next access to
 * one of them skips the page-table walk. A few entries, replaced round robin — a core's first-level data TLB
 * in miniature.
 *
 * <p>A cached run may outlive its mapping: a delete or revoke of the frame closes the run's window, and the
 * access through it then fails (the window refuses) and drops the entry. What the cache must never do is keep a
 * translation of a range the domain unmapped elsewhere, on another core — that is what a TLB shootdown
 * ({@link #invalidate}) is for: after it, no access through this cache reaches the range, whatever the page
 * tables say. Confined to the dispatcher, as its {@link VSpace} is.
 */
final class TranslationCache
{
    /** Entries: enough for a loop over a few buffers, small enough that a linear search is the fast path. */
    static final int ENTRIES = 8;

    private final PageRun[] runs = new PageRun[ENTRIES];
    private final long[] bases = new long[ENTRIES];
    private final long[] sizes = new long[ENTRIES];
    private int next;
    private long invalidations;

    /** The cached run translating {@code address}, or null: a miss, walk the tables. */
    PageRun lookup(final long address)
    {
        for (int i = 0; i < ENTRIES; i++)
        {
            if (Long.compareUnsigned(address - bases[i], sizes[i]) < 0)
            {
                return runs[i];
            }
        }
        return null;
    }

    /** Caches {@code run}, a translation just walked, in place of the oldest entry. */
    void fill(final PageRun run)
    {
        runs[next] = run;
        bases[next] = run.virtualBase();
        sizes[next] = run.bytes();
        next = (next + 1) % ENTRIES;
    }

    /** Drops every entry that translates part of {@code [base, base + bytes)}; returns how many it dropped. */
    int invalidate(final long base, final long bytes)
    {
        int dropped = 0;
        for (int i = 0; i < ENTRIES; i++)
        {
            if (sizes[i] != 0 && bases[i] < base + bytes && base < bases[i] + sizes[i])
            {
                clear(i);
                dropped++;
            }
        }
        invalidations += dropped;
        return dropped;
    }

    /** Drops every entry. */
    void flush()
    {
        for (int i = 0; i < ENTRIES; i++)
        {
            clear(i);
        }
    }

    /** True if some entry translates an address of {@code [base, base + bytes)}. */
    boolean holds(final long base, final long bytes)
    {
        for (int i = 0; i < ENTRIES; i++)
        {
            if (sizes[i] != 0 && bases[i] < base + bytes && base < bases[i] + sizes[i])
            {
                return true;
            }
        }
        return false;
    }

    /** Entries dropped by {@link #invalidate} so far. */
    long invalidations()
    {
        return invalidations;
    }

    private void clear(final int i)
    {
        runs[i] = null;
        bases[i] = 0;
        sizes[i] = 0;
    }
}
