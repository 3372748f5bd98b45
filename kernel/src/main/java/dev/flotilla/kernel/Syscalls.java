package dev.flotilla.kernel;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.platform.WorkMeter;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.CapabilityRecord;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.cspace.CSpace;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.caps.cspace.Copy;
import dev.flotilla.caps.cspace.Cte;
import dev.flotilla.caps.cspace.Delete;
import dev.flotilla.caps.cspace.FindRelatives;
import dev.flotilla.caps.cspace.LockObject;
import dev.flotilla.caps.cspace.ObjectName;
import dev.flotilla.caps.cspace.Retype;
import dev.flotilla.caps.cspace.SweepObject;
import dev.flotilla.caps.cspace.UpdateCopies;
import dev.flotilla.caps.cspace.Revoke;
import dev.flotilla.caps.cspace.VNodeMap;
import dev.flotilla.platform.memory.PhysicalMemory;
import dev.flotilla.urpc.Channel;
import java.lang.foreign.MemorySegment;

/**
 * The capability system calls of one CPU driver (Barrelfish's {@code SYSCALL_INVOKE} on CNode and VNode
 * capabilities). Each acts for the dispatcher the CPU driver is running, and every capability reference is
 * resolved in <em>that dispatcher's</em> CSpace — there is no way to name a capability in another — so
 * holding this object grants nothing: what a call may do is decided by the caller's own capabilities.
 *
 * <p>Every call is decode, then invoke: the decode checks every argument and right and changes nothing,
 * throwing {@link CapabilityException} with the code and the bad argument; the invoke cannot fail. Then
 * the CPU driver does its part of the hardware's work: it zeroes a frame made from RAM, opens the window
 * of a new frame mapping, and closes the window of every frame mapping a delete, revoke or unmap removed.
 *
 * <p>Only code running on the core, inside a dispatcher's upcall, may call (checked on every call).
 */
public final class Syscalls
{
    private final CpuDriver kernel;

    Syscalls(final CpuDriver kernel)
    {
        this.kernel = kernel;
    }

    /** Every system call enters the CPU driver: the platform charges the trap (virtual time on the simulator). */
    private void trap()
    {
        kernel.meter().charge(WorkMeter.Work.SYSCALL);
    }

    /**
     * Retypes part of {@code source} into {@code count} objects of {@code objectSize} bytes into slots
     * {@code destSlot...} of the CNode {@code destCNode} names. A frame made from RAM is zeroed.
     */
    public void retype(final CapRef source, final long offset, final CapType type, final long objectSize,
        final int count, final CapRef destCNode, final int destSlot)
    {
        trap();
        final CSpace cspace = kernel.callerCSpace();
        final Retype retype = Retype.decode(kernel.caps(), cspace, source, offset, type, objectSize, count, destCNode,
            destSlot);
        final Capability from = cspace.lookup(source, "source").capability();
        final boolean zero = type == CapType.FRAME && from.type() != CapType.FRAME;
        if (zero && !kernel.memory().contains(from.base() + offset, objectSize * count))
        {
            throw new CapabilityException(ErrorCode.INVALID_ADDRESS, "source: " + from + " is not RAM in physical memory "
                + kernel.memory());
        }
        for (final Cte made : retype.invoke())
        {
            if (zero)
            {
                kernel.memory().zero(made.capability().base(), made.capability().size());
            }
        }
    }

    /** Copies {@code source} into slot {@code destSlot} of {@code destCNode}, with the same rights. */
    public void copy(final CapRef source, final CapRef destCNode, final int destSlot)
    {
        mint(source, destCNode, destSlot, CapRights.ALL);
    }

    /** Copies {@code source} keeping only the rights in {@code mask}. */
    public void mint(final CapRef source, final CapRef destCNode, final int destSlot, final CapRights mask)
    {
        trap();
        Copy.decode(kernel.caps(), kernel.callerCSpace(), source, destCNode, destSlot, mask).invoke();
    }

