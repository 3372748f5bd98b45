package dev.flotilla.bench.paper;

import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.Port;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainContext;
import dev.flotilla.lib.mem.MemServClient;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The load of {@code bench memserv}: a domain that spans to cores 0 .. {@code cores}-1, where every dispatcher binds
 * memserv's instance for its node (warm-up allocations, each given back at once) and then runs rounds together: in
 * each it reports ready, and when all are, allocates {@code allocations} blocks of {@link #BLOCK} bytes one after
 * another, each a blocking RPC to memserv whose reply carries the RAM capability, keeping every block until the
 * last one has arrived; then it gives them all back (not timed) and reports its first and last instant to the first
 * dispatcher. The first {@code warmUpRounds} rounds are run and discarded (JMH's warm-up iterations); the first
 * dispatcher hands the {@link Result} of the rest to {@code sink} (on its core's thread) and ends.
 *
 * <pre>
 *   first (core 0)              others (cores 1 .. cores-1)
 *   span to each  ───────────▶  bind memserv, warm up
 *   per round:                  per round:
 *     all ready: answer each ─▶   ready ──▶ first (answered when all are)
 *     allocate, timed, free all   allocate x allocations, timed, free all
 *     all done: keep the round    done(core, n, start, end) ─────▶ first
 *   sink(result)
 * </pre>
 *
 * <p>A round starts only once every dispatcher has reported the one before, so rounds never overlap and one
 * round's {@code ready} can be counted cumulatively: round {@code r} starts when {@code (cores-1)(r+1)} have come.
 */
final class MemservLoad implements Domain
{
    /** The size of every allocation: memserv's smallest block, a page. */
    static final long BLOCK = 4096;
    /** The most blocks one dispatcher holds at once: each arrives in its receive CNode, of 256 slots. */
    static final int MOST = 128;

    /**
     * One measured round.
     *
     * @param spanNs from the first dispatcher's first allocation to the last one's last reply, ns of platform
     *               time (virtual on the simulator).
     * @param meanNs the mean over dispatchers of their own span per allocation: one allocation's latency under
     *               this load.
     */
    record Round(long spanNs, double meanNs)
    {
    }

    /**
     * What one load measured.
     *
     * @param cores       how many dispatchers allocated at once.
     * @param allocations allocations in one round, all cores' together.
     * @param rounds      the measured rounds (warm-up rounds left out); a round in which a dispatcher failed is
     *                    left out too.
     * @param failure     empty, or what went wrong on which core.
     */
    record Result(int cores, long allocations, List<Round> rounds, String failure)
    {
        /** The allocations per second of platform time, over the measured rounds. */
        Quartiles perSecond()
        {
            return Quartiles.of(rounds.stream().mapToDouble(r -> r.spanNs() <= 0 ? Double.NaN
                : allocations * 1e9 / r.spanNs()).toArray());
        }

        /** One allocation's latency, over the measured rounds. */
        Quartiles meanNs()
        {
            return Quartiles.of(rounds.stream().mapToDouble(Round::meanNs).toArray());
        }
    }

    private final int cores;
    private final int warmUp;
    private final int warmUpRounds;
    private final int rounds;
    private final int allocations;
    private final Consumer<Result> sink;
    /** The first dispatcher's: the others' replies to {@code ready}, held until all are ready. */
    private final List<Runnable> waiting = new ArrayList<>();
    private final Set<String> failures = new LinkedHashSet<>();
    /** The first dispatcher's: the dispatchers' {start, end} in the round now running. */
    private final List<long[]> spans = new ArrayList<>();
    /** The first dispatcher's: whether a dispatcher failed in the round now running. */
    private boolean roundFailed;
    private int ready;
    private int reported;

    /**
     * @param cores        the dispatchers that allocate at once, on cores 0 .. cores-1.
     * @param warmUp       allocations each gives back at once before the first round (the first binds its
     *                     instance; natively the rest compile the path).
     * @param warmUpRounds rounds run before the measured ones and discarded.
     * @param rounds       the measured rounds.
     * @param allocations  the allocations each makes in a round, timed; at most {@link #MOST}.
     * @param sink         where the first dispatcher puts the result (called once, on its core's thread).
     */
    MemservLoad(final int cores, final int warmUp, final int warmUpRounds, final int rounds, final int allocations,
        final Consumer<Result> sink)
    {
        if (warmUp < 1 || warmUpRounds < 0 || rounds < 1 || allocations < 1 || allocations > MOST)
        {
            throw new IllegalArgumentException("a load needs at least one warm-up allocation, no negative warm-up "
                + "rounds, at least one measured round and 1 to " + MOST + " timed allocations a round, not " + warmUp
                + ", " + warmUpRounds + ", " + rounds + " and " + allocations);
        }
        this.cores = cores;
        this.warmUp = warmUp;
        this.warmUpRounds = warmUpRounds;
        this.rounds = rounds;
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
        final List<Round> measured = new ArrayList<>();
        for (int round = 0; round < warmUpRounds + rounds; round++)
        {
            final int others = (cores - 1) * (round + 1);
            while (ready < others)
            {
                context.sleepNs(10_000);
            }
            spans.clear();
            roundFailed = false;
            waiting.forEach(Runnable::run); // every dispatcher starts this round now
            waiting.clear();
            try
            {
                spans.add(load(context, memserv));
            }
            catch (final RuntimeException e)
            {
                fail("core 0: " + e.getMessage());
            }
            while (reported < others)
            {
                context.sleepNs(10_000);
            }
            if (round >= warmUpRounds && !roundFailed)
            {
                measured.add(round());
            }
        }
        sink.accept(new Result(cores, (long)cores * allocations, measured, String.join("; ", failures)));
    }

    /** The round just finished, from every dispatcher's span. */
    private Round round()
    {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        double perAllocation = 0;
        for (final long[] span : spans)
        {
            first = Math.min(first, span[0]);
            last = Math.max(last, span[1]);
            perAllocation += (span[1] - span[0]) / (double)allocations;
        }
        return new Round(last - first, perAllocation / spans.size());
    }

    private void fail(final String failure)
    {
        failures.add(failure);
        roundFailed = true;
    }

    @Override
    public void spanned(final DomainContext context)
    {
        final MemLoadInterfaceBinding first = new MemLoadInterfaceBinding(context.bind(service(context)));
        final MemServClient memserv = warm(context);
        for (int round = 0; round < warmUpRounds + rounds; round++)
        {
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
                    fail(error);
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
