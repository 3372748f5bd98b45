package dev.flotilla.bench.paper;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.CapRights;
import dev.flotilla.idl.Port;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainContext;
import dev.flotilla.lib.skb.MulticastTree;
import dev.flotilla.lib.vm.PageFault;
import dev.flotilla.lib.vm.ScratchMemory;
import dev.flotilla.lib.vm.Shootdowns;
import dev.flotilla.lib.vm.VSpace;
import dev.flotilla.monitor.Monitor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.Supplier;

/**
 * Figs. 6–7 through the OS: a domain spans every core; each dispatcher maps a page of its own at one virtual
 * address, touches it (its TLB holds the translation) and takes part in shootdowns ({@link Shootdowns#attach}).
 * The first dispatcher, on core 0, then measures along each of the SKB's trees:
 *
 * <ul>
 *   <li><b>round</b> (Fig. 6): a bare shootdown round of core 0's monitor along the tree — to every other core's
 *       monitor and back — for a domain with nothing to drop anywhere: the messaging alone;</li>
 *   <li><b>unmap</b> (Fig. 7): {@link Shootdowns#unmap} from the first dispatcher's user-level thread — its own
 *       unmap, the call to its monitor, the round, every other core's monitor asking its dispatcher to drop the
 *       page and that dispatcher unmapping it, the answers back, the thread resumed.</li>
 * </ul>
 *
 * <pre>
 *   first(0)                          monitor(0)  ─ tree ─▶ monitor(k) ──▶ dispatcher(k)
 *   unmap(VA) ── shootdown(VA, tree) ▶ round         drop(VA) ───────────▶ vspace.shootdown(VA)
 *   ◀─────────────────────────────── all dropped
 *   ready(k) answered 1 ───────────────────────────────────────────────▶ checks VA faults, maps it again
 * </pre>
 * Between two unmaps every spanned dispatcher checks that its read of the page faults with VSPACE_NOT_MAPPED and
 * maps the page again; a read that reaches it counts as stale, reported with the results.
 */
final class UnmapDomain implements Domain
{
    /** Where every dispatcher maps its page. */
    static final long VA = 0x40_0000_0000L;
    private static final long PAGE = 4096;
    /** The bare rounds' domain: none of its dispatchers exist, so no core has anything to drop. */
    private static final long BARE = Long.MAX_VALUE;

    /**
     * What the first dispatcher measured along one tree, ns per operation (medians).
     *
     * @param tree    the SKB's strategy.
     * @param roundNs a bare shootdown round.
     * @param unmapNs an unmap with shootdown, end to end.
     * @param failure empty, or the first error.
     */
    record Result(String tree, double roundNs, double unmapNs, String failure)
    {
    }

    /** The run's shape, shared by every dispatcher's instance (they are made by one factory). */
    record Plan(Map<String, MulticastTree> trees, int warmUp, int measured, Supplier<Monitor> coordinator,
        Queue<Result> results, Queue<String> stale)
    {
    }

    private final Plan plan;
    /** The first dispatcher's: its spanned dispatchers' pending ready calls. */
    private final List<UnmapBenchBinding.ReadyRequest> waiting = new ArrayList<>();
    private int staleReads;

    UnmapDomain(final Plan plan)
    {
        this.plan = plan;
    }

    @Override
    public void main(final DomainContext context)
    {
        final int cores = context.systemCores();
        context.export(service(context), this::serve);
        for (int core = 1; core < cores; core++)
        {
            context.span(core);
        }
        final ScratchMemory memory = ScratchMemory.open(context.dispatcher());
        final ScratchMemory.Block block = memory.map(PAGE, memory.nodes().getFirst(), VA);
        final VSpace vspace = memory.vspace();
        final Shootdowns shootdowns = Shootdowns.attach(context.dispatcher(), vspace);
        awaitReady(context, cores - 1);
        final Map<String, double[]> rounds = bareRounds(context);
        for (final Map.Entry<String, MulticastTree> tree : plan.trees().entrySet())
        {
            String failure = "";
            final double[] unmaps = new double[plan.measured()];
            for (int i = -plan.warmUp(); i < plan.measured(); i++)
            {
                vspace.readLong(VA); // the first's own translation too
                final long startNs = context.dispatcher().clock().nanoTime();
                try
                {
                    shootdowns.unmap(VA, tree.getValue());
                }
                catch (final FlotillaException e)
                {
                    failure = failure.isEmpty() ? e.code().name() : failure;
                }
                final long ns = context.dispatcher().clock().nanoTime() - startNs;
                if (i >= 0)
                {
                    unmaps[i] = ns;
                }
                vspace.map(block.frame(), VA, CapRights.READ.or(CapRights.WRITE));
                answerAll(1);
                awaitReady(context, cores - 1);
            }
            final double[] round = rounds.get(tree.getKey());
            plan.results().add(new Result(tree.getKey(), median(round), median(unmaps),
                failure.isEmpty() && Double.isNaN(round[0]) ? "bare round failed" : failure));
        }
        answerAll(0);
        memory.release(block);
        memory.close();
        if (staleReads > 0)
        {
            plan.stale().add(staleReads + " stale reads after a shootdown");
        }
    }