    /**
     * Gives {@code source} to another dispatcher of this core (LMP capability transfer): the CPU driver keeps a
     * copy in transit and answers the token the message carries. Needs the GRANT right.
     *
     * @throws dev.flotilla.caps.CapabilityException {@code NO_RIGHTS}, {@code CAP_NOT_FOUND}, ...; nothing changed.
     */
    public long give(final CapRef source)
    {
        trap();
        return kernel.transit().give(kernel.callerCSpace(), source);
    }

    /**
     * Gives {@code source} away to this core's monitor for a delete it must finish (a distributed operation holds
     * the object, or the ownership must move first): as {@link #give}, and the source slot is emptied at once.
     * The copy in transit keeps the object alive on this core, so emptying the slot is never a last copy and
     * needs no protocol, even while the object is locked; the monitor deletes the copy it takes when the
     * distributed operations allow ({@code MonitorInterface.deleteCapability}).
     *
     * @throws dev.flotilla.caps.CapabilityException as {@link #give} or {@link #delete} refuse (bad slot,
     *         {@code NO_RIGHTS}, {@code CAP_NOT_FOUND}, the CSpace root); then nothing changed.
     */
    public long giveAway(final CapRef source)
    {
        trap();
        final CSpace cspace = kernel.callerCSpace();
        Delete.decodeAlone(kernel.caps(), cspace, source); // every check of the slot before anything changes
        final long token = kernel.transit().give(cspace, source);
        kernel.release(Delete.decodeAlone(kernel.caps(), cspace, source).invoke());
        return token;
    }

    /**
     * Takes the capability another dispatcher of this core gave as {@code token} into slot {@code destSlot} of
     * {@code destCNode}.
     *
     * @throws dev.flotilla.caps.CapabilityException {@code CAP_NOT_FOUND} if the token names nothing in transit.
     */
    public void take(final long token, final CapRef destCNode, final int destSlot)
    {
        trap();
        kernel.transit().take(token, kernel.callerCSpace(), destCNode, destSlot);
    }

    /**
     * The monitor's half of sending a capability to core {@code destination}: serialises {@code source} (in the
     * monitor's own CSpace), moves its ownership there if this core owns it and holds nothing derived from it, keeps this core's record of the remote copy and marks the local relatives' remote-relation bits.
     * Needs the Kernel capability ({@link CSpaceLayout#kernelCap()}) and GRANT on the source.
     *
     * @throws dev.flotilla.caps.CapabilityException {@code NO_RIGHTS} (no Kernel capability, no GRANT),
     *         {@code CAP_NOT_FOUND}, {@code CAP_NOT_TRANSFERABLE}; nothing changed.
     */
    public CapabilityRecord sendCopy(final CapRef source, final int destination)
    {
        trap();
        final CSpace cspace = monitorCSpace("sendCopy");
        return kernel.transit().depart(cspace, source, destination);
    }

    /**
     * The monitor's half of receiving a capability from another core: makes the copy {@code fromCore} sent as
     * {@code transfer}, kept in the CPU driver until the receiving dispatcher takes it ({@link #takeArrived}).
     * Needs the Kernel capability.
     *
     * @throws dev.flotilla.caps.CapabilityException {@code NO_RIGHTS} (no Kernel capability),
     *         {@code CAP_NOT_TRANSFERABLE}, {@code RANGE_IN_USE}, {@code SLOT_ALLOC_NO_SPACE}; nothing changed.
     */
    public void receiveCopy(final int fromCore, final long transfer, final CapabilityRecord record)
    {
        trap();
        monitorCSpace("receiveCopy");
        kernel.transit().arrive(fromCore, transfer, record);
    }

    /**
     * Takes the capability {@code fromCore} sent as {@code transfer} into slot {@code destSlot} of {@code destCNode}.
     *
     * @throws dev.flotilla.caps.CapabilityException {@code CAP_NOT_FOUND} if no such capability arrived on this core.
     */
    public void takeArrived(final int fromCore, final long transfer, final CapRef destCNode, final int destSlot)
    {
        trap();
        kernel.transit().takeArrived(fromCore, transfer, kernel.callerCSpace(), destCNode, destSlot);
    }

