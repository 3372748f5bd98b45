package dev.flotilla.monitor;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.urpc.ChannelSetup;
import dev.flotilla.lib.skb.MulticastTree;
import dev.flotilla.lib.skb.SkbClient;
import dev.flotilla.lib.skb.SkbInterface;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Core 0's side of booting the system: start every other core, build the full mesh of monitor
 * channels, measure every pair's round trip, then halt everything in order. One instance, confined
 * to core 0's monitor. The messages are declared in {@code dev.flotilla.monitor.intermon}; each protocol
 * class draws its own sequence.
 *
 * <pre>
 *   BOOTING    -- every core BOOTED --------------&gt; MESHING
 *   MESHING    -- every core MESH_READY ----------&gt; MEASURING
 *   start      -- spawn the plan's services on core 0, then start every other core
 *   MEASURING  -- last pair MEASURED --------------&gt; CONSULTING (bind the SKB, if it runs)
 *   CONSULTING -- round trips asserted, tree back -&gt; RUNNING with a boot task, else HALTING
 *   CONSULTING -- no SKB, or it failed -------------&gt; as above, with a flat tree
 *   RUNNING    -- PROGRAM_EXITED from the task ---&gt; HALTING
 *   RUNNING    -- a program asks for a refresh ---&gt; MEASURING, CONSULTING, back to RUNNING
 *   HALTING    -- every HALT_ACK -----------------&gt; HALTED
 *   BOOTING, MESHING -- boot deadline passes ------&gt; HALTING, with the error kept
 *   MEASURING  -- probe deadline passes -----------&gt; HALTING, with the error kept
 *   CONSULTING -- probe deadline passes -----------&gt; HALTING along a flat tree, with the error kept
 * </pre>
 * The halt is a broadcast along the multicast tree the SKB computed from the measured round trips
 * (its NUMA-aware tree): each core forwards HALT to its subtree and acknowledges once its subtree
 * has — the paper's multicast with aggregation. Without an SKB, or after a failure, core 0 sends
 * HALT to every booted core itself.
 * <pre>
 *   HALTING    -- halt deadline passes ------------&gt; HALTED, with the error kept
 * </pre>
 */
final class BootCoordinator
{
    enum Phase
    {
        /** Cores are starting; waiting for BOOTED from each. */
        BOOTING,
        /** Every core booted; monitors are binding channels to each other. */
        MESHING,
        /** The mesh is complete; one pair of cores at a time measures its round trip. */
        MEASURING,
        /** Handing the round trips to the SKB and asking it for the multicast tree. */
        CONSULTING,
        /** The system is up and the boot task runs; no deadline. */
        RUNNING,
        /** HALT was sent; waiting for every acknowledgement. */
        HALTING,
        /** Every booted core acknowledged the halt (or the halt deadline passed). */
        HALTED
    }

    private static final long HALT_TIMEOUT_NS = 5_000_000_000L;

    private final Monitor monitor;
    private final MonitorConfig config;
    private final CoreBooter booter;
    private final BootPlan plan;
    private final BitSet booted = new BitSet();
    private final BitSet meshReady = new BitSet();
    private final List<Integer> readyOrder = new ArrayList<>();
    private final RoundTrips roundTrips;
    private final List<int[]> pairs = new ArrayList<>();
    private Phase phase = Phase.BOOTING;
    private String error;
    private ErrorCode errorCode;
    private final RuntimeFacts facts = new RuntimeFacts();
    private int nextPair;
    private int haltAcks;
    private long startNs;
    private long deadlineNs;
    private long meshNs;
    private long measureStartNs;
    private long measureNs;
    private int channels;
    private long taskStatus;
    private SkbClient skb;
    private final List<Runnable> refreshes = new ArrayList<>();
    private boolean refreshing;
    private boolean jitWarmed;
    private MulticastTree tree;
    private int expectedAcks;

    BootCoordinator(final Monitor monitor, final MonitorConfig config, final BootPlan plan, final CoreBooter booter)
    {
        this.monitor = monitor;
        this.plan = plan;
        this.config = config;
        this.booter = booter;
        this.roundTrips = new RoundTrips(config.cores());
        for (int a = 0; a < config.cores(); a++)
        {
            for (int b = a + 1; b < config.cores(); b++)
            {
                pairs.add(new int[] {a, b});
            }
        }
    }

