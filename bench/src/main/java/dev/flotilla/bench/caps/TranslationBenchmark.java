package dev.flotilla.bench.caps;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.lib.mem.RamAllocator;
import dev.flotilla.lib.mem.SlotAllocator;
import dev.flotilla.lib.vm.VSpace;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Longs read and written at virtual addresses through a domain's mapping ({@link VSpace}: translate, check
 * rights, access through the mapping's window) against the same memory read and written directly through a
 * {@link MemorySegment} of the same kind. Two patterns: within one page (the one-entry TLB hits), and
 * alternating between two separately mapped pages (every access walks the four-level page tables).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TranslationBenchmark
{
    private static final long PAGE = ObjectSizes.BASE_PAGE;
    private static final long FIRST = 1L << 32;
    private static final long SECOND = FIRST + (3L << 30);

    private BenchCore core;
    private VSpace vspace;
    private Arena arena;
    private MemorySegment first;
    private MemorySegment second;
    private long offset;
    private long value;

    @Setup
    public void boot()
    {
        core = new BenchCore(64L << 20);
        final long[] physical = new long[2];
        core.step(sys ->
        {
            final RamAllocator ram = new RamAllocator(sys, List.of(CSpaceLayout.superRam(0)));
            final SlotAllocator slots = SlotAllocator.forDispatcher();
            vspace = VSpace.create(sys, slots, ram);
            final CapRights rw = CapRights.READ.or(CapRights.WRITE);
            final long[] at = {FIRST, SECOND};
            for (int i = 0; i < 2; i++)
            {
                final CapRef frame = slots.allocate();
                physical[i] = ram.retype(CapType.FRAME, PAGE, PAGE, frame);
                vspace.map(frame, at[i], rw);
            }
        });
        arena = Arena.ofConfined();
        first = core.memory.window(physical[0], PAGE, arena);
        second = core.memory.window(physical[1], PAGE, arena);
    }

    @TearDown
    public void shutDown()
    {
        arena.close();
        core.close();
    }

    private long next()
    {
        offset = (offset + Long.BYTES) & (PAGE - Long.BYTES);
        return offset;
    }

    @Benchmark
    public long readTranslated()
    {
        return vspace.readLong(FIRST + next());
    }

    @Benchmark
    public long readDirect()
    {
        return first.get(ValueLayout.JAVA_LONG, next());
    }

    @Benchmark
    public void writeTranslated()
    {
        vspace.writeLong(FIRST + next(), value++);
    }

    @Benchmark
    public void writeDirect()
    {
        first.set(ValueLayout.JAVA_LONG, next(), value++);
    }

    /** Alternates pages, so each access misses the one-entry TLB and walks the page tables. */
    @Benchmark
    public long readTranslatedWalking()
    {
        final long at = next();
        return vspace.readLong(((at & Long.BYTES) == 0 ? FIRST : SECOND) + at);
    }

    @Benchmark
    public long readDirectAlternating()
    {
        final long at = next();
        return ((at & Long.BYTES) == 0 ? first : second).get(ValueLayout.JAVA_LONG, at);
    }
}