    /**
     * What {@code target} is, with the core that owns its object and its remote-relation bits (copies, ancestors,
     * descendants on other cores). Needs {@link CapRights#IDENTIFY}.
     */
    public CapabilityRecord describe(final CapRef target)
    {
        trap();
        final CSpace cspace = kernel.callerCSpace();
        final Capability cap = kernel.caps().identify(cspace, target);
        final Cte cte = cspace.lookup(target, "target");
        return new CapabilityRecord(cap, cte.owner(), cte.remoteRelations());
    }

    // ---- Channel endpoints (Barrelfish's END_POINT capabilities) ----

    /**
     * The monitor's half of handing a channel end to a dispatcher of this core: retypes the dispatcher capability
     * {@code dispatcher} (the monitor's copy of the listener's) into an END_POINT at slot {@code destSlot} of
     * {@code destCNode} that names {@code channel}, which the monitor then sends to the dispatcher as a capability
     * argument. Needs the Kernel capability.
     *
     * @throws CapabilityException {@code NO_RIGHTS} (no Kernel capability), {@code INVALID_CORE} (an end of
     *         another core), or what the retype refuses ({@code INVALID_SOURCE_TYPE} for a source that is no
     *         dispatcher, {@code SLOT_IN_USE}, ...); nothing changed.
     */
    public void mintEndpoint(final CapRef dispatcher, final Channel channel, final CapRef destCNode, final int destSlot)
    {
        trap();
        final CSpace cspace = monitorCSpace("mintEndpoint");
        checkLocal(channel);
        Retype.decodeEndpoint(kernel.caps(), cspace, dispatcher, destCNode, destSlot, new ChannelEndpoint(channel, null))
            .invoke();
    }

    /**
     * As {@link #mintEndpoint(CapRef, Channel, CapRef, int)}, for a channel whose rings live in the FRAME capability
     * {@code frame} of the monitor's CSpace: the endpoint names the frame's object, and binding it fails with
     * {@code CHANNEL_FRAME_GONE} once no copy of the frame is left on this core.
     *
     * @throws CapabilityException also {@code CHANNEL_FRAME_GONE} if {@code frame} is no frame; nothing changed.
     */
    public void mintEndpoint(final CapRef dispatcher, final Channel channel, final CapRef frame, final CapRef destCNode,
        final int destSlot)
    {
        trap();
        final CSpace cspace = monitorCSpace("mintEndpoint");
        checkLocal(channel);
        final Capability rings = cspace.lookup(frame, "frame").capability();
        if (rings.type() != CapType.FRAME)
        {
            throw new CapabilityException(ErrorCode.CHANNEL_FRAME_GONE, "frame: " + frame + " holds " + rings.type()
                + ", not the FRAME the channel's rings live in");
        }
        Retype.decodeEndpoint(kernel.caps(), cspace, dispatcher, destCNode, destSlot,
            new ChannelEndpoint(channel, ObjectName.of(rings))).invoke();
    }

    /**
     * The memory of the monitor's FRAME capability {@code frame}, read-write, for the rings of a channel the monitor
     * lays in it (Barrelfish's monitor maps the frame a UMP binding arrived with). The view lives as long as the
     * channel holds it; the capability system accounts the memory, and an endpoint that names the frame cannot be
     * bound once the frame is gone ({@link #mintEndpoint(CapRef, Channel, CapRef, CapRef, int)}). Needs the Kernel
     * capability.
     *
     * @throws CapabilityException {@code NO_RIGHTS} (no Kernel capability, or the frame lacks READ or WRITE),
     *         {@code CAP_NOT_FOUND}, {@code CHANNEL_FRAME_GONE} (not a frame), {@code INVALID_ADDRESS} (not in
     *         physical memory).
     */
    public MemorySegment frameMemory(final CapRef frame)
    {
        trap();
        final CSpace cspace = monitorCSpace("frameMemory");
        final Capability cap = cspace.lookup(frame, "frame").capability();
        if (cap.type() != CapType.FRAME)
        {
            throw new CapabilityException(ErrorCode.CHANNEL_FRAME_GONE, "frame: " + frame + " holds " + cap.type()
                + ", not a FRAME");
        }
        if (!cap.rights().has(CapRights.READ) || !cap.rights().has(CapRights.WRITE))
        {
            throw new CapabilityException(ErrorCode.NO_RIGHTS, "frame: rings are read and written; " + frame + " has "
                + cap.rights());
        }
        if (!kernel.memory().contains(cap.base(), cap.size()))
        {
            throw new CapabilityException(ErrorCode.INVALID_ADDRESS, "frame: " + cap + " is not in physical memory "
                + kernel.memory());
        }
        return kernel.memory().window(cap.base(), cap.size(), java.lang.foreign.Arena.ofAuto());
    }

