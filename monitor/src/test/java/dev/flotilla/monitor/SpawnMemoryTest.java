package dev.flotilla.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Program;
import dev.flotilla.lib.mem.RamAllocator;
import dev.flotilla.lib.mem.SlotAllocator;
import dev.flotilla.lib.vm.VSpace;
import dev.flotilla.platform.memory.PhysicalMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Spawned dispatchers on core 0 get a piece of init's RAM, and can map and use it. */
class SpawnMemoryTest
{
    private static final long MIB = 1L << 20;

    /** Notes what RAM it was given; on core 0 it also maps a frame of it and checks a write reads back. */
    private static final class MemoryUser implements Program
    {
        private final List<String> log;

        MemoryUser(final List<String> log)
        {
            this.log = log;
        }

        @Override
        public void start(final Dispatcher self)
        {
            final Capability ram;
            try
            {
                ram = self.syscalls().identify(CSpaceLayout.taskRam());
            }
            catch (final CapabilityException none)
            {
                log.add("core " + self.core() + ": " + none.code());
                self.exit(0);
                return;
            }
            log.add("core " + self.core() + ": " + ram.type() + " " + ram.size() / MIB + " MiB");
            final RamAllocator allocator = new RamAllocator(self.syscalls(), List.of(CSpaceLayout.taskRam()));
            final SlotAllocator slots = SlotAllocator.forDispatcher();
            final VSpace vspace = VSpace.create(self.syscalls(), slots, allocator);
            final CapRef frame = slots.allocate();
            allocator.retype(CapType.FRAME, 16 * ObjectSizes.BASE_PAGE, ObjectSizes.BASE_PAGE, frame);
            vspace.map(frame, 1L << 30, CapRights.READ.or(CapRights.WRITE));
            vspace.writeLong((1L << 30) + 64, 4242);
            log.add("core " + self.core() + ": read " + vspace.readLong((1L << 30) + 64));
            self.exit(1);
        }
    }

    @Test
    void dispatchersOnCoreZeroGetRamToMapAndOneElsewhereGetsNone()
    {
        final List<String> log = new ArrayList<>();
        final BootImage image = BootImage.empty().with("user", () -> new MemoryUser(log));
        try (SteppedPlatform platform = new SteppedPlatform(2, 100);
             PhysicalMemory memory = PhysicalMemory.reserve(256 * MIB, List.of()))
        {
            final MonitorConfig config = new MonitorConfig(2, 8, 5, 0, 0, 1_000_000, 1_000_000);
            final TestBoot booted = TestBoot.run(platform, memory, config, image,
                new BootPlan(List.of("user", "user"), Optional.of("user"), 1), 10_000_000_000L);
            assertTrue(booted.halted());
            assertTrue(platform.faults().isEmpty(), () -> platform.faults().toString());
            assertEquals(0, booted.outcome().taskStatus());
            assertEquals(List.of("core 0: RAM 64 MiB", "core 0: read 4242", "core 0: RAM 46 MiB", "core 0: read 4242",
                "core 1: CAP_NOT_FOUND"), log, "a quarter of 256 MiB, capped at 64; then init carves the boot task's"
                + " SKB write capability, a page; then a quarter of the 192 MiB less a page left, in 2 MiB units");
        }
    }

    @Test
    void grantsAreAQuarterOfWhatIsLeftInLargePagesWherePossible()
    {
        assertEquals(SpawnMemory.MAX_GRANT, SpawnMemory.grantFor(1L << 30));
        assertEquals(46 * MIB, SpawnMemory.grantFor(188 * MIB - 4 * ObjectSizes.BASE_PAGE));
        assertEquals(ObjectSizes.BASE_PAGE * 63, SpawnMemory.grantFor(ObjectSizes.BASE_PAGE * 255));
        assertEquals(0, SpawnMemory.grantFor(3 * ObjectSizes.BASE_PAGE));
    }

    @Test
    void withAMemoryServiceInitKeepsHalfOfNodeZeroAtMost256MiBForGrants()
    {
        assertEquals(256 * MIB, SpawnMemory.reserveFor(1L << 30));
        assertEquals(256 * MIB, SpawnMemory.reserveFor(4L << 30));
        assertEquals(32 * MIB, SpawnMemory.reserveFor(64 * MIB));
        assertEquals(2 * MIB, SpawnMemory.reserveFor(5 * MIB), "whole large pages where there are some");
        assertEquals(ObjectSizes.BASE_PAGE, SpawnMemory.reserveFor(3 * ObjectSizes.BASE_PAGE));
    }
}