    /** Starts every other core, each with a fresh channel to core 0, and sends each its BOOT. */
    void start(final long nowNs)
    {
        startNs = nowNs;
        deadlineNs = nowNs + config.bootTimeoutNs();
        booted.set(0);
        meshReady.set(0);
        for (final String service : plan.services())
        {
            monitor.spawner().spawnLocal(dev.flotilla.lib.Launch.program(service), false).ifPresent(error ->
            {
                throw new IllegalStateException(ErrorCode.BOOT_SERVICE_FAILED + ": boot service '" + service
                    + "' failed to start: " + error.message());
            });
        }
        monitor.keepChannelMemory();
        for (int core = 1; core < config.cores(); core++)
        {
            final ChannelSetup setup = monitor.createChannel(core);
            booter.boot(core, setup.descriptor());
            monitor.boot().boot(core);
        }
        advanceIfComplete(nowNs);
    }

    /** BOOTED from {@code core}: ask every monitor that was ready before it to bind to it. */
    void onBooted(final int core, final long nowNs)
    {
        if (phase != Phase.BOOTING || booted.get(core))
        {
            return; // a core that reports after the deadline is halted with the rest
        }
        booted.set(core);
        for (final int earlier : readyOrder)
        {
            monitor.mesh().newMonitor(earlier, core);
        }
        readyOrder.add(core);
        advanceIfComplete(nowNs);
    }

    /** MESH_READY from {@code core}, which created {@code created} of its channels itself. */
    void onMeshReady(final int core, final int created, final long nowNs)
    {
        meshReady.set(core);
        channels += created;
        advanceIfComplete(nowNs);
    }

    private void advanceIfComplete(final long nowNs)
    {
        if (phase == Phase.BOOTING && booted.cardinality() == config.cores())
        {
            phase = Phase.MESHING;
        }
        if (phase == Phase.MESHING && meshReady.cardinality() == config.cores())
        {
            phase = Phase.MEASURING;
            monitor.names().joined(MulticastTree.flat(0, config.cores()));
            monitor.spans().joined(MulticastTree.flat(0, config.cores()));
            meshNs = nowNs - startNs;
            measureStartNs = nowNs;
            nextProbe(nowNs);
        }
    }

    private void nextProbe(final long nowNs)
    {
        if (nextPair == pairs.size())
        {
            measureNs = nowNs - measureStartNs;
            consultSkb(nowNs);
            return;
        }
        final int[] pair = pairs.get(nextPair);
        final long warmupNs = jitWarmed ? config.probeWarmupNs() : config.jitWarmupNs();
        jitWarmed = true;
        deadlineNs = nowNs + warmupNs + config.probeTimeoutNs();
        monitor.probes().measure(pair[0], pair[1], config.pingRounds(), warmupNs);
    }

    void onMeasured(final int from, final int target, final long medianNs, final long p99Ns, final long minNs,
        final boolean settled, final long nowNs)
    {
        if (phase != Phase.MEASURING)
        {
            return; // a probe that finished after its deadline: the system is already halting
        }
        final int[] pair = pairs.get(nextPair);
        if (pair[0] != from || pair[1] != target)
        {
            throw new IllegalStateException("unexpected MEASURED " + from + "->" + target + " in phase " + phase);
        }
        roundTrips.record(from, target, medianNs, p99Ns, minNs, settled);
        nextPair++;
        nextProbe(nowNs);
    }

    /**
     * A program asked for fresh round trips (online measurement on request): measure every pair again
     * and hand the matrix to the SKB; {@code done} runs when it has them. Requests that arrive while a
     * measurement runs are answered by it.
     */
    void refresh(final Runnable done, final long nowNs)
    {
        refreshes.add(done);
        if (phase == Phase.RUNNING && !refreshing)
        {
            refreshing = true;
            phase = Phase.MEASURING;
            nextPair = 0;
            measureStartNs = nowNs;
            nextProbe(nowNs);
        }
    }

    /** Binds to the SKB (once), hands it the round trips and asks for the NUMA-aware multicast tree. */
    private void consultSkb(final long nowNs)
    {
        phase = Phase.CONSULTING;
        deadlineNs = nowNs + config.probeTimeoutNs();
        if (skb != null)
        {
            updateSkb();
            return;
        }
        monitor.binder().bind(SkbInterface.SERVICE, (channel, error) ->
        {
            if (error != null)
            {
                systemUp(MulticastTree.flat(0, config.cores()));
                return;
            }
            skb = new SkbClient(channel);
            presentSkbWrite(skb);
            facts.attach(skb);
            updateSkb();
        });
    }