    private void checkLocal(final Channel channel)
    {
        if (channel.localCore() != kernel.core())
        {
            throw new CapabilityException(ErrorCode.INVALID_CORE, "channel: an end of core " + channel.localCore()
                + " cannot be bound on core " + kernel.core());
        }
    }

    /**
     * Turns the END_POINT capability {@code endpoint} of the caller's CSpace into the channel end it names: the
     * dispatcher's binding of a channel its monitor handed it. The caller must be the endpoint's listener, and
     * each end is bound once. See {@link BindEndpoint} for the checks.
     *
     * @throws CapabilityException {@code CAP_NOT_FOUND}, {@code ENDPOINT_TYPE}, {@code ENDPOINT_NOT_CONNECTED},
     *         {@code NO_RIGHTS}, {@code ENDPOINT_ALREADY_BOUND}, {@code CHANNEL_FRAME_GONE}; nothing changed.
     */
    public Channel bindEndpoint(final CapRef endpoint)
    {
        trap();
        return BindEndpoint.decode(kernel.caps(), kernel.callerCSpace(), endpoint, kernel.callerListener()).invoke();
    }

    /**
     * The channel end the END_POINT capability {@code endpoint} of the caller's CSpace names, with its state: for
     * tests and the shell. Changes nothing.
     *
     * @throws CapabilityException {@code CAP_NOT_FOUND}, {@code ENDPOINT_TYPE}, {@code ENDPOINT_NOT_CONNECTED}.
     */
    public ChannelEndpoint endpoint(final CapRef endpoint)
    {
        trap();
        final Cte cte = kernel.callerCSpace().lookup(endpoint, "endpoint");
        if (cte.capability().type() != CapType.END_POINT)
        {
            throw new CapabilityException(ErrorCode.ENDPOINT_TYPE, "endpoint: " + endpoint + " holds "
                + cte.capability().type() + ", not END_POINT");
        }
        if (!(cte.namedEndpoint() instanceof ChannelEndpoint named))
        {
            throw new CapabilityException(ErrorCode.ENDPOINT_NOT_CONNECTED, "endpoint: " + endpoint + " names no channel");
        }
        return named;
    }

    // ---- The per-core parts of the distributed capability operations (monitor only; dev.flotilla.monitor.capops) ----

    /**
     * What this core holds of {@code object}: copies (how many, the owner and remote bits they name), whether a
     * descendant lives here, and whether one overlaps {@code [base, base + size)} (size 0: no range). Needs the
     * Kernel capability; changes nothing.
     */
    public FindRelatives.Relatives relatives(final ObjectName object, final long base, final long size)
    {
        trap();
        monitorCSpace("relatives");
        return FindRelatives.decode(kernel.caps(), object, base, size).invoke();
    }

    /**
     * Deletes every local copy of {@code object}, and every descendant too if {@code descendants} (a revoke's
     * sweep), closing the windows of every frame mapping that goes with them before it returns. Needs the
     * Kernel capability; returns how many capabilities were deleted.
     */
    public int sweep(final ObjectName object, final boolean descendants)
    {
        trap();
        monitorCSpace("sweep");
        final var deleted = SweepObject.decode(kernel.caps(), object, descendants).invoke();
        kernel.release(deleted);
        return deleted.size();
    }

