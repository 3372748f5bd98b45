package dev.flotilla.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityRecord;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.caps.cspace.LockObject;
import dev.flotilla.caps.cspace.ObjectName;
import dev.flotilla.platform.memory.PhysicalMemory;
import dev.flotilla.platform.topology.NumaNode;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Capability system calls through the CPU driver: memory, frames, mappings and their windows, CSpace isolation. */
class SyscallsTest
{
    private static final long PAGE = ObjectSizes.BASE_PAGE;
    private static final long MIB = 1L << 20;
    private static final CapRef RAM = CSpaceLayout.superRam(0);
    /** The first slot-allocator CNode, used here as scratch space. */
    private static final CapRef WORK = CapRef.inRoot(CSpaceLayout.ROOTCN_SLOT_SLOT_ALLOC0);

    private PhysicalMemory memory;
    private CpuDriver kernel;
    private KernelDispatcher init;

    private static CapRef work(final int slot)
    {
        return CapRef.of(CSpaceLayout.ROOTCN_SLOT_SLOT_ALLOC0, slot);
    }

    @BeforeEach
    void boot()
    {
        memory = PhysicalMemory.reserve(16 * MIB, List.of(new NumaNode(0, List.of(0), 0, List.of()),
            new NumaNode(1, List.of(1), 0, List.of())));
        kernel = new CpuDriver(0, memory);
        init = KernelDispatcher.spawn(kernel, "init");
    }

    @AfterEach
    void shutDown()
    {
        memory.close();
    }

    /** PML4 -> PDPT -> PDIR -> PTABLE in work slots 0..3, linked by mapping capabilities in slots 10..12. */
    private static void pageTables(final Syscalls sys, final long ramOffset)
    {
        pageTables(sys, RAM, ramOffset);
    }

    private static void pageTables(final Syscalls sys, final CapRef ram, final long ramOffset)
    {
        final CapType[] levels = {CapType.VNODE_X86_64_PML4, CapType.VNODE_X86_64_PDPT, CapType.VNODE_X86_64_PDIR,
            CapType.VNODE_X86_64_PTABLE};
        for (int i = 0; i < levels.length; i++)
        {
            sys.retype(ram, ramOffset + i * PAGE, levels[i], ObjectSizes.VNODE, 1, WORK, i);
            if (i > 0)
            {
                sys.mapTable(work(i - 1), work(i), 0, WORK, 9 + i);
            }
        }
    }

    @Test
    void core0CreatesOneRamCapabilityPerNumaNodeCoveringAllMemory()
    {
        final List<BootCapability> boot = kernel.bootCapabilities();
        assertEquals(2, boot.size());
        long next = memory.base();
        for (int i = 0; i < boot.size(); i++)
        {
            final Capability cap = boot.get(i).capability();
            assertEquals(CapType.RAM, cap.type());
            assertEquals(CapRights.ALL, cap.rights());
            assertEquals(next, cap.base());
            assertEquals(i, boot.get(i).numaNode());
            next = cap.end();
            final CapRef ref = boot.get(i).ref();
            assertEquals(cap, init.call(sys -> sys.identify(ref)));
        }
        assertEquals(memory.end(), next);
        assertTrue(new CpuDriver(1, memory).bootCapabilities().isEmpty(), "only core 0 creates memory capabilities");
    }

    @Test
    void aFrameIsZeroedWhenItIsMadeFromRam()
    {
        final MemorySegment first = init.call(sys ->
        {
            pageTables(sys, 0);
            sys.retype(RAM, MIB, CapType.FRAME, 2 * PAGE, 1, WORK, 20);
            return sys.mapFrame(work(3), work(20), 0, 0, 2, CapRights.READ.or(CapRights.WRITE), WORK, 30);
        });
        first.fill((byte)0x5A);
        init.run(sys -> sys.delete(work(20)));
        assertThrows(IllegalStateException.class, () -> first.get(ValueLayout.JAVA_BYTE, 0),
            "deleting the frame's last copy took its mapping and closed the window");
        assertEquals(0, kernel.openMappings());

        final MemorySegment again = init.call(sys ->
        {
            sys.retype(RAM, MIB, CapType.FRAME, 2 * PAGE, 1, WORK, 21);
            return sys.mapFrame(work(3), work(21), 0, 0, 2, CapRights.READ, WORK, 31);
        });
        for (long i = 0; i < again.byteSize(); i++)
        {
            assertEquals(0, again.get(ValueLayout.JAVA_BYTE, i), "byte " + i + " survived from the earlier frame");
        }
    }

