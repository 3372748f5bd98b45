package dev.flotilla.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Program;
import dev.flotilla.lib.mem.RamAllocator;
import dev.flotilla.lib.mem.SlotAllocator;
import dev.flotilla.lib.vm.VSpace;
import dev.flotilla.monitor.BootPlan;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.platform.IdlePolicy;
import dev.flotilla.platform.Platform;
import dev.flotilla.platform.linux.LinuxPlatform;
import dev.flotilla.platform.linux.SysfsDiscovery;
import dev.flotilla.platform.memory.PhysicalMemory;
import dev.flotilla.runtime.Boot;
import dev.flotilla.runtime.BootResult;
import dev.flotilla.runtime.Main;
import dev.flotilla.sim.SimInterconnect;
import dev.flotilla.sim.SimOptions;
import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.machine.Machines;
import dev.flotilla.urpc.Interconnect;
import dev.flotilla.urpc.SharedMemoryInterconnect;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Boots with physical memory and a boot task that builds its own page tables, maps memory, and reads and
 * writes through it — on real cores and on a simulated machine — and checks what the boot report shows.
 */
class MemorySystemTest
{
    private static final long MIB = 1L << 20;
    private static final long VA = 0x10_0000_0000L;

    /** The boot task: each step of its story appends to the log; it exits 0 when every step went as it must. */
    private static final class MemoryTask implements Program
    {
        private final List<String> log;

        MemoryTask(final List<String> log)
        {
            this.log = log;
        }

        @Override
        public void start(final Dispatcher self)
        {
            final CapRights rw = CapRights.READ.or(CapRights.WRITE);
            final RamAllocator ram = new RamAllocator(self.syscalls(), List.of(CSpaceLayout.taskRam()));
            final SlotAllocator slots = SlotAllocator.forDispatcher().growFrom(ram);
            final VSpace vspace = VSpace.create(self.syscalls(), slots, ram);
            final CapRef frame = slots.allocate();
            ram.retype(CapType.FRAME, 4 * MIB, 2 * MIB, frame);
            vspace.map(frame, VA, rw);
            vspace.map(frame, VA + 64 * MIB, MIB, CapRights.READ);
            log.add("fresh " + vspace.readLong(VA + 3 * MIB));
            for (long at = VA; at < VA + 4 * MIB; at += ObjectSizes.BASE_PAGE)
            {
                vspace.writeLong(at, at);
            }
            log.add("read back " + (vspace.readLong(VA + 4 * MIB - ObjectSizes.BASE_PAGE) == VA + 4 * MIB - ObjectSizes.BASE_PAGE));
            log.add("read-only view " + (vspace.readLong(VA + 64 * MIB + 8192) == VA + 8192));
            log.add("write without right: " + fault(() -> vspace.writeLong(VA + 64 * MIB, 1)));
            vspace.unmap(VA + 64 * MIB);
            log.add("after unmap: " + fault(() -> vspace.readLong(VA + 64 * MIB)));
            self.syscalls().revoke(CSpaceLayout.taskRam());
            log.add("after revoke: " + fault(() -> vspace.readLong(VA)));
            self.exit(0);
        }

        private static String fault(final Runnable access)
        {
            try
            {
                access.run();
                return "no fault";
            }
            catch (final FlotillaException fault)
            {
                return fault.code().name();
            }
        }
    }

    private static final List<String> EXPECTED = List.of("fresh 0", "read back true", "read-only view true",
        "write without right: " + ErrorCode.VSPACE_WRITE_PROTECTED, "after unmap: " + ErrorCode.VSPACE_NOT_MAPPED,
        "after revoke: " + ErrorCode.VSPACE_NOT_MAPPED);

    private static BootResult boot(final Platform platform, final Interconnect interconnect, final MonitorConfig config,
        final PhysicalMemory memory, final List<String> log) throws InterruptedException
    {
        final BootImage image = BootImage.empty().with("memory", () -> new MemoryTask(log));
        return Boot.run(platform, interconnect, config, image, new BootPlan(List.of(), Optional.of("memory"), 0), memory);
    }

    @Test
    void aBootTaskOnRealCoresMapsMemoryAndEveryAccessIsChecked() throws Exception
    {
        final List<String> log = new ArrayList<>();
        try (PhysicalMemory memory = PhysicalMemory.reserve(256 * MIB, List.of());
             LinuxPlatform platform = new LinuxPlatform(SysfsDiscovery.discoverHost(), 2, IdlePolicy.POLL_THEN_BLOCK))
        {
            final BootResult result = boot(platform, new SharedMemoryInterconnect(platform),
                MonitorConfig.defaults(2).withPingRounds(10), memory, log);
            assertTrue(result.succeeded(), () -> result.error().orElse("") + " " + log);
            assertEquals(EXPECTED, log);
            assertEquals(1, result.memory().orElseThrow().ram().size());
        }
    }

    @Test
    void theSameTaskRunsOnASimulatedMachineWithRamOnEveryNode() throws Exception
    {
        final List<String> log = new ArrayList<>();
        try (SimPlatform sim = new SimPlatform(Machines.load("amd-4x4"), 4, SimOptions.seeded(5));
             PhysicalMemory memory = PhysicalMemory.reserve(512 * MIB, sim.machine().numaNodes()))
        {
            final BootResult result = boot(sim, new SimInterconnect(sim),
                MonitorConfig.defaults(4).withWarmupNs(0, 0).withPingRounds(10), memory, log);
            assertTrue(result.succeeded(), () -> result.error().orElse("") + " " + log);
            assertEquals(EXPECTED, log);
            assertEquals(4, result.memory().orElseThrow().ram().size(), "one RAM capability per NUMA node");
        }
    }

    @Test
    void theBootReportShowsPhysicalMemoryAndTheInitialRamCapabilities() throws Exception
    {
        final StringWriter out = new StringWriter();
        final int status = Main.run(new String[] {"boot", "--sim", "amd-2x2", "--memory", "64M", "--json"},
            new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertEquals(0, status, out::toString);
        final JsonNode memory = new ObjectMapper().readTree(out.toString()).get("memory");
        assertEquals(64 * MIB, memory.get("bytes").asLong());
        assertEquals(PhysicalMemory.BASE, memory.get("base").asLong());
        final JsonNode ram = memory.get("ramCapabilities");
        assertEquals(2, ram.size());
        long next = PhysicalMemory.BASE;
        for (int node = 0; node < 2; node++)
        {
            assertEquals("RAM", ram.get(node).get("type").asText());
            assertEquals(node, ram.get(node).get("node").asInt());
            assertEquals(next, ram.get(node).get("base").asLong());
            assertEquals("RWXGI", ram.get(node).get("rights").asText());
            next += ram.get(node).get("bytes").asLong();
        }
        assertEquals(PhysicalMemory.BASE + 64 * MIB, next, "the RAM capabilities cover all of it");

        final StringWriter text = new StringWriter();
        Main.run(new String[] {"boot", "--cores", "1", "--ping-rounds", "10", "--memory", "128M"},
            new PrintWriter(text, true), new PrintWriter(new StringWriter(), true));
        assertTrue(text.toString().contains("memory    128 MiB physical at [0x100000000, 0x108000000)"), text::toString);
        assertTrue(text.toString().contains("RAM node 0 [0x100000000, 0x108000000) 128 MiB, rights RWXGI, in init's "
            + "CSpace at L1[3]/0 on core 0"), text::toString);
    }
}
