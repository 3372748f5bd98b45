package dev.flotilla.monitor.shootdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Port;
import dev.flotilla.idl.Reply;
import dev.flotilla.lib.Launch;
import dev.flotilla.lib.skb.MulticastTree;
import dev.flotilla.lib.vm.ShootdownInterfaceBinding;
import dev.flotilla.lib.vm.ShootdownInterfaceHandler;
import dev.flotilla.monitor.SteppedPlatform;
import dev.flotilla.monitor.broadcast.BroadcastFanout;
import dev.flotilla.platform.NanoClock;
import dev.flotilla.sim.machine.Machines;
import dev.flotilla.skb.RouteNode;
import dev.flotilla.skb.Strategy;
import dev.flotilla.skb.SystemKnowledgeBase;
import dev.flotilla.urpc.ChannelSetup;
import dev.flotilla.urpc.LmpChannel;
import dev.flotilla.urpc.SharedMemoryInterconnect;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The monitors' shootdown rounds on stepped cores over real UMP channels, each core with one dispatcher of the
 * domain on an LMP channel to its monitor (the dispatcher's side records what it is asked to drop): every core
 * but the initiator's dispatcher drops the address exactly once along each of the SKB's trees of the 8x4-core AMD;
 * a round reaches only the cores its domain spans; a stalled core times the round out at the bound; bad trees are refused before anything is sent; a dispatcher
 * that ended counts as dropped; overlapping rounds all complete.
 */
class TlbShootdownsTest
{
    private static final long STEP_NS = 1_000;
    private static final long BOUND_NS = 2_000_000;
    private static final long DOMAIN = 5L << 32 | 1;
    private static final long VA = 0x40_0000_0000L;

    /** N monitors' shootdown protocols, a full mesh, and one dispatcher of {@link #DOMAIN} per core. */
    private static final class System implements AutoCloseable
    {
        final SteppedPlatform memory;
        final long[] now = {1_000_000};
        final TlbShootdowns[] monitors;
        final BroadcastFanout[] rings;
        final List<List<Port>> ports = new ArrayList<>();
        final List<List<Long>> dropped = new ArrayList<>();
        final ShootdownInterfaceBinding[] dispatchers;
        final ShootdownInterfaceBinding[] served;
        final boolean[] stalled;

        System(final int cores)
        {
            this(cores, domain -> null);
        }

        System(final int cores, final LongFunction<List<Integer>> spans)
        {
            this(cores, spans, true);
        }

        System(final int cores, final LongFunction<List<Integer>> spans, final boolean broadcastChannels)
        {
            memory = new SteppedPlatform(cores, STEP_NS);
            final SharedMemoryInterconnect interconnect = new SharedMemoryInterconnect(memory);
            final NanoClock clock = () -> now[0];
            monitors = new TlbShootdowns[cores];
            rings = new BroadcastFanout[cores];
            dispatchers = new ShootdownInterfaceBinding[cores];
            served = new ShootdownInterfaceBinding[cores];
            stalled = new boolean[cores];
            for (int core = 0; core < cores; core++)
            {
                rings[core] = new BroadcastFanout(core, cores, broadcastChannels ? interconnect : null, 4);
                monitors[core] = new TlbShootdowns(core, cores, clock, BOUND_NS, spans, rings[core]);
                ports.add(new ArrayList<>());
                dropped.add(new ArrayList<>());
            }
            for (int a = 0; a < cores; a++)
            {
                for (int b = a + 1; b < cores; b++)
                {
                    final ChannelSetup setup = interconnect.create(a, b, 4);
                    connect(a, b, new Port(setup.local()));
                    connect(b, a, new Port(interconnect.attach(b, setup.descriptor())));
                }
            }
            for (int core = 0; core < cores; core++)
            {
                final int c = core;
                final LmpChannel[] lmp = LmpChannel.pair(core, 8);
                final Port monitorSide = new Port(lmp[0]);
                final Port dispatcherSide = new Port(lmp[1]);
                ports.get(core).addAll(List.of(monitorSide, dispatcherSide));
                monitors[core].serve(new Launch("domain", DOMAIN, List.of(), core == 0, cores), monitorSide);
                dispatchers[core] = new ShootdownInterfaceBinding(dispatcherSide, new ShootdownInterfaceHandler()
                {
                    @Override
                    public void onCaches(final ShootdownInterfaceBinding from)
                    {
                    }

                    @Override
                    public void onShootdown(final ShootdownInterfaceBinding.ShootdownRequest request, final long address,
                        final long[] tree)
                    {
                    }

                    @Override
                    public void onDrop(final ShootdownInterfaceBinding.DropRequest request, final long address)
                    {
                        dropped.get(c).add(address);
                        request.reply();
                    }
                });
                dispatchers[core].caches();
            }
            settle();
        }

        private void connect(final int core, final int peer, final Port port)
        {
            ports.get(core).add(port);
            rings[core].attach(peer, port);
            monitors[core].attach(peer, port);
        }

        int step()
        {
            int work = 0;
            for (int core = 0; core < monitors.length; core++)
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
                work += monitors[core].poll(now[0]);
            }
            now[0] += STEP_NS;
            return work;
        }

        void runUntil(final BooleanSupplier done, final int maxSteps)
        {
            for (int i = 0; i < maxSteps && !done.getAsBoolean(); i++)
            {
                step();
            }
            assertTrue(done.getAsBoolean(), "not done after " + maxSteps + " steps");
        }

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
    }

    private static MulticastTree skbTree(final Strategy strategy, final int root)
    {
        final SystemKnowledgeBase skb = new SystemKnowledgeBase();
        skb.assertMachine(Machines.load("amd-8x4").topology());
        final MulticastTree tree = tree(skb.multicastTree(strategy, root));
        return strategy == Strategy.BROADCAST ? tree.asBroadcast() : tree;
    }

    private static MulticastTree tree(final RouteNode node)
    {
        return new MulticastTree(node.core(), node.children().stream().map(TlbShootdownsTest::tree).toList());
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void everyOtherCoresDispatcherDropsTheAddressOnceAlongEachTree(final Strategy strategy)
    {
        try (System system = new System(32))
        {
            assertEquals(1, system.monitors[13].caching(DOMAIN));
            final Reply<Void> done = new Reply<>();
            system.dispatchers[13].shootdown(VA, skbTree(strategy, 13).encode(), done);
            system.runUntil(done::isDone, 100_000);
            assertNull(done.error());
            for (int core = 0; core < 32; core++)
            {
                assertEquals(core == 13 ? List.of() : List.of(VA), system.dropped.get(core), "core " + core);
            }
            system.settle();
            for (int core = 0; core < 32; core++)
            {
                assertEquals(0, system.monitors[core].inFlight(), "core " + core + " still holds the round");
            }
        }
    }

    @Test
    void aBroadcastRoundIsOneMessageInOneSharedChannelAndAnAnswerFromEveryCore()
    {
        try (System system = new System(8))
        {
            for (int round = 0; round < 3; round++)
            {
                final Reply<Void> done = new Reply<>();
                system.dispatchers[2].shootdown(VA + round * 4096, cut(skbTree(Strategy.BROADCAST, 2), 8).encode(), done);
                system.runUntil(done::isDone, 100_000);
                assertNull(done.error());
                system.settle();
            }
            for (int core = 0; core < 8; core++)
            {
                assertEquals(core == 2 ? List.of() : List.of(VA, VA + 4096, VA + 8192), system.dropped.get(core));
            }
            for (final Port port : system.ports.get(2))
            {
                if (port.channel().transport() == dev.flotilla.urpc.Transport.UMP)
                {
                    assertEquals(1, port.channel().counters().messagesSent(), "only the join went out on " + port);
                    assertEquals(3, port.channel().counters().messagesReceived(), "a dropped answer per round on " + port);
                }
            }
            assertEquals(3, system.rings[2].written(), "one record per round in core 2's ring");
            assertEquals(3, system.rings[2].counters().messagesSent());
            for (int core = 0; core < 8; core++)
            {
                assertEquals(0, system.rings[core].rejected(), "core " + core + " refused a record");
            }
        }
    }

    @Test
    void aBroadcastRoundWithoutAnInterconnectForItsChannelIsRefused()
    {
        try (System system = new System(4, domain -> null, false))
        {
            final Reply<Void> done = new Reply<>();
            system.dispatchers[0].shootdown(VA, MulticastTree.flat(0, 4).asBroadcast().encode(), done);
            system.runUntil(done::isDone, 1_000);
            assertEquals(ErrorCode.TRANSPORT_UNAVAILABLE, done.error());
        }
    }

    @Test
    void aRoundReachesOnlyTheCoresItsDomainSpansInTheDomainTable()
    {
        try (System system = new System(8, domain -> domain == DOMAIN ? List.of(0, 2, 5) : null))
        {
            final Reply<Void> done = new Reply<>();
            system.dispatchers[0].shootdown(VA, MulticastTree.flat(0, 8).encode(), done);
            system.runUntil(done::isDone, 100_000);
            assertNull(done.error());
            for (int core = 0; core < 8; core++)
            {
                assertEquals(core == 2 || core == 5 ? List.of(VA) : List.of(), system.dropped.get(core), "core " + core);
            }
        }
    }

    @Test
    void aStalledCoreTimesTheRoundOutAtTheBound()
    {
        try (System system = new System(8))
        {
            system.stalled[5] = true;
            final Reply<Void> done = new Reply<>();
            final long start = system.now[0];
            system.dispatchers[0].shootdown(VA, MulticastTree.flat(0, 8).encode(), done);
            system.runUntil(done::isDone, 100_000);
            assertEquals(ErrorCode.SHOOTDOWN_TIMEOUT, done.error());
            assertTrue(system.now[0] - start >= BOUND_NS, "timed out before the bound");
            assertEquals(List.of(), system.dropped.get(5));
            assertEquals(List.of(VA), system.dropped.get(4), "the others dropped it");
        }
    }

    @Test
    void badTreesAreRefusedBeforeAnythingIsSent()
    {
        try (System system = new System(4))
        {
            final List<MulticastTree> bad = List.of(MulticastTree.flat(1, 4),
                new MulticastTree(0, List.of(new MulticastTree(2, List.of()), new MulticastTree(2, List.of()))),
                new MulticastTree(0, List.of(new MulticastTree(9, List.of()))));
            for (final MulticastTree tree : bad)
            {
                final Reply<Void> done = new Reply<>();
                system.dispatchers[0].shootdown(VA, tree.encode(), done);
                system.runUntil(done::isDone, 1_000);
                assertEquals(ErrorCode.SHOOTDOWN_BAD_TREE, done.error(), tree.toString());
            }
            final Reply<Void> malformed = new Reply<>();
            system.dispatchers[0].shootdown(VA, new long[] {7}, malformed);
            system.runUntil(malformed::isDone, 1_000);
            assertEquals(ErrorCode.SHOOTDOWN_BAD_TREE, malformed.error());
            system.settle();
            system.dropped.forEach(d -> assertEquals(List.of(), d));
        }
    }

    @Test
    void aDispatcherThatEndedCountsAsDroppedAndOverlappingRoundsAllComplete()
    {
        try (System system = new System(8))
        {
            system.dispatchers[3].port().close(); // as its dispatcher does when it exits: CLOSE goes out, then no more
            system.settle();
            system.ports.get(3).remove(system.dispatchers[3].port());
            final List<Reply<Void>> rounds = new ArrayList<>();
            for (int i = 0; i < 5; i++)
            {
                final Reply<Void> done = new Reply<>();
                system.dispatchers[i % 2].shootdown(VA + i * 4096, cut(skbTree(Strategy.NUMA, i % 2), 8).encode(), done);
                rounds.add(done);
            }
            system.runUntil(() -> rounds.stream().allMatch(Reply::isDone), 100_000);
            rounds.forEach(r -> assertNull(r.error()));
            assertEquals(List.of(), system.dropped.get(3));
            assertEquals(5, system.dropped.get(7).size());
            assertEquals(List.of(VA + 4096, VA + 3 * 4096), system.dropped.get(0));
        }
    }

    /** The tree cut down to cores 0 .. cores-1 (the monitors' Fanout does it; here the test's own). */
    private static MulticastTree cut(final MulticastTree tree, final int cores)
    {
        return dev.flotilla.monitor.agreement.Fanout.restrict(tree, java.util.stream.IntStream.range(0, cores).boxed()
            .toList());
    }
}