    /** The bare rounds along every tree, one at a time, each started by the completion of the one before. */
    private Map<String, double[]> bareRounds(final DomainContext context)
    {
        final BareRounds rounds = new BareRounds(context);
        rounds.next();
        while (!rounds.done)
        {
            context.sleepNs(1_000_000); // seldom: a wake-up of this dispatcher costs core 0 switches
        }
        return rounds.times;
    }

    /**
     * The chain of bare rounds: each round's completion (on core 0, in the monitor's step) records its time and
     * starts the next, so the dispatcher's own wake-ups stay out of the rounds.
     */
    private final class BareRounds
    {
        private final DomainContext context;
        private final List<Map.Entry<String, MulticastTree>> trees = List.copyOf(plan.trees().entrySet());
        final Map<String, double[]> times = new LinkedHashMap<>();
        boolean done;
        private int tree;
        private int i = -plan.warmUp();
        private long startNs;

        BareRounds(final DomainContext context)
        {
            this.context = context;
        }

        void next()
        {
            if (tree == trees.size())
            {
                done = true;
                return;
            }
            times.computeIfAbsent(trees.get(tree).getKey(), k -> new double[plan.measured()]);
            startNs = context.dispatcher().clock().nanoTime();
            plan.coordinator().get().shootdowns().start(BARE, VA, trees.get(tree).getValue(), null, this::answered);
        }

        private void answered(final Void none, final ErrorCode error)
        {
            final long ns = context.dispatcher().clock().nanoTime() - startNs;
            if (i >= 0)
            {
                times.get(trees.get(tree).getKey())[i] = error == null ? ns : Double.NaN;
            }
            if (++i == plan.measured())
            {
                i = -plan.warmUp();
                tree++;
            }
            next();
        }
    }

    @Override
    public void spanned(final DomainContext context)
    {
        final UnmapBenchBinding first = new UnmapBenchBinding(context.bind(service(context)));
        final ScratchMemory memory = ScratchMemory.open(context.dispatcher());
        final ScratchMemory.Block block = memory.map(PAGE, memory.nodes().getFirst(), VA);
        final VSpace vspace = memory.vspace();
        Shootdowns.attach(context.dispatcher(), vspace);
        int stale = 0;
        vspace.readLong(VA);
        while (first.ready(context.core(), stale) == 1)
        {
            stale = 0; // reported
            try
            {
                vspace.readLong(VA);
                stale++; // the first unmapped it: this read must fault
            }
            catch (final PageFault fault)
            {
                stale += fault.code() == ErrorCode.VSPACE_NOT_MAPPED ? 0 : 1;
            }
            vspace.map(block.frame(), VA, CapRights.READ.or(CapRights.WRITE));
            vspace.readLong(VA);
        }
        memory.release(block);
        memory.close();
    }

    private void serve(final Port port)
    {
        new UnmapBenchBinding(port, new UnmapBenchHandler()
        {
            @Override
            public void onReady(final UnmapBenchBinding.ReadyRequest request, final int core, final int stale)
            {
                staleReads += stale;
                waiting.add(request);
            }
        });
    }

    private void awaitReady(final DomainContext context, final int count)
    {
        while (waiting.size() < count)
        {
            context.sleepNs(10_000);
        }
    }

    private void answerAll(final int answer)
    {
        final List<UnmapBenchBinding.ReadyRequest> answered = List.copyOf(waiting);
        waiting.clear();
        answered.forEach(request -> request.reply(answer));
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    private static String service(final DomainContext context)
    {
        return "unmap-" + Long.toHexString(context.domainId());
    }
}
