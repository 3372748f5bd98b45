package dev.flotilla.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.Port;
import dev.flotilla.idl.Reply;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Program;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainProgram;
import dev.flotilla.monitor.keeper.KeeperBinding;
import dev.flotilla.monitor.keeper.KeeperHandler;
import dev.flotilla.platform.memory.PhysicalMemory;
import dev.flotilla.urpc.Channel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Capabilities as arguments of generated interfaces between two dispatchers of one core: they travel through
 * the CPU driver, arrive in the receiver's own CSpace with their type, rights and range, and need the GRANT
 * right. Across cores, see {@link CrossCoreCapabilityTest}.
 */
class CapabilityArgumentTest
{
    private static final long MIB = 1L << 20;

    /** Keeps what it is given and answers its size; logs what it holds in its own CSpace. */
    private static final class KeeperService implements Program
    {
        private final List<String> log;

        KeeperService(final List<String> log)
        {
            this.log = log;
        }

        @Override
        public void start(final Dispatcher self)
        {
            self.monitor().export("keeper", channel ->
            {
                final Port port = new Port(channel);
                self.attach(port);
                new KeeperBinding(port, new KeeperHandler()
                {
                    @Override
                    public void onKeep(final KeeperBinding.KeepRequest request, final CapRef cap, final String label)
                    {
                        final Capability held = self.syscalls().identify(cap);
                        log.add(label + ": " + held.type() + " " + held.size() / MIB + " MiB, rights " + held.rights()
                            + (cap.l1Index() == CSpaceLayout.ROOTCN_SLOT_RECEIVECN ? ", in the receive CNode" : ""));
                        request.reply(held.size());
                    }
                });
            }, (ok, error) -> { });
        }
    }

    private static <T> T await(final Dispatcher self, final java.util.function.Consumer<dev.flotilla.idl.Completion<T>> call)
    {
        final Reply<T> reply = new Reply<>();
        call.accept(reply);
        self.threads().await(reply);
        return reply.get();
    }

    private static String code(final Runnable call)
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

    private static List<String> boot(final int cores, final Domain giver, final int giverCore, final List<String> log)
    {
        final BootImage image = BootImage.empty().with("keeper", () -> new KeeperService(log))
            .with("giver", () -> new DomainProgram(giver));
        try (SteppedPlatform platform = new SteppedPlatform(cores, 100);
             PhysicalMemory memory = PhysicalMemory.reserve(64 * MIB, List.of()))
        {
            final MonitorConfig config = new MonitorConfig(cores, 16, 5, 0, 0, 1_000_000, 1_000_000);
            final TestBoot booted = TestBoot.run(platform, memory, config, image, new BootPlan(List.of("keeper"),
                Optional.of("giver"), giverCore), 20_000_000_000L);
            assertTrue(platform.faults().isEmpty(), () -> platform.faults().toString());
            assertTrue(booted.outcome().succeeded(), () -> booted.outcome().error().orElse("") + " " + log);
            assertEquals(0, booted.kernels().getFirst().capabilitiesInTransit(), "every capability given was taken");
        }
        return log;
    }

    @Test
    void aCapabilityTravelsThroughTheCpuDriverAndOnlyWithTheGrantRight()
    {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        final Domain giver = context ->
        {
            final Dispatcher self = context.dispatcher();
            final Channel local = await(self, done -> self.monitor().bind("keeper", done));
            final Port port = new Port(local);
            self.attach(port);
            final KeeperBinding keeper = new KeeperBinding(port);
            final CapRef ram = CSpaceLayout.taskRam();
            log.add("kept " + keeper.keep(ram, "task RAM") / MIB + " MiB");
            log.add("the giver still holds it: " + self.syscalls().identify(ram).type());
            final CapRef noGrant = CapRef.of(CSpaceLayout.ROOTCN_SLOT_SLOT_ALLOC0, 0);
            self.syscalls().mint(ram, CapRef.inRoot(CSpaceLayout.ROOTCN_SLOT_SLOT_ALLOC0), 0,
                new CapRights(CapRights.ALL.bits() & ~CapRights.GRANT.bits()));
            log.add("without GRANT: " + code(() -> keeper.keep(noGrant, "no grant")));
            log.add("an empty slot: " + code(() -> keeper.keep(CapRef.of(CSpaceLayout.ROOTCN_SLOT_SLOT_ALLOC0, 9), "x")));
        };
        boot(2, giver, 0, log);
        assertTrue(log.get(0).startsWith("task RAM: RAM ") && log.get(0).endsWith("in the receive CNode"), log::toString);
        assertTrue(log.get(0).contains("rights RWXGI"), log::toString);
        assertTrue(log.get(1).startsWith("kept ") && log.get(1).endsWith(" MiB"), log::toString);
        assertEquals("the giver still holds it: RAM", log.get(2));
        assertEquals("without GRANT: NO_RIGHTS", log.get(3));
        assertEquals("an empty slot: CAP_NOT_FOUND", log.get(4));
    }
}