    /**
     * Makes init's binding to the SKB a writer: it presents init's SKB write capability before anything else, so
     * the SKB serves the round trips and runtime facts that follow on the channel, in order, as a writer's.
     */
    private void presentSkbWrite(final SkbClient client)
    {
        final SkbWriteCapability write = monitor.spawner().skbWrite();
        write.held().ifPresent(own ->
        {
            client.port().carrier(write.carrier());
            client.present(own, (ok, refused) ->
            {
                if (refused != null)
                {
                    fail(ErrorCode.BOOT_SKB_REFUSED, "the SKB refused init's write capability: " + refused.message(),
                        monitor.now());
                }
            });
        });
    }

    /** Hands the SKB the measured matrix, then asks it for the NUMA-aware tree rooted at core 0. */
    private void updateSkb()
    {
        skb.roundTrips(roundTrips.medians(), (ok, rejected) ->
        {
            if (rejected != null)
            {
                fail(ErrorCode.BOOT_SKB_REFUSED, "the SKB refused the round trips: " + rejected.message(), monitor.now());
                return;
            }
            skb.tree("numa", 0, (tree, failed) ->
            {
                if (failed != null || tree.size() != config.cores())
                {
                    fail(ErrorCode.BOOT_SKB_REFUSED, "the SKB gave no multicast tree over all " + config.cores() + " cores",
                        monitor.now());
                    return;
                }
                systemUp(tree);
            });
        });
    }

    /** Every core is up, measured and known to the SKB: run the boot task, or halt. */
    private void systemUp(final MulticastTree multicast)
    {
        tree = multicast;
        monitor.names().route(multicast);
        monitor.spans().route(multicast);
        final long nowNs = monitor.now();
        final List<Runnable> answered = List.copyOf(refreshes);
        refreshes.clear();
        answered.forEach(Runnable::run);
        if (refreshing)
        {
            refreshing = false;
            phase = Phase.RUNNING;
            return;
        }
        plan.memoryService().ifPresent(this::spreadMemoryService);
        plan.everyCore().forEach(this::startOnEveryCore);
        if (plan.task().isPresent())
        {
            phase = Phase.RUNNING;
            monitor.domains().spawn(plan.taskCore(), plan.task().get(), "", true, (domain, error) ->
            {
                if (error != null)
                {
                    fail(ErrorCode.BOOT_TASK_FAILED, "the boot task '" + plan.task().get() + "' could not start on core "
                        + plan.taskCore() + ": " + error.message(), monitor.now());
                }
            });
        }
        else
        {
            beginHalt(nowNs);
        }
    }

    /**
     * One instance of the memory service on each of the plan's memory cores (the lowest core of every other NUMA node), once every core is
     * up (Barrelfish starts one mem_serv per node the same way, from the BSP); each takes its node's RAM from the
     * instance init gave it to. A core that fails to start it is a boot failure.
     */
    private void spreadMemoryService(final String service)
    {
        for (final int core : plan.memoryCores())
        {
            monitor.spawner().spawn(core, service, false, (ok, error) ->
            {
                if (error != null)
                {
                    fail(ErrorCode.BOOT_SERVICE_FAILED, "the memory service could not start on core " + core + ": "
                        + error.message(), monitor.now());
                }
            });
        }
    }

    /** One dispatcher of {@code program} on every core (spawnd), core 0 first; a core that cannot start it fails the boot. */
    private void startOnEveryCore(final String program)
    {
        for (int core = 0; core < config.cores(); core++)
        {
            final int on = core;
            monitor.spawner().spawn(core, program, false, (ok, error) ->
            {
                if (error != null)
                {
                    fail(ErrorCode.BOOT_SERVICE_FAILED, "'" + program + "' could not start on core " + on + ": "
                        + error.message(), monitor.now());
                }
            });
        }
    }

    /** The boot task exited: halt the system. */
    void onBootTaskExited(final long status, final long nowNs)
    {
        if (phase == Phase.RUNNING)
        {
            taskStatus = status;
            beginHalt(nowNs);
        }
    }

    void onHaltAck(final int core)
    {
        haltAcks++;
    }

