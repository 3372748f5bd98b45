package dev.flotilla.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.CapabilityRecord;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.caps.cspace.RemoteRelations;
import dev.flotilla.idl.Port;
import dev.flotilla.idl.Reply;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.kernel.Syscalls;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Program;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainProgram;
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
import dev.flotilla.sim.SimInterconnect;
import dev.flotilla.sim.SimOptions;
import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.machine.Machines;
import dev.flotilla.systemtests.courier.CourierBinding;
import dev.flotilla.systemtests.courier.CourierHandler;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.Interconnect;
import dev.flotilla.urpc.SharedMemoryInterconnect;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * A frame and RAM cross cores as arguments of a generated interface — on real cores and on a simulated
 * machine: a dispatcher on core 0 writes the frame, sends both to a dispatcher on the last core, which builds
 * page tables from the RAM, maps the frame and reads the word; both sides record the remote copies.
 */
class CapabilityTransferSystemTest
{
    private static final long KIB = 1L << 10;
    private static final long MIB = 1L << 20;
    private static final long VA = 0x10_0000_0000L;
    private static final long PATTERN = 0x5EED_0F_CAFE_F00DL;

    private static String seen(final Syscalls syscalls, final CapRef cap)
    {
        final CapabilityRecord r = syscalls.describe(cap);
        return r.capability().type() + " " + r.capability().size() / KIB + " KiB at 0x"
            + Long.toHexString(r.capability().base()) + " " + r.capability().rights() + " owner " + r.owner()
            + " relations " + r.relations();
    }

    /** The receiver: maps what it is given and reads it. */
    private static final class Receiver implements Program
    {
        private final List<String> notes = new java.util.ArrayList<>();

        @Override
        public void start(final Dispatcher self)
        {
            self.monitor().export("courier", channel ->
            {
                final Port port = new Port(channel);
                self.attach(port);
                new CourierBinding(port, new CourierHandler()
                {
                    @Override
                    public void onDeliver(final CourierBinding.DeliverRequest request, final CapRef frame, final CapRef ram)
                    {
                        final String described = seen(self.syscalls(), frame) + " | " + seen(self.syscalls(), ram);
                        final RamAllocator memory = new RamAllocator(self.syscalls(), List.of(ram));
                        final VSpace vspace = VSpace.create(self.syscalls(), SlotAllocator.forDispatcher().growFrom(memory),
                            memory);
                        vspace.map(frame, VA, CapRights.READ);
                        request.reply(described + " | core " + self.core() + " read 0x"
                            + Long.toHexString(vspace.readLong(VA)));
                    }

                    @Override
                    public void onNote(final CourierBinding from, final int n)
                    {
                        notes.add(Integer.toString(n));
                    }

                    @Override
                    public void onHand(final CourierBinding from, final CapRef cap, final int n)
                    {
                        notes.add(n + ":" + self.syscalls().identify(cap).type());
                        self.syscalls().delete(cap);
                    }

                    @Override
                    public void onNotes(final CourierBinding.NotesRequest request)
                    {
                        request.reply(String.join(" ", notes));
                    }
                });
            }, (ok, error) -> { });
        }
    }