    @Test
    void aWindowCoversExactlyTheMappedPagesAndIsReadOnlyWithoutWrite()
    {
        final MemorySegment[] windows = init.call(sys ->
        {
            pageTables(sys, 0);
            sys.retype(RAM, MIB, CapType.FRAME, 4 * PAGE, 1, WORK, 20);
            final MemorySegment rw = sys.mapFrame(work(3), work(20), 0, PAGE, 2, CapRights.READ.or(CapRights.WRITE),
                WORK, 30);
            sys.copy(work(20), WORK, 22); // a capability maps once: the second view maps a copy
            final MemorySegment ro = sys.mapFrame(work(3), work(22), 8, 0, 4, CapRights.READ, WORK, 31);
            return new MemorySegment[] {rw, ro};
        });
        assertEquals(2 * PAGE, windows[0].byteSize());
        windows[0].set(ValueLayout.JAVA_LONG, 0, 0x1234);
        assertEquals(0x1234, windows[1].get(ValueLayout.JAVA_LONG, PAGE), "both views are the same frame");
        assertTrue(windows[1].isReadOnly());
        assertThrows(IllegalArgumentException.class, () -> windows[1].set(ValueLayout.JAVA_LONG, 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> windows[0].get(ValueLayout.JAVA_LONG, 2 * PAGE));
    }

    @Test
    void unmapAndRevokeCloseTheWindowsOfTheMappingsTheyRemove()
    {
        final MemorySegment[] windows = init.call(sys ->
        {
            pageTables(sys, 0);
            sys.retype(RAM, MIB, CapType.FRAME, PAGE, 2, WORK, 20);
            final CapRights rw = CapRights.READ.or(CapRights.WRITE);
            return new MemorySegment[] {sys.mapFrame(work(3), work(20), 0, 0, 1, rw, WORK, 30),
                sys.mapFrame(work(3), work(21), 1, 0, 1, rw, WORK, 31)};
        });
        init.run(sys -> sys.unmap(work(30)));
        assertThrows(IllegalStateException.class, () -> windows[0].get(ValueLayout.JAVA_LONG, 0));
        windows[1].set(ValueLayout.JAVA_LONG, 0, 7);
        assertEquals(1, kernel.openMappings());

        init.run(sys -> sys.revoke(RAM));
        assertThrows(IllegalStateException.class, () -> windows[1].get(ValueLayout.JAVA_LONG, 0));
        assertEquals(0, kernel.openMappings());
        assertEquals(ErrorCode.CAP_NOT_FOUND, assertThrows(CapabilityException.class,
            () -> init.run(sys -> sys.identify(work(21)))).code());
    }

    @Test
    void badMapsAreRefusedBeforeAnythingChanges()
    {
        init.run(sys ->
        {
            pageTables(sys, 0);
            sys.retype(RAM, MIB, CapType.FRAME, PAGE, 1, WORK, 20);
            sys.mint(work(20), WORK, 21, CapRights.READ);
        });
        final CapRights rw = CapRights.READ.or(CapRights.WRITE);
        assertCode(ErrorCode.NO_RIGHTS, sys -> sys.mapFrame(work(3), work(20), 0, 0, 1, CapRights.WRITE, WORK, 30));
        assertCode(ErrorCode.NO_RIGHTS, sys -> sys.mapFrame(work(3), work(21), 0, 0, 1, rw, WORK, 30));
        assertCode(ErrorCode.WRONG_MAPPING, sys -> sys.mapFrame(work(2), work(3), 0, 0, 1, rw, WORK, 30));
        assertCode(ErrorCode.WRONG_MAPPING, sys ->
        {
            sys.mapTable(work(2), work(20), 5, WORK, 30);
            return null;
        });
        assertCode(ErrorCode.WRONG_MAPPING, sys ->
        {
            sys.unmap(work(20));
            return null;
        });
        assertCode(ErrorCode.VNODE_SLOT_INUSE, sys ->
        {
            sys.mapFrame(work(3), work(20), 0, 0, 1, rw, WORK, 30);
            sys.copy(work(20), WORK, 22);
            return sys.mapFrame(work(3), work(22), 0, 0, 1, rw, WORK, 31);
        });
        assertCode(ErrorCode.VM_ALREADY_MAPPED, sys -> sys.mapFrame(work(3), work(20), 1, 0, 1, rw, WORK, 31));
        assertEquals(1, kernel.openMappings());
    }

    @Test
    void capabilityReferencesResolveOnlyInTheCallersCSpace()
    {
        final KernelDispatcher other = KernelDispatcher.spawn(kernel, "other");
        assertEquals(CapType.RAM, init.call(sys -> sys.identify(RAM)).type());
        assertEquals(ErrorCode.CAP_NOT_FOUND, assertThrows(CapabilityException.class,
            () -> other.call(sys -> sys.identify(RAM))).code(), "a second dispatcher's SUPERCN does not exist");
        init.run(sys -> sys.retype(RAM, 0, CapType.FRAME, PAGE, 1, WORK, 4));
        assertEquals(ErrorCode.CAP_NOT_FOUND, assertThrows(CapabilityException.class,
            () -> other.call(sys -> sys.identify(work(4)))).code());
        assertThrows(IllegalStateException.class, () -> kernel.syscalls().identify(RAM),
            "a system call from outside the core's step is refused");
    }

    @Test
    void aSpawnerHandsItsChildRamAndTheChildsExitFreesItsMappings()
    {
        final KernelDispatcher[] child = new KernelDispatcher[1];
        init.run(sys ->
        {
            sys.retype(RAM, 2 * MIB, CapType.RAM, 2 * MIB, 1, WORK, 40);
            child[0] = KernelDispatcher.spawnWith(kernel, "child", work(40));
            sys.delete(work(40));
        });
        final CapRef ram = CSpaceLayout.taskRam();
        final Capability given = child[0].call(sys -> sys.identify(ram));
        assertEquals(CapType.RAM, given.type());
        assertEquals(memory.base() + 2 * MIB, given.base());
        final MemorySegment window = child[0].call(sys ->
        {
            pageTables(sys, ram, 0);
            sys.retype(ram, MIB, CapType.FRAME, PAGE, 1, WORK, 20);
            return sys.mapFrame(work(3), work(20), 0, 0, 1, CapRights.READ, WORK, 30);
        });
        assertEquals(0, window.get(ValueLayout.JAVA_LONG, 0));
        assertEquals(ErrorCode.REVOKE_FIRST, assertThrows(CapabilityException.class,
            () -> init.run(sys -> sys.retype(RAM, 2 * MIB, CapType.FRAME, PAGE, 1, WORK, 41))).code(),
            "the child's memory is not the spawner's to reuse while the child holds it");
        child[0].exit();
        assertThrows(IllegalStateException.class, () -> window.get(ValueLayout.JAVA_LONG, 0));
        assertEquals(0, kernel.openMappings());
        init.run(sys -> sys.retype(RAM, 2 * MIB, CapType.FRAME, PAGE, 1, WORK, 41));
    }

    @Test
    void aCopyThatARevokeSweptWhileItWaitedIsDroppedWhenItsReceiverComesForIt()
    {
        // the capability soak, 4 cores, seed 4: a retype's new capability arrived on the requester's core, a revoke
        // swept it before the requester's monitor took it, and the arrival was counted (and its slot held) forever
        // a capability given to this core's transit (a token) and swept before it was taken
        final long token = init.call(sys ->
        {
            sys.retype(RAM, 6 * MIB, CapType.FRAME, PAGE, 1, WORK, 51);
            final long t = sys.give(work(51));
            sys.delete(work(51));
            return t;
        });
        assertEquals(1, kernel.capabilitiesInTransit());
        init.run(sys -> sys.sweep(new ObjectName(CapType.FRAME, memory.base() + 6 * MIB, PAGE), false));
        assertEquals(ErrorCode.CAP_NOT_FOUND, assertThrows(CapabilityException.class,
            () -> init.run(sys -> sys.take(token, WORK, 52))).code());
        assertEquals(0, kernel.capabilitiesInTransit());

        // and one another core sent
        final Capability sent = Capability.of(CapType.FRAME, CapRights.ALL, memory.base() + 4 * MIB, 64 * 1024);
        init.run(sys -> sys.receiveCopy(1, 7, new CapabilityRecord(sent, 1, 0)));
        assertEquals(1, kernel.capabilitiesArrived());
        init.run(sys -> assertEquals(1, sys.sweep(ObjectName.of(sent), true)));
        final CapabilityException gone = assertThrows(CapabilityException.class,
            () -> init.run(sys -> sys.takeArrived(1, 7, WORK, 50)));
        assertEquals(ErrorCode.CAP_NOT_FOUND, gone.code());
        assertTrue(gone.getMessage().contains("swept"), gone.getMessage());
        assertEquals(0, kernel.capabilitiesArrived(), "the swept arrival is no longer counted, nor its slot held");
    }

    @Test
    void aCapabilityGivenAwayLeavesItsSlotAtOnceEvenWhileADistributedOperationHoldsItsObject()
    {
        final ObjectName frame = new ObjectName(CapType.FRAME, memory.base() + 6 * MIB, PAGE);
        init.run(sys ->
        {
            sys.retype(RAM, 6 * MIB, CapType.FRAME, PAGE, 1, WORK, 51);
            sys.lock(frame, LockObject.Mode.LOCK);
        });
        assertCode(ErrorCode.RETRY_THROUGH_MONITOR, sys ->
        {
            sys.delete(work(51));
            return null;
        });
        final long token = init.call(sys -> sys.giveAway(work(51)));
        assertEquals(1, kernel.capabilitiesInTransit(), "the object lives on in transit: the core still holds it");
        assertCode(ErrorCode.CAP_NOT_FOUND, sys -> sys.describe(work(51)));
        init.run(sys -> sys.take(token, WORK, 52));
        assertEquals(frame, ObjectName.of(init.call(sys -> sys.describe(work(52))).capability()));

        // bad input changes nothing: an empty slot, the CSpace root
        assertCode(ErrorCode.CAP_NOT_FOUND, sys -> sys.giveAway(work(51)));
        assertCode(ErrorCode.INVALID_CAPREF, sys -> sys.giveAway(CapRef.ROOT));
        assertEquals(0, kernel.capabilitiesInTransit());
    }

    private void assertCode(final ErrorCode code, final Function<Syscalls, ?> body)
    {
        assertEquals(code, assertThrows(CapabilityException.class, () -> init.call(body)).code());
    }
}
