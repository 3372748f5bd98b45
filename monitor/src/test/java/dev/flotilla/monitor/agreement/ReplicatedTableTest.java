package dev.flotilla.monitor.agreement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Reply;
import dev.flotilla.lib.skb.MulticastTree;
import dev.flotilla.skb.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The name registry replicated on every core by two-phase commit: read locally, changed only through its
 * sequencer's rounds, so every replica holds the same names changed in the same order — with changes from many
 * cores at once, a name claimed twice, a snapshot for cores that join, and a stalled core.
 */
class ReplicatedTableTest
{
    private static final int NAMES = 1;

    /** N cores, each with a replica of the name table; the order each replica committed its names in. */
    private static final class Registry
    {
        final SteppedCores system;
        final List<NameTable> replicas = new ArrayList<>();
        final List<ReplicatedTable> handles = new ArrayList<>();
        final List<List<String>> applied = new ArrayList<>();

        Registry(final SteppedCores system)
        {
            this.system = system;
            for (int core = 0; core < system.size(); core++)
            {
                final List<String> log = new ArrayList<>();
                final NameTable replica = new NameTable(new NameTable.Listener()
                {
                    @Override
                    public void registered(final String name, final int at)
                    {
                        log.add("+" + name + "@" + at);
                    }

                    @Override
                    public void removed(final String name)
                    {
                        log.add("-" + name);
                    }
                });
                applied.add(log);
                replicas.add(replica);
                handles.add(new ReplicatedTable(system.at(core), NAMES, 0, replica));
            }
        }

        Reply<Void> register(final int core, final String name)
        {
            final Reply<Void> done = new Reply<>();
            handles.get(core).change(NameTable.register(name, core), done);
            return done;
        }

        void assertReplicasEqual()
        {
            for (int core = 1; core < replicas.size(); core++)
            {
                assertEquals(replicas.getFirst().entries(), replicas.get(core).entries(), "replica of core " + core);
            }
        }
    }

    @Test
    void aNameRegisteredOnOneCoreIsReadLocallyOnEveryCore()
    {
        try (SteppedCores system = new SteppedCores(32))
        {
            final Registry registry = new Registry(system);
            registry.handles.getFirst().widen(SteppedCores.skbTree("amd-8x4", Strategy.NUMA, 0),
                registry.replicas.getFirst().snapshot());
            final Reply<Void> done = registry.register(17, "web");
            system.runUntil(done::isDone, 100_000);
            assertNull(done.error());
            for (final NameTable replica : registry.replicas)
            {
                assertEquals(17, replica.lookup("web")); // a read of the local replica: no message
            }
            final Reply<Void> again = registry.register(3, "web");
            system.runUntil(again::isDone, 100_000);
            assertEquals(ErrorCode.SERVICE_EXISTS, again.error());
            registry.assertReplicasEqual();
        }
    }

    @Test
    void concurrentChangesFromManyCoresAreSerialisedNoneLost()
    {
        try (SteppedCores system = new SteppedCores(16, 2))
        {
            final Registry registry = new Registry(system);
            registry.handles.getFirst().widen(MulticastTree.flat(0, 16), registry.replicas.getFirst().snapshot());
            final List<Reply<Void>> replies = new ArrayList<>();
            for (int i = 0; i < 6; i++)
            {
                for (final int core : new int[] {2, 5, 0, 11})
                {
                    replies.add(registry.register(core, "s" + core + "." + i));
                }
            }
            final Reply<Void> first = registry.register(5, "dup");
            final Reply<Void> second = registry.register(2, "dup");
            system.runUntil(() -> replies.stream().allMatch(Reply::isDone) && first.isDone() && second.isDone(), 200_000);
            replies.forEach(r -> assertNull(r.error()));
            assertEquals(1, (first.error() == null ? 1 : 0) + (second.error() == null ? 1 : 0), "exactly one claim wins");
            assertEquals(ErrorCode.SERVICE_EXISTS, first.error() == null ? second.error() : first.error());
            system.settle();
            assertEquals(25, registry.replicas.getFirst().entries().size());
            registry.assertReplicasEqual();
            for (int core = 1; core < 16; core++)
            {
                assertEquals(registry.applied.getFirst(), registry.applied.get(core), "core " + core + " applied in order");
            }
        }
    }

    @Test
    void coresThatJoinGetTheTableAsItStandsAndChangesMadeMeanwhileWait()
    {
        try (SteppedCores system = new SteppedCores(8))
        {
            final Registry registry = new Registry(system);
            final Reply<Void> early = registry.register(0, "skb"); // only the sequencer holds the table yet
            assertTrue(early.isDone());
            assertNull(early.error());
            assertNull(registry.replicas.get(4).lookup("skb"));
            final Reply<Void> inFlight = registry.register(0, "pre");
            registry.handles.getFirst().widen(SteppedCores.skbTree("intel-2x4", Strategy.MULTICAST, 0),
                registry.replicas.getFirst().snapshot());
            final Reply<Void> after = registry.register(0, "post");
            system.runUntil(() -> inFlight.isDone() && after.isDone(), 100_000);
            system.settle();
            assertNull(after.error());
            registry.assertReplicasEqual();
            assertEquals(Map.of("skb", 0, "pre", 0, "post", 0), registry.replicas.get(7).entries());
        }
    }

    @Test
    void aStalledCoreAbortsTheChangeOnEveryReplica()
    {
        try (SteppedCores system = new SteppedCores(4))
        {
            final Registry registry = new Registry(system);
            registry.handles.getFirst().widen(MulticastTree.flat(0, 4), registry.replicas.getFirst().snapshot());
            system.settle();
            system.stall(2);
            final Reply<Void> done = registry.register(1, "lost");
            system.runUntil(done::isDone, 100_000);
            assertEquals(ErrorCode.AGREEMENT_TIMEOUT, done.error());
            system.settle();
            for (final NameTable replica : registry.replicas)
            {
                assertNull(replica.lookup("lost"));
            }
            final Reply<Void> retry = registry.register(3, "lost");
            system.runUntil(retry::isDone, 100_000);
            assertEquals(ErrorCode.AGREEMENT_TIMEOUT, retry.error(), "the claim was released; the core still stalls");
        }
    }

    @Test
    void aDeregisterRemovesTheNameEverywhereOnlyForItsHolder()
    {
        try (SteppedCores system = new SteppedCores(4))
        {
            final Registry registry = new Registry(system);
            registry.handles.getFirst().widen(MulticastTree.flat(0, 4), registry.replicas.getFirst().snapshot());
            final Reply<Void> registered = registry.register(2, "fs");
            system.runUntil(registered::isDone, 100_000);
            final Reply<Void> wrong = new Reply<>();
            registry.handles.get(1).change(NameTable.deregister("fs", 1), wrong);
            final Reply<Void> right = new Reply<>();
            registry.handles.get(3).change(NameTable.deregister("fs", 2), right);
            system.runUntil(() -> wrong.isDone() && right.isDone(), 100_000);
            assertNull(right.error());
            registry.replicas.forEach(r -> assertNull(r.lookup("fs")));
            assertEquals(List.of("+fs@2", "-fs"), registry.applied.get(3));
        }
    }
}
