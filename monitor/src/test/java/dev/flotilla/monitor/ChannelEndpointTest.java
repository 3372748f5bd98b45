package dev.flotilla.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.caps.CapType;
import dev.flotilla.caps.CapabilityRecord;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.Port;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.kernel.ChannelEndpoint;
import dev.flotilla.kernel.CpuDriver;
import dev.flotilla.kernel.Syscalls;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Program;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainProgram;
import dev.flotilla.monitor.adder.AdderBinding;
import dev.flotilla.monitor.adder.AdderHandler;
import dev.flotilla.platform.memory.PhysicalMemory;
import dev.flotilla.sim.SimInterconnect;
import dev.flotilla.sim.SimOptions;
import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.machine.Machines;
import dev.flotilla.urpc.Channel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Channel endpoints carried as capabilities, end to end on stepped cores with memory: a client on core 0 binds to
 * a service on core 1 (UMP, its rings in a FRAME the client's monitor retyped from its channel RAM, the frame's
 * copy sent to core 1's monitor) and to one on its own core (LMP); each side's end arrives as an END_POINT in its
 * dispatcher's CSpace, listened to by that dispatcher, and the calls go through. On the simulator the same, with
 * the SIM transport's own rings and no frame.
 */
class ChannelEndpointTest
{
    private static final long MIB = 1L << 20;

    /** One dispatcher's view of the end it bound: "type state transport frame-base-or-none". */
    static String describe(final Dispatcher self, final Channel channel)
    {
        final Syscalls sys = self.syscalls();
        final CapRef ref = self.monitor().endpoints().of(channel).orElseThrow();
        final ChannelEndpoint end = sys.endpoint(ref);
        final boolean kept = ref.l1Index() == CSpaceLayout.ROOTCN_SLOT_ENDPOINTCN;
        final boolean listener = sys.identify(ref).base() == sys.identify(CSpaceLayout.dispatcherCap()).base();
        return sys.identify(ref).type() + " " + end.state() + " " + channel.transport() + (kept ? " kept" : " loose")
            + (listener ? " mine" : " not-mine") + " " + (end.frame() == null ? "none" : end.frame().type() + "@0x"
            + Long.toHexString(end.frame().base()));
    }

    /** Exports adder.N on its core; records how its first client's end arrived, and what its core holds of the frame. */
    static final class AdderService implements Program
    {
        private final Map<Integer, String> seen;
        private final Map<Integer, CpuDriver> kernels;

        AdderService(final Map<Integer, String> seen, final Map<Integer, CpuDriver> kernels)
        {
            this.seen = seen;
            this.kernels = kernels;
        }

        @Override
        public void start(final Dispatcher self)
        {
            self.monitor().export("adder." + self.core(), channel ->
            {
                final CapRef ref = self.monitor().endpoints().of(channel).orElseThrow();
                final ChannelEndpoint end = self.syscalls().endpoint(ref);
                final long frames = end.frame() == null ? 0 : kernels.get(self.core()).capabilitySnapshot().stream()
                    .filter(r -> end.frame().isCopy(r.capability())).count();
                seen.put(self.core(), describe(self, channel) + " copies " + frames);
                final Port port = new Port(channel);
                self.attach(port);
                new AdderBinding(port, new AdderHandler()
                {
                    @Override
                    public void onAdd(final AdderBinding.AddRequest request, final long a, final long b)
                    {
                        request.reply(a + b);
                    }
                });
            }, (ok, error) -> { });
        }
    }

    private static Domain client(final List<String> log, final int extraBinds)
    {
        return context ->
        {
            final Dispatcher self = context.dispatcher();
            for (final int core : new int[] {1, 0})
            {
                final Port port = CrossCoreCapabilityTest.bindWhenExported(context, "adder." + core);
                final long sum = new AdderBinding(port).add(40, core);
                log.add("adder." + core + " " + sum + " " + describe(self, port.channel()));
            }
            log.add("bound " + self.monitor().endpoints().size());
            int inFrames = 0;
            long sum = 0;
            for (int i = 0; i < extraBinds; i++)
            {
                final Port port = CrossCoreCapabilityTest.bindWhenExported(context, "adder.1");
                sum += new AdderBinding(port).add(i, 1);
                final CapRef ref = self.monitor().endpoints().of(port.channel()).orElseThrow();
                inFrames += self.syscalls().endpoint(ref).frame() == null ? 0 : 1;
            }
            log.add("extra " + extraBinds + " in frames " + inFrames + " sum " + sum);
        };
    }

    /** What one boot saw: the client's log, each service's view of its end, and the boot. */
    private record Run(List<String> log, Map<Integer, String> seen, TestBoot booted)
    {
    }

    /** Boots two cores, on the simulated AMD when {@code simulated}, else stepped cores with 64 MiB of memory. */
    private static Run run(final boolean simulated, final int extraBinds)
    {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        final Map<Integer, String> seen = new ConcurrentHashMap<>();
        final Map<Integer, CpuDriver> kernels = new ConcurrentHashMap<>();
        final BootImage image = BootImage.empty().with("adder", () -> new AdderService(seen, kernels))
            .with("client", () -> new DomainProgram(context ->
            {
                final Dispatcher self = context.dispatcher();
                for (final int core : new int[] {1, 0})
                {
                    final dev.flotilla.idl.Reply<Boolean> spawned = new dev.flotilla.idl.Reply<>();
                    self.monitor().spawn(core, "adder", spawned);
                    self.threads().await(spawned);
                }
                client(log, extraBinds).main(context);
            }));
        final MonitorConfig config = new MonitorConfig(2, 16, 5, 0, 0, 1_000_000, 1_000_000);
        final BootPlan plan = new BootPlan(List.of(), Optional.of("client"), 0);
        final java.util.function.Consumer<Monitor> created = monitor -> kernels.put(monitor.core(), monitor.kernel());
        final TestBoot booted;
        if (simulated)
        {
            try (SimPlatform platform = new SimPlatform(Machines.load("amd-8x4"), 2, SimOptions.DEFAULTS))
            {
                booted = TestBoot.run(platform, new SimInterconnect(platform), config, image, plan, created,
                    20_000_000_000L);
                assertTrue(platform.faults().isEmpty(), () -> platform.faults().toString());
            }
        }
        else
        {
            try (SteppedPlatform platform = new SteppedPlatform(2, 100);
                 PhysicalMemory memory = PhysicalMemory.reserve(64 * MIB, List.of()))
            {
                booted = TestBoot.run(platform, memory, config, image, plan, created, 20_000_000_000L);
                assertTrue(platform.faults().isEmpty(), () -> platform.faults().toString());
            }
        }
        assertTrue(booted.outcome().succeeded(), () -> booted.outcome().error().orElse("") + " " + log);
        return new Run(log, seen, booted);
    }

    @Test
    void endpointsArriveAsCapabilitiesAndACrossCoreRingLivesInAFrameBothCoresHold()
    {
        final Run run = run(false, 0);
        final List<String> log = run.log();
        final Map<Integer, String> seen = run.seen();
        final TestBoot booted = run.booted();
        assertEquals(4, log.size(), log::toString);
        final String frame = log.get(0).substring(log.get(0).lastIndexOf(' ') + 1);
        assertTrue(frame.startsWith("FRAME@0x"), log.get(0));
        assertEquals("adder.1 41 END_POINT BOUND UMP kept mine " + frame, log.get(0));
        // core 1 holds the frame as a FRAME capability while the channel runs: its monitor's copy, and the service's
        // end names it (the frame, not the anonymous shared memory, is what crossed)
        assertEquals("END_POINT BOUND UMP kept mine " + frame + " copies 1", seen.get(1));
        assertEquals("adder.0 40 END_POINT BOUND LMP kept mine none", log.get(1));
        assertEquals("END_POINT BOUND LMP kept mine none copies 0", seen.get(0));
        assertEquals("bound 2", log.get(2));
        assertEquals(0, booted.monitors().get(0).binder().framesRefused());

        final long base = Long.parseLong(frame.substring("FRAME@0x".length()), 16);
        final List<CapabilityRecord> frames = booted.kernels().get(0).capabilitySnapshot().stream()
            .filter(r -> r.capability().type() == CapType.FRAME && r.capability().base() == base).toList();
        assertEquals(1, frames.size(), "after the halt core 0 still records the copy it sent: " + frames);
        assertEquals(ChannelMemory.frameBytes(16), frames.getFirst().capability().size());
        assertEquals(1, booted.monitors().get(0).channelMemory().framesMade());
        assertEquals(1, booted.monitors().get(1).channelMemory().framesReceived());
    }

    @Test
    void onTheSimulatorTheEndpointsAreCapabilitiesTooAndTheSimTransportKeepsItsOwnRings()
    {
        final Run run = run(true, 0);
        assertEquals(List.of("adder.1 41 END_POINT BOUND SIM kept mine none", "adder.0 40 END_POINT BOUND LMP kept mine none",
            "bound 2", "extra 0 in frames 0 sum 0"), run.log());
        assertEquals("END_POINT BOUND SIM kept mine none copies 0", run.seen().get(1));
        assertEquals("END_POINT BOUND LMP kept mine none copies 0", run.seen().get(0));
        assertEquals(0, run.booted().monitors().get(0).channelMemory().framesMade(), "no channel RAM on the simulator");
    }

    @Test
    void whenTheChannelRamRunsOutLaterRingsGoInSharedMemoryAndEveryBindStillWorks()
    {
        final int extra = 270; // 1 MiB of channel RAM holds 255 frames of 4 KiB (16-slot rings) in the page CNode
        final Run run = run(false, extra);
        final ChannelMemory client = run.booted().monitors().get(0).channelMemory();
        final long frames = client.framesMade();
        assertTrue(frames > 200 && frames < extra, "frames made: " + frames);
        final long sum = (long)extra * (extra - 1) / 2 + extra;
        assertEquals("extra " + extra + " in frames " + (frames - 1) + " sum " + sum, run.log().get(3),
            "the first bind's frame is counted too");
        assertEquals(frames, run.booted().monitors().get(1).channelMemory().framesReceived());
    }
}
