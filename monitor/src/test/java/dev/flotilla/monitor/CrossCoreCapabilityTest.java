package dev.flotilla.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.CapabilityRecord;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.Port;
import dev.flotilla.idl.Reply;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.kernel.Syscalls;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Program;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainContext;
import dev.flotilla.lib.domain.DomainProgram;
import dev.flotilla.lib.mem.RamAllocator;
import dev.flotilla.lib.mem.SlotAllocator;
import dev.flotilla.lib.vm.VSpace;
import dev.flotilla.monitor.courier.CourierBinding;
import dev.flotilla.monitor.courier.CourierHandler;
import dev.flotilla.platform.memory.PhysicalMemory;
import dev.flotilla.urpc.Channel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Capabilities as arguments of generated interfaces between dispatchers on two cores, over UMP: they travel
 * through the two monitors, arrive with their type, rights and range, are recorded on both sides (remote
 * relation bits, owner), need GRANT, and every refusal comes back to the sender as a code while the channel
 * goes on.
 */
class CrossCoreCapabilityTest
{
    private static final long KIB = 1L << 10;
    private static final long MIB = 1L << 20;
    private static final long VA = 0x10_0000_0000L;
    private static final long PATTERN = 0xF10_7111A_0C0FFEEL;
    private static final CapRights READ_ONLY = CapRights.READ.or(CapRights.GRANT).or(CapRights.IDENTIFY);

    /** How a dispatcher sees a capability it holds: type, range, rights, owner core, remote-relation bits. */
    static String seen(final Syscalls syscalls, final CapRef cap)
    {
        final CapabilityRecord r = syscalls.describe(cap);
        return r.capability().type() + " " + r.capability().size() / KIB + " KiB at 0x"
            + Long.toHexString(r.capability().base()) + " " + r.capability().rights() + " owner " + r.owner()
            + " relations " + r.relations();
    }

    /** On core 1: receives capabilities, maps the frame it is given with page tables from the RAM it is given. */
    static final class CourierService implements Program
    {
        private final List<CapRef> filled = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();

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
                        final String described = seen(self.syscalls(), frame) + " | " + seen(self.syscalls(), ram)
                            + (frame.l1Index() == CSpaceLayout.ROOTCN_SLOT_RECEIVECN ? " | in the receive CNode" : "");
                        final RamAllocator memory = new RamAllocator(self.syscalls(), List.of(ram));
                        final VSpace vspace = VSpace.create(self.syscalls(), SlotAllocator.forDispatcher().growFrom(memory),
                            memory);
                        vspace.map(frame, VA, CapRights.READ);
                        request.reply(described + " | read 0x" + Long.toHexString(vspace.readLong(VA)));
                    }

                    @Override
                    public void onDescribe(final CourierBinding.DescribeRequest request, final CapRef cap)
                    {
                        request.reply(seen(self.syscalls(), cap));
                    }

