package dev.flotilla.bench.paper;

import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.Port;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainContext;
import dev.flotilla.lib.mem.MemServClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The load of {@code bench memserv}: a domain that spans to cores 0 .. {@code cores}-1, where every dispatcher binds
 * memserv's instance for its node (one warm-up allocation, given back), reports ready, and when all are, allocates
 * {@code allocations} blocks of {@link #BLOCK} bytes one after another, each a blocking RPC to memserv whose reply
 * carries the RAM capability, keeping every block until the last one has arrived; then it gives them all back
 * (not timed) and reports its first and last instant to the first dispatcher. The first one hands the
 * {@link Result} to {@code sink} (on its core's thread) and ends.
 *
 * <pre>
 *   first (core 0)              others (cores 1 .. cores-1)
 *   span to each  ───────────▶  bind memserv, warm up, ready ──▶ first
 *   all ready: answer each ───▶ allocate x allocations, timed, free all
 *   allocate, timed, free all   done(core, n, start, end) ─────▶ first
 *   all done: sink(result)
 * </pre>
 */
final class MemservLoad implements Domain
{
    /** The size of every allocation: memserv's smallest block, a page. */
    static final long BLOCK = 4096;
    /** The most blocks one dispatcher holds at once: each arrives in its receive CNode, of 256 slots. */
    static final int MOST = 128;

    /**
     * What one load measured.
     *
     * @param cores       how many dispatchers allocated at once.
     * @param allocations allocations made, all cores' together.
     * @param spanNs      from the first dispatcher's first allocation to the last one's last reply, ns of platform
     *                    time (virtual on the simulator).
     * @param meanNs      the mean over dispatchers of their own span per allocation: one allocation's latency
     *                    under this load.
     * @param failure     empty, or what went wrong on which core.
     */
    record Result(int cores, long allocations, long spanNs, double meanNs, String failure)
    {
        /** Allocations per second of platform time. */
        double perSecond()
        {
            return spanNs <= 0 ? Double.NaN : allocations * 1e9 / spanNs;
        }
    }

    private final int cores;
    private final int warmUp;
    private final int allocations;
    private final Consumer<Result> sink;
    /** The first dispatcher's: the others' replies to {@code ready}, held until all are ready. */
    private final List<Runnable> waiting = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final List<long[]> spans = new ArrayList<>();
    private int ready;
    private int reported;

    /**
     * @param cores       the dispatchers that allocate at once, on cores 0 .. cores-1.
     * @param warmUp      allocations each gives back at once before it reports ready (the first binds its
     *                    instance; natively the rest compile the path).
     * @param allocations the allocations each makes, timed; at most {@link #MOST}.
     * @param sink        where the first dispatcher puts the result (called once, on its core's thread).
     */
    MemservLoad(final int cores, final int warmUp, final int allocations, final Consumer<Result> sink)
    {
        if (warmUp < 1 || allocations < 1 || allocations > MOST)
        {
            throw new IllegalArgumentException("a load needs at least one warm-up allocation and 1 to " + MOST
                + " timed ones, not " + warmUp + " and " + allocations);
        }
        this.cores = cores;
        this.warmUp = warmUp;
        this.allocations = allocations;
        this.sink = sink;
    }

    @Override
    public void main(final DomainContext context)
    {
        context.export(service(context), this::serve);
        for (int core = 1; core < cores; core++)
        {
            context.span(core);
        }
        final MemServClient memserv = warm(context);
        while (ready < cores - 1)
        {
            context.sleepNs(10_000);
        }
        waiting.forEach(Runnable::run); // every dispatcher starts now
        waiting.clear();
        try
        {
            spans.add(load(context, memserv));
        }
        catch (final RuntimeException e)
        {
            failures.add("core 0: " + e.getMessage());
        }
        while (reported < cores - 1)
        {
            context.sleepNs(10_000);
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        double perAllocation = 0;
        for (final long[] span : spans)
        {
            first = Math.min(first, span[0]);
            last = Math.max(last, span[1]);
            perAllocation += (span[1] - span[0]) / (double)allocations;
        }
        sink.accept(new Result(cores, (long)spans.size() * allocations, spans.isEmpty() ? 0 : last - first,
            spans.isEmpty() ? Double.NaN : perAllocation / spans.size(), String.join("; ", failures)));
    }

    @Override
    public void spanned(final DomainContext context)
    {
        final MemLoadInterfaceBinding first = new MemLoadInterfaceBinding(context.bind(service(context)));
        final MemServClient memserv = warm(context);
        first.ready(context.core());
        try
        {
            final long[] span = load(context, memserv);
            first.done(context.core(), allocations, span[0], span[1], "");
        }
        catch (final RuntimeException e)
        {
            first.done(context.core(), 0, 0, 0, "core " + context.core() + ": " + e.getMessage());
        }
    }

    /** Binds this core's memserv instance and warms the path up: allocations, each given back at once. */
    private MemServClient warm(final DomainContext context)
    {
        final MemServClient memserv = MemServClient.open(context.dispatcher());
        for (int i = 0; i < warmUp; i++)
        {
            memserv.free(memserv.allocate(BLOCK));
        }
        return memserv;
    }

    /** The timed allocations; returns {start, end} on this core's clock. Every block is given back after. */
    private long[] load(final DomainContext context, final MemServClient memserv)
    {
        final List<CapRef> blocks = new ArrayList<>(allocations);
        final long start = context.dispatcher().clock().nanoTime();
        try
        {
            for (int i = 0; i < allocations; i++)
            {
                blocks.add(memserv.allocate(BLOCK));
            }
            return new long[] {start, context.dispatcher().clock().nanoTime()};
        }
        finally
        {
            blocks.forEach(memserv::free);
        }
    }

    private void serve(final Port port)
    {
        new MemLoadInterfaceBinding(port, new MemLoadInterfaceHandler()
        {
            @Override
            public void onReady(final MemLoadInterfaceBinding.ReadyRequest request, final int core)
            {
                ready++;
                waiting.add(() -> request.reply(core));
            }

            @Override
            public void onDone(final MemLoadInterfaceBinding.DoneRequest request, final int core,
                final long made, final long startNs, final long endNs, final String error)
            {
                reported++;
                if (error.isEmpty())
                {
                    spans.add(new long[] {startNs, endNs});
                }
                else
                {
                    failures.add(error);
                }
                request.reply(reported);
            }
        });
    }

    private static String service(final DomainContext context)
    {
        return "memload-" + Long.toHexString(context.domainId());
    }
}