    /**
     * Gives every local copy of {@code object} the owner {@code owner} (-1: unchanged), adds the remote-relation
     * bits {@code set} and removes {@code clear}. Needs the Kernel capability; returns how many copies are here.
     */
    public int updateCopies(final ObjectName object, final int owner, final int set, final int clear)
    {
        trap();
        monitorCSpace("updateCopies");
        return UpdateCopies.decode(kernel.caps(), object, owner, set, clear).invoke();
    }

    /**
     * Locks, marks (a revoke) or unlocks {@code object}: while locked, retype, delete and revoke of its copies
     * here answer {@code RETRY_THROUGH_MONITOR}; while marked, no copy of it or its descendants crosses cores.
     * Needs the Kernel capability; true if it was locked before. See {@link LockObject}.
     */
    public boolean lock(final ObjectName object, final LockObject.Mode mode)
    {
        trap();
        monitorCSpace("lock");
        return LockObject.decode(kernel.caps(), object, mode).invoke();
    }

    /**
     * The owner's half of a distributed retype: retypes a local copy of {@code object} into {@code count} objects
     * in slots {@code destSlot...} of {@code destCNode} of the monitor's CSpace, keeping only the rights in
     * {@code mask}; a frame made from RAM is zeroed. Needs the Kernel capability. See {@link Retype#decodeAsOwner}.
     */
    public void retypeAsOwner(final ObjectName object, final CapRights mask, final long offset, final CapType type,
        final long objectSize, final int count, final CapRef destCNode, final int destSlot)
    {
        trap();
        final CSpace cspace = monitorCSpace("retypeAsOwner");
        final Retype retype = Retype.decodeAsOwner(kernel.caps(), object, mask, offset, type, objectSize, count, cspace,
            destCNode, destSlot);
        final boolean zero = type == CapType.FRAME && object.type() != CapType.FRAME;
        if (zero && !kernel.memory().contains(object.base() + offset, objectSize * count))
        {
            throw new CapabilityException(ErrorCode.INVALID_ADDRESS, "source: " + object + " is not RAM in physical memory "
                + kernel.memory());
        }
        for (final Cte made : retype.invoke())
        {
            if (zero)
            {
                kernel.memory().zero(made.capability().base(), made.capability().size());
            }
        }
    }

    /**
     * What the monitor's own capability {@code target} is, with its owner and remote-relation bits, whatever its
     * rights (the monitor names objects for other cores). Needs the Kernel capability.
     */
    public CapabilityRecord held(final CapRef target)
    {
        trap();
        final Cte cte = monitorCSpace("held").lookup(target, "target");
        return new CapabilityRecord(cte.capability(), cte.owner(), cte.remoteRelations());
    }

    /**
     * Deletes the monitor's own capability {@code target} whatever its remote relations say: the last step of a
     * distributed delete, once the object has a new owner or no copies elsewhere. Needs the Kernel capability.
     */
    public void deleteAlone(final CapRef target)
    {
        trap();
        final CSpace cspace = monitorCSpace("deleteAlone");
        kernel.release(Delete.decodeAlone(kernel.caps(), cspace, target).invoke());
    }

    /** The caller's CSpace, if it holds the Kernel capability: only the monitor makes capabilities for other cores. */
    private CSpace monitorCSpace(final String call)
    {
        final CSpace cspace = kernel.callerCSpace();
        final Cte held;
        try
        {
            held = cspace.lookup(CSpaceLayout.kernelCap(), "kernel");
        }
        catch (final CapabilityException none)
        {
            throw new CapabilityException(ErrorCode.NO_RIGHTS, call + ": only the holder of the Kernel capability (the"
                + " monitor) may make capabilities cross cores");
        }
        if (held.capability().type() != CapType.KERNEL)
        {
            throw new CapabilityException(ErrorCode.NO_RIGHTS, call + ": " + CSpaceLayout.kernelCap() + " holds "
                + held.capability().type() + ", not the Kernel capability");
        }
        return cspace;
    }

    /** Deletes one capability and what dies with it; closes the windows of deleted frame mappings. */
    public void delete(final CapRef target)
    {
        trap();
        kernel.release(Delete.decode(kernel.caps(), kernel.callerCSpace(), target).invoke());
    }