                    @Override
                    public void onFill(final CourierBinding.FillRequest request)
                    {
                        CapRef held = null; // what arrived first: copied into every free slot
                        for (int i = 0; i < ObjectSizes.L2_CNODE_SLOTS && held == null; i++)
                        {
                            final CapRef slot = CapRef.of(CSpaceLayout.ROOTCN_SLOT_RECEIVECN, i);
                            held = code(() -> self.syscalls().identify(slot)).equals("ok") ? slot : null;
                        }
                        for (int i = 0; i < ObjectSizes.L2_CNODE_SLOTS; i++)
                        {
                            final CapRef slot = CapRef.of(CSpaceLayout.ROOTCN_SLOT_RECEIVECN, i);
                            if (!code(() -> self.syscalls().identify(slot)).equals("ok"))
                            {
                                self.syscalls().copy(held, CapRef.inRoot(CSpaceLayout.ROOTCN_SLOT_RECEIVECN), i);
                                filled.add(slot);
                            }
                        }
                        request.reply(filled.size());
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

                    @Override
                    public void onDrain(final CourierBinding.DrainRequest request)
                    {
                        filled.forEach(self.syscalls()::delete);
                        request.reply(filled.size());
                        filled.clear();
                    }
                });
            }, (ok, error) -> { });
        }
    }

    /** {@link #seen} without the range. */
    static String brief(final String seen)
    {
        return seen.replaceAll(" [0-9]+ KiB at 0x[0-9a-f]+", "");
    }

    static String code(final Runnable call)
    {
        try
        {
            call.run();
            return "ok";
        }
        catch (final FlotillaException e)
        {
            return e.code().name();
        }
    }

    private static <T> T await(final Dispatcher self, final java.util.function.Consumer<dev.flotilla.idl.Completion<T>> call)
    {
        final Reply<T> reply = new Reply<>();
        call.accept(reply);
        self.threads().await(reply);
        return reply.get();
    }

    /** Binds to {@code name}, waiting for it to be exported. */
    static Port bindWhenExported(final DomainContext context, final String name)
    {
        final Dispatcher self = context.dispatcher();
        while (true)
        {
            final Reply<Channel> bound = new Reply<>();
            self.monitor().bind(name, bound);
            self.threads().await(bound);
            if (bound.error() == null)
            {
                final Port port = new Port(bound.get());
                self.attach(port);
                return port;
            }
            context.sleepNs(20_000);
        }
    }

    /** On core 0: sends a frame it wrote and RAM to core 1, then tries every way it must fail. */
    private static Domain sender(final List<String> log)
    {
        return context ->
        {
            final Dispatcher self = context.dispatcher();
            final Syscalls sys = self.syscalls();
            CrossCoreCapabilityTest.<Boolean>await(self, done -> self.monitor().spawn(1, "courier", done));
            final Port port = bindWhenExported(context, "courier");
            final CourierBinding courier = new CourierBinding(port);

            final RamAllocator ram = new RamAllocator(sys, List.of(CSpaceLayout.taskRam()));
            final SlotAllocator slots = SlotAllocator.forDispatcher().growFrom(ram);
            final VSpace vspace = VSpace.create(sys, slots, ram);
            final CapRef frame = slots.allocate();
            ram.retype(CapType.FRAME, 64 * KIB, 4 * KIB, frame);
            vspace.map(frame, VA, CapRights.READ.or(CapRights.WRITE));
            vspace.writeLong(VA, PATTERN);
            final CapRef tables = slots.allocate();
            ram.retype(CapType.RAM, MIB, 4 * KIB, tables);

            log.add("sent: " + seen(sys, frame) + " | " + seen(sys, tables));
            log.add("received: " + courier.deliver(frame, tables));
            log.add("sender's frame: " + seen(sys, frame));
            log.add("sender's RAM: " + seen(sys, tables));
            log.add("sender's task RAM: " + brief(seen(sys, CSpaceLayout.taskRam())));
            final CapRef scratch = slots.allocate();
            log.add("retype the RAM it sent: " + code(() -> sys.retype(tables, 0, CapType.FRAME, 4 * KIB, 1,
                CapRef.inRoot(scratch.l1Index()), scratch.l2Slot())));

            final CapRef noGrant = slots.allocate();
            sys.mint(frame, CapRef.inRoot(noGrant.l1Index()), noGrant.l2Slot(),
                new CapRights(CapRights.ALL.bits() & ~CapRights.GRANT.bits()));
            log.add("without GRANT: " + code(() -> courier.describe(noGrant)));
            final CapRef gone = slots.allocate();
            sys.copy(frame, CapRef.inRoot(gone.l1Index()), gone.l2Slot());
            sys.delete(gone);
            log.add("just deleted: " + code(() -> courier.describe(gone)));
            log.add("a CNode: " + code(() -> courier.describe(CapRef.inRoot(CSpaceLayout.ROOTCN_SLOT_SLOT_ALLOC0))));
            log.add("filled " + courier.fill());
            log.add("receiver full: " + code(() -> courier.describe(frame)));
            log.add("drained " + courier.drain());
            final CapRef readOnly = slots.allocate();
            sys.mint(frame, CapRef.inRoot(readOnly.l1Index()), readOnly.l2Slot(), READ_ONLY);
            log.add("and again: " + brief(courier.describe(readOnly)));
            log.add("undelivered " + port.undelivered() + ", waiting " + port.waiting());

            // One-way messages with and without capabilities, sent back to back: they arrive in the order sent,
            // each capability-carrying one holding those behind it until its capability is across.
            for (int n = 0; n < 12; n++)
            {
                if (n % 3 == 1)
                {
                    courier.hand(frame, n);
                }
                else
                {
                    courier.note(n);
                }
            }
            log.add("notes " + courier.notes());

            // Bad input: a describe call forged on the channel, with a word that names no capability that arrived.
            // The receiver rejects it and answers its token with CAP_NOT_FOUND (a reply this side never asked for),
            // and the channel goes on.
            final int describeCall = CourierBinding.ID << 8 | 3;
            port.channel().trySend(describeCall, new long[] {777_777, 424_242}, 0, 2);
            log.add("after a forged word: " + courier.notes().endsWith("11") + ", " + port.recentRejections().getLast());
        };
    }

    @Test
    void aFrameAndRamCrossCoresThroughTheMonitorsAndEveryRefusalIsACode()
    {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        final BootImage image = BootImage.empty().with("courier", CourierService::new)
            .with("sender", () -> new DomainProgram(sender(log)));
        final TestBoot booted;
        try (SteppedPlatform platform = new SteppedPlatform(2, 100);
             PhysicalMemory memory = PhysicalMemory.reserve(64 * MIB, List.of()))
        {
            final MonitorConfig config = new MonitorConfig(2, 16, 5, 0, 0, 1_000_000, 1_000_000);
            booted = TestBoot.run(platform, memory, config, image, new BootPlan(List.of(), Optional.of("sender"), 0),
                20_000_000_000L);
            assertTrue(platform.faults().isEmpty(), () -> platform.faults().toString());
            assertTrue(booted.outcome().succeeded(), () -> booted.outcome().error().orElse("") + " " + log);
        }
        assertEquals(16, log.size(), log::toString);
        assertTrue(log.get(15).startsWith("after a forged word: true, RX_UNKNOWN_REPLY"), log.get(15));
        assertEquals("notes 0 1:FRAME 2 3 4:FRAME 5 6 7:FRAME 8 9 10:FRAME 11", log.get(14));
        final String sent = log.get(0).substring("sent: ".length());
        final String[] both = sent.split(" \\| ");
        // The receiver sees the same type, range and rights; the frame stays owned by core 0 (it is mapped there),
        // the RAM's ownership moved to core 1 (nothing on core 0 derives from it), so core 1 retyped its page tables.
        final String frame = both[0].replace("owner 0 relations 0", "owner 0 relations 7");
        final String ram = both[1].replace("owner 0 relations 0", "owner 1 relations 3");
        assertTrue(both[0].startsWith("FRAME 64 KiB at 0x") && both[0].endsWith("RWXGI owner 0 relations 0"), sent);
        assertEquals("received: " + frame + " | " + ram + " | in the receive CNode | read 0x"
            + Long.toHexString(PATTERN), log.get(1));
        assertEquals("sender's frame: " + both[0].replace("relations 0", "relations 1"), log.get(2));
        assertEquals("sender's RAM: " + both[1].replace("owner 0 relations 0", "owner 1 relations 1"), log.get(3));
        assertEquals("sender's task RAM: RAM RWXGI owner 0 relations 4", log.get(4));
        assertEquals("retype the RAM it sent: RETRY_THROUGH_MONITOR", log.get(5));
        assertEquals("without GRANT: NO_RIGHTS", log.get(6));
        assertEquals("just deleted: CAP_NOT_FOUND", log.get(7));
        assertEquals("a CNode: CAP_NOT_TRANSFERABLE", log.get(8));
        assertEquals("filled 254", log.get(9));
        assertEquals("receiver full: SLOT_ALLOC_NO_SPACE", log.get(10));
        assertEquals("drained 254", log.get(11));
        assertEquals("and again: FRAME " + READ_ONLY + " owner 0 relations 7", log.get(12));
        assertEquals("undelivered 1, waiting 0", log.get(13), "the CNode's message was dropped, nothing waits");
        final var kernel0 = booted.kernels().get(0);
        final var kernel1 = booted.kernels().get(1);
        // core 0's monitor also sent core 1's monitor its channel RAM at boot, and the frame of the courier channel's rings
        assertEquals(1, booted.monitors().get(0).channelMemory().framesMade(), "the sender bound one channel");
        final long channelCopies = 1 + booted.monitors().get(0).channelMemory().framesMade();
        assertEquals(2 + channelCopies, kernel0.remoteCopiesHeld(), "core 0 records the frame and the RAM it sent");
        assertEquals(1, kernel1.capabilitiesArrived(), "the copy the full receiver could not take waits on core 1");
        assertEquals(0, kernel0.capabilitiesInTransit());
        assertEquals(0, booted.monitors().get(0).copier().outgoing().size());
        assertEquals(8 + channelCopies, booted.monitors().get(0).copier().copiesSent());
        assertEquals(1, booted.monitors().get(0).copier().refused(), "the CNode");
    }
}