    /** The sender, on core 0: starts the receiver on core {@code target}, writes a frame and sends it with RAM. */
    private static Domain sender(final Queue<String> log, final int target)
    {
        return context ->
        {
            final Dispatcher self = context.dispatcher();
            final Syscalls sys = self.syscalls();
            final Reply<Boolean> spawned = new Reply<>();
            self.monitor().spawn(target, "receiver", spawned);
            self.threads().await(spawned);
            spawned.get();
            Port port = null;
            while (port == null)
            {
                final Reply<Channel> bound = new Reply<>();
                self.monitor().bind("courier", bound);
                self.threads().await(bound);
                if (bound.error() == null)
                {
                    port = new Port(bound.get());
                    self.attach(port);
                }
                else
                {
                    context.sleepNs(20_000);
                }
            }
            final RamAllocator ram = new RamAllocator(sys, List.of(CSpaceLayout.taskRam()));
            final SlotAllocator slots = SlotAllocator.forDispatcher().growFrom(ram);
            final VSpace vspace = VSpace.create(sys, slots, ram);
            final CapRef frame = slots.allocate();
            ram.retype(CapType.FRAME, 64 * KIB, 4 * KIB, frame);
            vspace.map(frame, VA, CapRights.READ.or(CapRights.WRITE));
            vspace.writeLong(VA, PATTERN);
            final CapRef tables = slots.allocate();
            ram.retype(CapType.RAM, MIB, 4 * KIB, tables);
            log.add(seen(sys, frame) + " | " + seen(sys, tables));
            final CourierBinding courier = new CourierBinding(port);
            log.add(courier.deliver(frame, tables));
            log.add(seen(sys, frame) + " | " + seen(sys, tables));
            final StringBuilder expected = new StringBuilder();
            for (int n = 0; n < 40; n++)
            {
                if (n % 3 == 1)
                {
                    courier.hand(frame, n);
                    expected.append(n).append(":FRAME ");
                }
                else
                {
                    courier.note(n);
                    expected.append(n).append(' ');
                }
            }
            final String notes = courier.notes();
            log.add(notes.equals(expected.toString().trim()) ? "in order" : "out of order: " + notes);
        };
    }

    private static List<String> run(final Platform platform, final Interconnect interconnect, final MonitorConfig config,
        final PhysicalMemory memory) throws InterruptedException
    {
        final Queue<String> log = new ConcurrentLinkedQueue<>();
        final int target = config.cores() - 1;
        final BootImage image = BootImage.empty().with("receiver", Receiver::new)
            .with("sender", () -> new DomainProgram(sender(log, target)));
        final BootResult result = Boot.run(platform, interconnect, config, image,
            new BootPlan(List.of(), Optional.of("sender"), 0), memory);
        assertTrue(result.succeeded(), () -> result.error().orElse("") + " " + log);
        final List<String> lines = List.copyOf(log);
        assertEquals(4, lines.size(), lines::toString);
        assertEquals("in order", lines.get(3), "messages with and without capabilities arrive in the order sent");
        final String[] before = lines.get(0).split(" \\| ");
        final int copies = RemoteRelations.COPIES;
        final int received = copies | RemoteRelations.ANCESTORS;
        // The frame is mapped on core 0, so it stays owned there; the RAM's ownership moves with it.
        assertEquals(before[0].replace("relations 0", "relations " + (received | RemoteRelations.DESCENDANTS)) + " | "
            + before[1].replace("owner 0 relations 0", "owner " + target + " relations " + received) + " | core "
            + target + " read 0x" + Long.toHexString(PATTERN), lines.get(1));
        assertEquals(before[0].replace("relations 0", "relations " + copies) + " | "
            + before[1].replace("owner 0 relations 0", "owner " + target + " relations " + copies), lines.get(2));
        return lines;
    }

    @Test
    void aFrameCrossesRealCoresThroughTheMonitors() throws Exception
    {
        try (PhysicalMemory memory = PhysicalMemory.reserve(64 * MIB, List.of());
             LinuxPlatform platform = new LinuxPlatform(SysfsDiscovery.discoverHost(), 2, IdlePolicy.POLL_THEN_BLOCK))
        {
            run(platform, new SharedMemoryInterconnect(platform), MonitorConfig.defaults(2).withPingRounds(10), memory);
        }
    }

    @Test
    void aFrameCrossesASimulatedMachineFromOneNodeToAnother() throws Exception
    {
        try (SimPlatform sim = new SimPlatform(Machines.load("amd-4x4"), 8, SimOptions.seeded(3));
             PhysicalMemory memory = PhysicalMemory.reserve(128 * MIB, sim.machine().numaNodes()))
        {
            run(sim, new SimInterconnect(sim), MonitorConfig.defaults(8).withWarmupNs(0, 0).withPingRounds(5), memory);
        }
    }
}
