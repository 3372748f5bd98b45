package dev.flotilla.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.bench.soak.CapHolderBinding;
import dev.flotilla.bench.soak.CapHolders;
import dev.flotilla.bench.soak.CapScript;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.Reply;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainProgram;
import dev.flotilla.lib.mem.RamAllocator;
import dev.flotilla.lib.mem.SlotAllocator;
import dev.flotilla.monitor.BootPlan;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.platform.IdlePolicy;
import dev.flotilla.platform.Platform;
import dev.flotilla.platform.linux.LinuxPlatform;
import dev.flotilla.platform.linux.SysfsDiscovery;
import dev.flotilla.platform.memory.PhysicalMemory;
import dev.flotilla.runtime.Boot;
import dev.flotilla.runtime.BootResult;
import dev.flotilla.sim.SimInterconnect;
import dev.flotilla.sim.SimOptions;
import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.machine.Machines;
import dev.flotilla.urpc.Interconnect;
import dev.flotilla.urpc.SharedMemoryInterconnect;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * Distributed capability operations between two cores, Barrelfish's scenarios, on a simulated machine and on
 * real cores: a retype on one core blocks an overlapping one on the other; racing retypes, exactly one wins;
 * a revoke on one core empties the other's slots and unmaps what the other mapped; deleting the owner's last
 * copy moves the ownership; the whole life cycle of a capability that crosses cores.
 */
class DistributedCapsSystemTest
{
    private static final long KIB = 1L << 10;
    private static final long MIB = 1L << 20;
    private static final long VA = 0x10_0000_0000L;

    /** On core 0: the scenarios, logged one line each. */
    private static Domain driver(final Queue<String> log, final int far)
    {
        return context ->
        {
            final Dispatcher self = context.dispatcher();
            context.spawn(far, "holder", List.of());
            final CapHolderBinding holder = CapHolders.bind(context, far);
            final RamAllocator ram = new RamAllocator(self.syscalls(), List.of(CSpaceLayout.taskRam()));
            final SlotAllocator slots = SlotAllocator.forDispatcher().growFrom(ram);
            final CapScript me = new CapScript(self, slots);
            final CapRef r = slots.allocate();
            ram.retype(CapType.RAM, MIB, MIB, r);
            me.name("r", r);

            // RAM crosses: nothing derives from it here, so core far owns it now and decides every retype of it
            log.add("kept: " + holder.keep(r, "r") + " | here: " + me.run("describe r"));
            log.add("far retypes: " + holder.run("retype r 0 FRAME 65536 f1"));
            log.add("overlapping here: " + me.run("retype r 0x8000 FRAME 4096 x"));
            log.add("disjoint here: " + me.run("retype r 0x20000 FRAME 65536 f0") + " " + me.run("describe f0"));
            log.add("far over it: " + holder.run("retype r 0x20000 FRAME 4096 y"));

            // both at once, overlapping: exactly one wins
            final Reply<String> theirs = new Reply<>();
            holder.run("retype r 0x40000 FRAME 65536 g1", theirs);
            final String mine = me.run("retype r 0x48000 FRAME 65536 g0");
            self.threads().await(theirs);
            final List<String> race = new ArrayList<>(List.of(mine, theirs.get()));
            race.sort(null);
            log.add("race: " + race);

            // revoke here reaches the far core: its copies and descendants go, this core owns the RAM
            log.add("revoke: " + me.run("revoke r") + " | here: " + me.run("describe r") + " | far: "
                + holder.run("describe r") + ", " + holder.run("describe f1") + " | f0: " + me.run("describe f0"));

            // a frame mapped on the far core is unmapped there by a revoke here
            me.run("retype r 0 FRAME 65536 m");
            me.run("retype r 0x80000 RAM 65536 t");
            holder.keep(me.ref("m"), "m");
            holder.keep(me.ref("t"), "t");
            log.add("mapped far: " + holder.run("tables t") + " " + holder.run("map m " + VA) + " "
                + holder.run("write " + VA + " 0x5eed") + " " + holder.run("read " + VA));
            log.add("revoke frame: " + me.run("revoke m") + " | far reads: " + holder.run("read " + VA) + " | far: "
                + holder.run("describe m"));

            // the owner's last copy deleted: the ownership moves to this core, which still holds one
            me.run("retype r 0x20000 FRAME 65536 d");
            log.add("d sent: " + holder.keep(me.ref("d"), "d"));
            log.add("far deletes: " + holder.run("delete d") + " | here: " + me.run("describe d") + " | retype here: "
                + me.run("retype d 0 FRAME 4096 d1"));

            // life cycle: everything made from r goes with one revoke; r is whole again
            log.add("end: " + me.run("revoke r") + " " + me.run("retype r 0 FRAME 1048576 whole") + " | far: "
                + holder.run("describe t"));

            // a retype racing a revoke from the other core: made before it (and then revoked with it), or refused
            // with a clear code after it, never a stale success
            me.run("delete whole");
            holder.keep(me.ref("r"), "r2");
            final Reply<String> revoked = new Reply<>();
            holder.run("revoke r2", revoked);
            final String raced = me.run("retype r 0 FRAME 65536 late");
            self.threads().await(revoked);
            System.out.println("the retype racing the revoke: " + raced);
            log.add("raced: " + List.of("ok", "CAP_NOT_FOUND", "CAP_DELETED_ELSEWHERE").contains(raced) + " | revoke "
                + revoked.get() + " | here: " + me.run("describe r") + ", " + (raced.equals("ok") ? me.run("describe late")
                : "empty") + " | far: " + holder.run("describe r2"));
        };
    }

