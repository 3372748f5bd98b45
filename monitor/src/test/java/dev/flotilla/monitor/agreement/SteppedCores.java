package dev.flotilla.monitor.agreement;

import dev.flotilla.idl.Port;
import dev.flotilla.lib.skb.MulticastTree;
import dev.flotilla.monitor.SteppedPlatform;
import dev.flotilla.monitor.broadcast.BroadcastFanout;
import dev.flotilla.platform.NanoClock;
import dev.flotilla.sim.machine.Machines;
import dev.flotilla.skb.RouteNode;
import dev.flotilla.skb.Strategy;
import dev.flotilla.skb.SystemKnowledgeBase;
import dev.flotilla.urpc.ChannelSetup;
import dev.flotilla.urpc.SharedMemoryInterconnect;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * N cores' agreement protocols over a full mesh of real UMP channels, stepped round robin by the test's thread
 * with a clock that advances a fixed amount per round of steps: deterministic, with no threads or real time.
 * A stalled core is never stepped again (as a core that hangs or halted); its channels fill and stay unread.
 */
final class SteppedCores implements AutoCloseable
{
    static final long STEP_NS = 1_000;
    static final long BOUND_NS = 2_000_000;

    private final SteppedPlatform memory;
    private final long[] now = {1_000_000};
    private final Agreement[] agreements;
    private final BroadcastFanout[] rings;
    private final List<List<Port>> ports = new ArrayList<>();
    private final boolean[] stalled;

    SteppedCores(final int cores)
    {
        this(cores, 4);
    }

    SteppedCores(final int cores, final int ringSlots)
    {
        memory = new SteppedPlatform(cores, STEP_NS);
        final SharedMemoryInterconnect interconnect = new SharedMemoryInterconnect(memory);
        final NanoClock clock = () -> now[0];
        agreements = new Agreement[cores];
        rings = new BroadcastFanout[cores];
        stalled = new boolean[cores];
        for (int core = 0; core < cores; core++)
        {
            rings[core] = new BroadcastFanout(core, cores, interconnect, ringSlots);
            agreements[core] = new Agreement(core, cores, clock, BOUND_NS, rings[core]);
            ports.add(new ArrayList<>());
        }
        for (int a = 0; a < cores; a++)
        {
            for (int b = a + 1; b < cores; b++)
            {
                final ChannelSetup setup = interconnect.create(a, b, ringSlots);
                connect(a, b, new Port(setup.local()));
                connect(b, a, new Port(interconnect.attach(b, setup.descriptor())));
            }
        }
    }

    private void connect(final int core, final int peer, final Port port)
    {
        ports.get(core).add(port);
        rings[core].attach(peer, port);
        agreements[core].attach(peer, port);
    }

    Agreement at(final int core)
    {
        return agreements[core];
    }

    /** The broadcast channels of {@code core}. */
    BroadcastFanout ring(final int core)
    {
        return rings[core];
    }

    /** The ports of {@code core} to the others. */
    List<Port> ports(final int core)
    {
        return ports.get(core);
    }

    int size()
    {
        return agreements.length;
    }

    long now()
    {
        return now[0];
    }

    /** The core never runs again. */
    void stall(final int core)
    {
        stalled[core] = true;
    }

    /** A stalled core runs again. */
    void resume(final int core)
    {
        stalled[core] = false;
    }

    /** Registers a fresh {@link Ledger} for {@code table} on every core, the ones in {@code refusing} voting no. */
    List<Ledger> ledgers(final int table, final int... refusing)
    {
        final List<Ledger> ledgers = new ArrayList<>();
        for (int core = 0; core < agreements.length; core++)
        {
            final int c = core;
            final Ledger ledger = new Ledger(core, java.util.Arrays.stream(refusing).anyMatch(r -> r == c));
            agreements[core].register(table, ledger);
            ledgers.add(ledger);
        }
        return ledgers;
    }

    /** One step of every running core. */
    int step()
    {
        int work = 0;
        for (int core = 0; core < agreements.length; core++)
        {
            if (stalled[core])
            {
                continue;
            }
            for (final Port port : ports.get(core))
            {
                work += port.poll(16);
            }
            work += rings[core].poll(16);
            work += agreements[core].poll(now[0]);
        }
        now[0] += STEP_NS;
        return work;
    }

    /** Steps until {@code done} holds; fails the test after {@code maxSteps}. */
    void runUntil(final BooleanSupplier done, final int maxSteps)
    {
        for (int i = 0; i < maxSteps; i++)
        {
            if (done.getAsBoolean())
            {
                return;
            }
            step();
        }
        if (!done.getAsBoolean())
        {
            throw new AssertionError("not done after " + maxSteps + " steps");
        }
    }

    /** Steps until nothing moves (every running core idle for a few steps). */
    void settle()
    {
        int quiet = 0;
        for (int i = 0; i < 1_000_000 && quiet < 8; i++)
        {
            quiet = step() == 0 ? quiet + 1 : 0;
        }
    }

    @Override
    public void close()
    {
        memory.close();
    }

    /**
     * The SKB's tree of {@code strategy} from {@code root} over every core of the simulated {@code machine}; the
     * broadcast tree's root is a broadcast node (its phases travel its broadcast channel), as the monitors' is.
     */
    static MulticastTree skbTree(final String machine, final Strategy strategy, final int root)
    {
        final SystemKnowledgeBase skb = new SystemKnowledgeBase();
        skb.assertMachine(Machines.load(machine).topology());
        final MulticastTree tree = toTree(skb.multicastTree(strategy, root));
        return strategy == Strategy.BROADCAST ? tree.asBroadcast() : tree;
    }

    static MulticastTree toTree(final RouteNode node)
    {
        return new MulticastTree(node.core(), node.children().stream().map(SteppedCores::toTree).toList());
    }
}
