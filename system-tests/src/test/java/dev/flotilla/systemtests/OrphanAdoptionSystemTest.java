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
 * An orphan — an object whose owner's last copy went without the protocol (its domain was stopped, and its CSpace
 * closed) while other cores hold copies — is adopted by exactly one core,
 * even when two cores holding copies ask at once: both retype overlapping ranges of it, exactly one wins and the
 * other gets {@code REVOKE_FIRST}; afterwards exactly one core names itself the owner, and the other's operations
 * reach it.
 */
class OrphanAdoptionSystemTest
{
    private static final long MIB = 1L << 20;

    /**
     * On core 0: r made here and copied to core 1 (nothing derives from it here, so core 1 owns it now) and to core
     * 2; then the domain on core 1 is stopped — its CSpace, with the owner's copy, goes without the protocol — and
     * the copies on cores 0 and 2 name an owner that holds nothing. Cores 0 and 2 race on it.
     */
    private static Domain driver(final Queue<String> log)
    {
        return context ->
        {
            final Dispatcher self = context.dispatcher();
            final long xDomain = context.spawn(1, "holder", List.of());
            context.spawn(2, "holder", List.of());
            final CapHolderBinding x = CapHolders.bind(context, 1);
            final CapHolderBinding y = CapHolders.bind(context, 2);
            final RamAllocator ram = new RamAllocator(self.syscalls(), List.of(CSpaceLayout.taskRam()));
            final SlotAllocator slots = SlotAllocator.forDispatcher().growFrom(ram);
            final CapScript me = new CapScript(self, slots);
            final CapRef r = slots.allocate();
            ram.retype(CapType.RAM, MIB, MIB, r);
            me.name("r", r);
            log.add("x keeps: " + x.keep(r, "r").replaceAll(" relations \\d+", ""));
            log.add("y keeps: " + y.keep(r, "r").replaceAll(" relations \\d+", ""));
            final Reply<Void> killed = new Reply<>();
            self.monitor().kill(xDomain, killed);
            self.threads().await(killed);
            while (running(self, xDomain))
            {
                context.sleepNs(50_000);
            }
            log.add("x stopped: " + (killed.error() == null ? "ok" : killed.error().name()));
            final Reply<String> theirs = new Reply<>();
            y.run("retype r 0x8000 FRAME 65536 b", theirs);
            final String mine = me.run("retype r 0 FRAME 65536 a");
            self.threads().await(theirs);
            final List<String> race = new ArrayList<>(List.of(mine, theirs.get()));
            race.sort(null);
            log.add("race: " + race);
            log.add("owners: " + me.run("describe r").replaceAll(" relations \\d+", "") + " | "
                + y.run("describe r").replaceAll(" relations \\d+", "") + " | later: "
                + me.run("retype r 0x80000 FRAME 4096 c") + " " + y.run("retype r 0x90000 FRAME 4096 d"));
        };
    }

    /** True while {@code domain} is in this core's replica of the domain table. */
    private static boolean running(final Dispatcher self, final long domain)
    {
        final Reply<String> listing = new Reply<>();
        self.monitor().domains(listing);
        self.threads().await(listing);
        return listing.get().lines().anyMatch(line -> line.startsWith(domain + "\t"));
    }

    private static List<String> run(final Platform platform, final Interconnect interconnect,
        final MonitorConfig config, final PhysicalMemory memory) throws InterruptedException
    {
        final Queue<String> log = new ConcurrentLinkedQueue<>();
        final BootImage image = BootImage.empty().with("holder", () -> new DomainProgram(CapHolders.holder()))
            .with("driver", () -> new DomainProgram(driver(log)));
        final BootResult result = Boot.run(platform, interconnect, config, image,
            new BootPlan(List.of(), Optional.of("driver"), 0), memory);
        assertTrue(result.succeeded(), () -> result.error().orElse("") + " " + log);
        return List.copyOf(log);
    }

    private static void check(final List<String> lines)
    {
        assertEquals(5, lines.size(), lines::toString);
        assertEquals("x keeps: RAM 1048576 owner 1", lines.get(0));
        assertEquals("y keeps: RAM 1048576 owner 1", lines.get(1));
        assertEquals("x stopped: ok", lines.get(2));
        assertEquals("race: [REVOKE_FIRST, ok]", lines.get(3));
        // exactly one core owns it (names itself); the other may still name core 1, which sends it on to the owner
        final java.util.regex.Matcher owners = java.util.regex.Pattern
            .compile("owners: RAM 1048576 owner (\\d) \\| RAM 1048576 owner (\\d) \\| later: ok ok").matcher(lines.get(4));
        assertTrue(owners.matches(), lines.get(4));
        assertTrue(owners.group(1).equals("0") ^ owners.group(2).equals("2"), lines.get(4));
    }

    @Test
    void twoSimulatedCoresRacingOnAnOrphanAdoptItOnce() throws Exception
    {
        try (SimPlatform sim = new SimPlatform(Machines.load("amd-4x4"), 3, SimOptions.seeded(7));
             PhysicalMemory memory = PhysicalMemory.reserve(64 * MIB, sim.machine().numaNodes()))
        {
            check(run(sim, new SimInterconnect(sim), MonitorConfig.defaults(3).withWarmupNs(0, 0).withPingRounds(5),
                memory));
        }
    }

    @Test
    void threeRealCoresRacingOnAnOrphanAdoptItOnce() throws Exception
    {
        try (PhysicalMemory memory = PhysicalMemory.reserve(64 * MIB, List.of());
             LinuxPlatform platform = new LinuxPlatform(SysfsDiscovery.discoverHost(), 3, IdlePolicy.POLL_THEN_BLOCK))
        {
            check(run(platform, new SharedMemoryInterconnect(platform), MonitorConfig.defaults(3).withPingRounds(10),
                memory));
        }
    }
}