    static List<String> run(final Platform platform, final Interconnect interconnect, final MonitorConfig config,
        final PhysicalMemory memory) throws InterruptedException
    {
        final Queue<String> log = new ConcurrentLinkedQueue<>();
        final int far = config.cores() - 1;
        final BootImage image = BootImage.empty().with("holder", () -> new DomainProgram(CapHolders.holder()))
            .with("driver", () -> new DomainProgram(driver(log, far)));
        final BootResult result = Boot.run(platform, interconnect, config, image,
            new BootPlan(List.of(), Optional.of("driver"), 0), memory);
        assertTrue(result.succeeded(), () -> result.error().orElse("") + " " + log);
        final List<String> lines = List.copyOf(log);
        lines.forEach(System.out::println);
        assertEquals(13, lines.size(), lines::toString);
        assertEquals("kept: RAM 1048576 owner " + far + " relations 3 | here: RAM 1048576 owner " + far + " relations 1",
            lines.get(0));
        assertEquals("far retypes: ok", lines.get(1));
        assertEquals("overlapping here: REVOKE_FIRST", lines.get(2));
        assertEquals("disjoint here: ok FRAME 65536 owner 0 relations 3", lines.get(3));
        assertEquals("far over it: REVOKE_FIRST", lines.get(4));
        assertEquals("race: [REVOKE_FIRST, ok]", lines.get(5));
        assertEquals("revoke: ok | here: RAM 1048576 owner 0 relations 0 | far: empty, empty | f0: empty", lines.get(6));
        assertEquals("mapped far: ok ok ok 0x5eed", lines.get(7));
        assertTrue(lines.get(8).startsWith("revoke frame: ok | far reads: ") && lines.get(8).endsWith(" | far: empty")
            && !lines.get(8).contains("0x5eed"), lines.get(8));
        assertEquals("d sent: FRAME 65536 owner " + far + " relations 3", lines.get(9));
        assertEquals("far deletes: ok | here: FRAME 65536 owner 0 relations 1 | retype here: ok", lines.get(10));
        assertEquals("end: ok ok | far: empty", lines.get(11));
        // the far core owns the RAM alone now; it still knows core 0 holds an ancestor (core 0's task RAM)
        assertEquals("raced: true | revoke ok | here: empty, empty | far: RAM 1048576 owner " + far + " relations 2",
            lines.get(12));
        return lines;
    }

    @Test
    void twoSimulatedCoresRetypeDeleteAndRevokeTogether() throws Exception
    {
        try (SimPlatform sim = new SimPlatform(Machines.load("amd-4x4"), 2, SimOptions.seeded(5));
             PhysicalMemory memory = PhysicalMemory.reserve(64 * MIB, sim.machine().numaNodes()))
        {
            run(sim, new SimInterconnect(sim), MonitorConfig.defaults(2).withWarmupNs(0, 0).withPingRounds(5), memory);
        }
    }

    @Test
    void twoRealCoresRetypeDeleteAndRevokeTogether() throws Exception
    {
        try (PhysicalMemory memory = PhysicalMemory.reserve(64 * MIB, List.of());
             LinuxPlatform platform = new LinuxPlatform(SysfsDiscovery.discoverHost(), 2, IdlePolicy.POLL_THEN_BLOCK))
        {
            run(platform, new SharedMemoryInterconnect(platform), MonitorConfig.defaults(2).withPingRounds(10), memory);
        }
    }
}