    /** Checks deadlines and the end of the halt; returns the work done. */
    int step(final long nowNs)
    {
        int work = 0;
        if (skb != null)
        {
            work += skb.poll(16);
        }
        return work + checkPhase(nowNs);
    }

    private int checkPhase(final long nowNs)
    {
        switch (phase)
        {
            case BOOTING, MESHING ->
            {
                if (nowNs - deadlineNs > 0)
                {
                    fail(booted.cardinality() < config.cores() ? ErrorCode.BOOT_CORE_TIMEOUT : ErrorCode.BOOT_MESH_TIMEOUT,
                        describeMissing(), nowNs);
                    return 1;
                }
            }
            case CONSULTING ->
            {
                if (nowNs - deadlineNs > 0)
                {
                    fail(ErrorCode.BOOT_SKB_TIMEOUT, "the SKB did not answer within " + config.probeTimeoutNs() / 1_000_000
                        + " ms", nowNs);
                    return 1;
                }
            }
            case MEASURING ->
            {
                if (nowNs - deadlineNs > 0)
                {
                    final int[] pair = pairs.get(nextPair);
                    fail(ErrorCode.BOOT_PROBE_TIMEOUT, "round-trip probe from core " + pair[0] + " to core " + pair[1]
                        + " did not finish within " + config.probeTimeoutNs() / 1_000_000 + " ms", nowNs);
                    return 1;
                }
            }
            case HALTING ->
            {
                if (haltAcks == expectedAcks || nowNs - deadlineNs > 0)
                {
                    if (haltAcks != expectedAcks && error == null)
                    {
                        error = "only " + haltAcks + " of " + expectedAcks + " halt acknowledgements arrived";
                        errorCode = ErrorCode.BOOT_HALT_TIMEOUT;
                    }
                    phase = Phase.HALTED;
                    monitor.exit();
                    return 1;
                }
            }
            case RUNNING, HALTED ->
            {
            }
        }
        return 0;
    }

    private String describeMissing()
    {
        final BitSet notBooted = new BitSet();
        notBooted.set(0, config.cores());
        notBooted.andNot(booted);
        final BitSet notMeshed = (BitSet)booted.clone();
        notMeshed.andNot(meshReady);
        final long ms = config.bootTimeoutNs() / 1_000_000;
        if (!notBooted.isEmpty())
        {
            return plural(notBooted, "did not report ready") + " within " + ms + " ms";
        }
        return plural(notMeshed, "did not finish binding to every other monitor") + " within " + ms + " ms";
    }

    private static String plural(final BitSet cores, final String what)
    {
        final String list = cores.stream().mapToObj(Integer::toString).collect(Collectors.joining(", "));
        return (cores.cardinality() == 1 ? "core " : "cores ") + list + " " + what;
    }

    private void fail(final ErrorCode code, final String reason, final long nowNs)
    {
        if (phase == Phase.HALTING || phase == Phase.HALTED)
        {
            return;
        }
        error = "boot failed: " + reason;
        errorCode = code;
        tree = null;
        beginHalt(nowNs);
    }

    /** Sends HALT down the SKB's tree when every core is up, else straight to every booted core. */
    private void beginHalt(final long nowNs)
    {
        phase = Phase.HALTING;
        deadlineNs = nowNs + HALT_TIMEOUT_NS;
        final MulticastTree along = tree != null ? tree : flatOverBooted();
        expectedAcks = along.children().size();
        for (final MulticastTree child : along.children())
        {
            monitor.halt().send(child);
        }
    }

    private MulticastTree flatOverBooted()
    {
        return new MulticastTree(0, booted.stream().filter(core -> core != 0)
            .mapToObj(core -> new MulticastTree(core, List.of())).toList());
    }

    /** The deadline core 0 must wake up for, if any. */
    long deadlineNs()
    {
        return phase == Phase.HALTED || phase == Phase.RUNNING ? Long.MAX_VALUE : deadlineNs;
    }

    /** The runtime facts this coordinator keeps for the SKB: what runs where. */
    RuntimeFacts facts()
    {
        return facts;
    }

    Phase phase()
    {
        return phase;
    }

    BootOutcome outcome()
    {
        return new BootOutcome(Optional.ofNullable(error), meshReady.cardinality(), channels + config.cores() - 1,
            monitor.transport(), meshNs, measureNs, roundTrips, taskStatus, Optional.ofNullable(tree),
            Optional.ofNullable(errorCode));
    }
}