    /** Deletes every copy and descendant of {@code target}, keeping it; closes the windows of deleted frame mappings. */
    public void revoke(final CapRef target)
    {
        trap();
        kernel.release(Revoke.decode(kernel.caps(), kernel.callerCSpace(), target).invoke());
    }

    /** What {@code target} is: type, rights and range. Needs {@link CapRights#IDENTIFY}. */
    public Capability identify(final CapRef target)
    {
        trap();
        return kernel.caps().identify(kernel.callerCSpace(), target);
    }

    /**
     * Installs the page table {@code table} in entry {@code entry} of {@code vnode}, recording it in a new
     * mapping capability at {@code mappingSlot} of {@code mappingCNode}.
     */
    public void mapTable(final CapRef vnode, final CapRef table, final int entry, final CapRef mappingCNode,
        final int mappingSlot)
    {
        trap();
        final CSpace cspace = kernel.callerCSpace();
        final Capability child = cspace.lookup(table, "source").capability();
        if (!child.type().isVNode())
        {
            throw new CapabilityException(ErrorCode.WRONG_MAPPING, "source: " + table + " holds " + child.type()
                + ", not a page table; map frames with mapFrame");
        }
        VNodeMap.decode(kernel.caps(), cspace, vnode, table, entry, 0, 1, child.rights(), mappingCNode, mappingSlot)
            .invoke();
    }

    /**
     * Maps {@code pteCount} pages of {@code frame}, from {@code offset} bytes into it, into entries
     * {@code firstEntry...} of {@code vnode} with the rights {@code access} (which must include
     * {@link CapRights#READ}: a present page is always readable), recording the mapping in a new mapping
     * capability at {@code mappingSlot} of {@code mappingCNode}.
     *
     * @return the mapped memory: exactly the mapped pages, read-only unless {@code access} has
     *         {@link CapRights#WRITE}, unusable once the mapping capability is deleted.
     */
    public MemorySegment mapFrame(final CapRef vnode, final CapRef frame, final int firstEntry, final long offset,
        final int pteCount, final CapRights access, final CapRef mappingCNode, final int mappingSlot)
    {
        trap();
        final CSpace cspace = kernel.callerCSpace();
        final Capability source = cspace.lookup(frame, "source").capability();
        if (source.type().isVNode())
        {
            throw new CapabilityException(ErrorCode.WRONG_MAPPING, "source: " + frame + " holds " + source.type()
                + ", not a frame; install page tables with mapTable");
        }
        if (!access.has(CapRights.READ))
        {
            throw new CapabilityException(ErrorCode.NO_RIGHTS, "access: " + access + " lacks READ, which every mapped page has");
        }
        final VNodeMap map = VNodeMap.decode(kernel.caps(), cspace, vnode, frame, firstEntry, offset, pteCount, access,
            mappingCNode, mappingSlot);
        final long pageSize = cspace.lookup(vnode, "vnode").capability().type().pageTable().entrySpan();
        final long physical = source.base() + offset;
        final long bytes = pteCount * pageSize;
        final PhysicalMemory memory = kernel.memory();
        if (!memory.contains(physical, bytes))
        {
            throw new CapabilityException(ErrorCode.INVALID_ADDRESS, "source: " + source
                + " is not RAM in physical memory " + memory);
        }
        return kernel.windows().open(map.invoke(), physical, bytes, access.has(CapRights.WRITE));
    }

    /** Removes a mapping: deletes the mapping capability {@code mapping}, closing its window. */
    public void unmap(final CapRef mapping)
    {
        trap();
        final CSpace cspace = kernel.callerCSpace();
        final CapType type = cspace.lookup(mapping, "mapping").capability().type();
        if (!type.isMapping())
        {
            throw new CapabilityException(ErrorCode.WRONG_MAPPING, "mapping: " + mapping + " holds " + type
                + ", not a mapping capability");
        }
        kernel.release(Delete.decode(kernel.caps(), cspace, mapping).invoke());
    }
}
