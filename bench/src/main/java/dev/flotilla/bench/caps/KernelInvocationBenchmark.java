package dev.flotilla.bench.caps;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.kernel.Syscalls;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Capability invocations as a dispatcher makes them, through its CPU driver's system calls, each in one step
 * of the core: the step alone (the baseline to subtract), identify, retype and delete of a 4 KiB frame —
 * which the kernel zeroes — and map and unmap of a frame, which opens and closes its window's arena.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KernelInvocationBenchmark
{
    private static final long PAGE = ObjectSizes.BASE_PAGE;
    private static final CapRef RAM = CSpaceLayout.superRam(0);
    private static final int WORK = CSpaceLayout.ROOTCN_SLOT_SLOT_ALLOC0;
    private static final CapRef CNODE = CapRef.inRoot(WORK);

    private BenchCore core;
    private Consumer<Syscalls> nothing;
    private Consumer<Syscalls> identify;
    private Consumer<Syscalls> retypeDelete;
    private Consumer<Syscalls> mapUnmap;

    @Setup
    public void boot()
    {
        core = new BenchCore(64L << 20);
        core.step(sys ->
        {
            final CapType[] levels = {CapType.VNODE_X86_64_PML4, CapType.VNODE_X86_64_PDPT, CapType.VNODE_X86_64_PDIR,
                CapType.VNODE_X86_64_PTABLE};
            for (int i = 0; i < levels.length; i++)
            {
                sys.retype(RAM, i * PAGE, levels[i], ObjectSizes.VNODE, 1, CNODE, i);
                if (i > 0)
                {
                    sys.mapTable(CapRef.of(WORK, i - 1), CapRef.of(WORK, i), 0, CNODE, 10 + i);
                }
            }
            sys.retype(RAM, 16 * PAGE, CapType.FRAME, PAGE, 1, CNODE, 20);
        });
        final CapRights rw = CapRights.READ.or(CapRights.WRITE);
        nothing = sys -> { };
        identify = sys -> sys.identify(CapRef.of(WORK, 20));
        retypeDelete = sys ->
        {
            sys.retype(RAM, 32 * PAGE, CapType.FRAME, PAGE, 1, CNODE, 30);
            sys.delete(CapRef.of(WORK, 30));
        };
        mapUnmap = sys ->
        {
            sys.mapFrame(CapRef.of(WORK, 3), CapRef.of(WORK, 20), 0, 0, 1, rw, CNODE, 40);
            sys.unmap(CapRef.of(WORK, 40));
        };
    }

    @TearDown
    public void shutDown()
    {
        core.close();
    }

    /** One step of the CPU driver dispatching one dispatcher that does nothing. */
    @Benchmark
    public void step()
    {
        core.step(nothing);
    }

    @Benchmark
    public void identify()
    {
        core.step(identify);
    }

    @Benchmark
    public void retypeZeroAndDeleteFrame()
    {
        core.step(retypeDelete);
    }

    @Benchmark
    public void mapAndUnmapFrame()
    {
        core.step(mapUnmap);
    }
}
