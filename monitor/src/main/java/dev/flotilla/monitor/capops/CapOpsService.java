package dev.flotilla.monitor.capops;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityRecord;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.caps.cspace.FindRelatives;
import dev.flotilla.caps.cspace.LockObject;
import dev.flotilla.caps.cspace.ObjectName;
import dev.flotilla.caps.cspace.RemoteRelations;
import dev.flotilla.idl.Completion;
import dev.flotilla.idl.Port;
import dev.flotilla.kernel.Syscalls;
import dev.flotilla.monitor.intermon.CapOps;
import dev.flotilla.monitor.intermon.CapOpsBinding;
import dev.flotilla.monitor.intermon.CapOpsHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One monitor's part in the distributed capability operations ({@link CapOps}): the entry points its own
 * dispatchers reach through {@code MonitorInterface} (when their CPU driver answered
 * {@code RETRY_THROUGH_MONITOR}), the routing of requests to an object's owner, the owner's per-object queue
 * ({@link ObjectQueue}), and the per-core steps other owners ask of this core — each one system call of this
 * core's CPU driver, answered at once, never queued (so no operation waits on another core's queue, and none
 * deadlocks). The operations themselves are {@link DistributedRetype}, {@link DistributedDelete} and
 * {@link DistributedRevoke}.
 *
 * <p><b>Owners.</b> Every copy names its object's owner; requests go there. A core that no longer owns an
 * object forwards a request to the owner its copies name, or to the core it handed ownership to
 * ({@link #movedTo}); a request that finds no copy and no forward, or is forwarded more than once per core,
 * fails with {@code CAP_DELETED_ELSEWHERE}.
 *
 * <p>Core-confined: every method runs in this core's monitor, inside its CPU driver's step.
 */
public final class CapOpsService implements CapOpsHandler
{
    /** The copies this monitor has on the wire to other cores: what a revoke's mark must wait for. */
    @FunctionalInterface
    public interface CopiesInFlight
    {
        /** Runs {@code then} once no copy of {@code object} or of a descendant is on its way to another core. */
        void afterCopiesOf(ObjectName object, Runnable then);
    }

    private final int core;
    private final Syscalls sys;
    private final CopiesInFlight inFlight;
    private final CapOpsBinding[] peers;
    private final ObjectQueue queue = new ObjectQueue();
    private final MonitorSlots slots = new MonitorSlots();
    /** Objects whose ownership this core handed to another (a delete or a revoke): where to forward requests. */
    private final Map<ObjectName, Integer> movedTo = new HashMap<>();
    /**
     * Objects another core's operation has marked here (a revoke sweeping), with this core's own requests about
     * them that wait for the unmark: started at once they would only find the lock and be refused again.
     */
    private final Map<ObjectName, java.util.ArrayDeque<Runnable>> markedByOthers = new HashMap<>();
    private long nextTransfer = 1;
    private long completed;
    private long failed;

    /**
     * The service of the monitor of {@code core}, one of {@code cores}, making system calls through {@code sys};
     * {@code inFlight} tells when copies this monitor sent have all been answered.
     */
    public CapOpsService(final int core, final int cores, final Syscalls sys, final CopiesInFlight inFlight)
    {
        this.core = core;
        this.sys = sys;
        this.inFlight = inFlight;
        this.peers = new CapOpsBinding[cores];
    }

    /** The monitor has a channel to {@code peer}: binds the interface on its port. */
    public void attach(final int peer, final Port port)
    {
        peers[peer] = new CapOpsBinding(port, this);
    }

    // ---- Entry points for this core's dispatchers (MonitorInterface) ----

    /**
     * Retypes the capability a dispatcher gave as {@code token} on its owner's core; {@code done} gets the first
     * of {@code count} consecutive transit tokens of the new capabilities.
     */
    public void retypeFor(final long token, final long offset, final String type, final long objectSize,
        final int count, final Completion<Long> done)
    {
        final CapType to;
        try
        {
            to = CapType.valueOf(type);
        }
        catch (final IllegalArgumentException unknown)
        {
            finish(done, null, ErrorCode.INVALID_SOURCE_TYPE);
            return;
        }
        if (count < 1 || count > MonitorSlots.MAX_RETYPE)
        {
            finish(done, null, ErrorCode.RETYPE_INVALID_COUNT);
            return;
        }
        withHeld(token, done, held ->
        {
            if (!refusedType(held, done))
            {
                whenUnmarked(held.object(), () -> new DistributedRetype(this, held, offset, to, objectSize, count, done)
                    .start());
            }
        });
    }

    /**
     * Deletes the capability a dispatcher gave away as {@code token} (a distributed operation held it, or it is
     * the owner's copy with copies elsewhere): {@link DistributedDelete}.
     */
    public void deleteFor(final long token, final Completion<Void> done)
    {
        withHeld(token, done, held ->
        {
            if (!distributed(held))
            {
                release(held); // never copied to another core, never locked: nothing to wait for or ask
                finish(done, null, null);
                return;
            }
            whenUnmarked(held.object(), () -> new DistributedDelete(this, held, done).start());
        });
    }

    /** Revokes on every other core the object of the capability a dispatcher gave as {@code token}. */
    public void revokeFor(final long token, final Completion<Void> done)
    {
        withHeld(token, done, held ->
        {
            if (!refusedType(held, done))
            {
                whenUnmarked(held.object(), () -> new DistributedRevoke(this, held, done).start());
            }
        });
    }

    /** Runs {@code start} now, or once another core's mark on {@code object} here is lifted. */
    private void whenUnmarked(final ObjectName object, final Runnable start)
    {
        final java.util.ArrayDeque<Runnable> waiting = markedByOthers.get(object);
        if (waiting == null)
        {
            start.run();
        }
        else
        {
            waiting.add(start);
        }
    }

    /** A capability the monitor holds for one operation: its slot and what it named when taken. */
    record Held(CapRef slot, CapabilityRecord record)
    {
        ObjectName object()
        {
            return ObjectName.of(record.capability());
        }
    }

    private <T> void withHeld(final long token, final Completion<T> done, final java.util.function.Consumer<Held> then)
    {
        final CapRef slot;
        try
        {
            slot = slots.allocate();
        }
        catch (final FlotillaException full)
        {
            finish(done, null, full.code());
            return;
        }
        try
        {
            sys.take(token, MonitorSlots.cnode(), slot.l2Slot());
        }
        catch (final FlotillaException gone)
        {
            slots.free(slot, 1);
            finish(done, null, gone.code());
            return;
        }
        then.accept(new Held(slot, sys.held(slot)));
    }

    /** Whether distributed operations apply to the held capability's type: only to memory that crosses cores. */
    private static boolean distributed(final Held held)
    {
        return held.record().capability().type().hasRange() && !held.record().capability().type().isMapping();
    }

    /** Refuses an operation on a type no distributed operation applies to (no copies elsewhere: never RETRY). */
    private <T> boolean refusedType(final Held held, final Completion<T> done)
    {
        if (distributed(held))
        {
            return false;
        }
        release(held);
        finish(done, null, ErrorCode.CAP_NOT_TRANSFERABLE);
        return true;
    }

    /** Ends an operation's hold on its capability: deletes the monitor's copy, whatever the bits say. */
    void release(final Held held)
    {
        try
        {
            sys.deleteAlone(held.slot());
        }
        catch (final FlotillaException alreadyGone)
        {
            // a sweep took it with the object: nothing to delete
        }
        slots.free(held.slot(), 1);
    }

    <T> void finish(final Completion<T> done, final T value, final ErrorCode error)
    {
        if (error == null)
        {
            completed++;
        }
        else
        {
            failed++;
        }
        done.complete(value, error);
    }

    // ---- Shared with the operations ----

    int core()
    {
        return core;
    }

    Syscalls sys()
    {
        return sys;
    }

    ObjectQueue queue()
    {
        return queue;
    }

    MonitorSlots slots()
    {
        return slots;
    }

    CopiesInFlight inFlight()
    {
        return inFlight;
    }

    Map<ObjectName, Integer> movedTo()
    {
        return movedTo;
    }

    CapOpsBinding peer(final int other)
    {
        return peers[other];
    }

    /** Every other core this monitor has a channel to. */
    List<Integer> others()
    {
        final List<Integer> out = new ArrayList<>();
        for (int i = 0; i < peers.length; i++)
        {
            if (i != core && peers[i] != null)
            {
                out.add(i);
            }
        }
        return out;
    }

    /** A transfer number for a new capability sent to a requester: this core's, unique for its lifetime. */
    long nextTransfer()
    {
        return DistributedRetype.TRANSFER_TAG | (long)core << DistributedRetype.TRANSFER_CORE_SHIFT | nextTransfer++;
    }

    /**
     * Where a request about {@code object} must go from here: this core (-1: it owns the object), the owner to
     * forward to, or nowhere ({@code -2}: no copy here and no forward).
     */
    int route(final ObjectName object)
    {
        final FindRelatives.Relatives here = sys.relatives(object, 0, 0);
        if (here.copies() > 0)
        {
            return here.owner() == core ? -1 : here.owner();
        }
        return movedTo.getOrDefault(object, -2);
    }

    /**
     * Takes the ownership of an orphaned object: its owner let its last copy go without handing the ownership on
     * (a dispatcher's CSpace closed with it) and knows no successor, while this core still holds copies. Returns
     * false, changing nothing, if this core holds none. Called only when the former owner named this core as its
     * successor ({@link OwnerRoute}), which it does for the first core that asks: so one core adopts.
     */
    boolean adopt(final ObjectName object)
    {
        if (sys.relatives(object, 0, 0).copies() == 0)
        {
            return false;
        }
        // The former owner's records of descendants it sent away stay there: this core cannot know them
        sys.updateCopies(object, core, RemoteRelations.UNTRACKED_DESCENDANTS, 0);
        movedTo.remove(object);
        return true;
    }

    static String typeName(final ObjectName object)
    {
        return object.type().name();
    }

    static ObjectName object(final String type, final long base, final long size)
    {
        return new ObjectName(CapType.valueOf(type), base, size);
    }

    // ---- Requests from other monitors ----

    @Override
    public void onRetype(final CapOpsBinding.RetypeRequest request, final String type, final long base,
        final long size, final int rights, final long offset, final String newType, final long objectSize,
        final int count, final int hops)
    {
        final int requester = peerOf(request.binding());
        try
        {
            DistributedRetype.atOwner(this, requester, object(type, base, size), new CapRights(rights), offset,
                CapType.valueOf(newType), objectSize, count, hops, (first, error) ->
                {
                    if (error == null)
                    {
                        request.reply(first);
                    }
                    else
                    {
                        request.fail(error);
                    }
                });
        }
        catch (final IllegalArgumentException bad)
        {
            request.fail(ErrorCode.INVALID_SOURCE_TYPE);
        }
    }

    @Override
    public void onRevoke(final CapOpsBinding.RevokeRequest request, final String type, final long base, final long size,
        final int hops)
    {
        final int requester = peerOf(request.binding());
        try
        {
            DistributedRevoke.atOwner(this, requester, object(type, base, size), hops, (answer, error) ->
            {
                if (error == null)
                {
                    request.reply(answer);
                }
                else
                {
                    request.fail(error);
                }
            });
        }
        catch (final IllegalArgumentException bad)
        {
            request.fail(ErrorCode.INVALID_SOURCE_TYPE);
        }
    }

    @Override
    public void onFind(final CapOpsBinding.FindRequest request, final String type, final long base, final long size,
        final long rangeBase, final long rangeSize)
    {
        final FindRelatives.Relatives here;
        try
        {
            here = sys.relatives(object(type, base, size), rangeBase, rangeSize);
        }
        catch (final IllegalArgumentException bad)
        {
            request.fail(ErrorCode.INVALID_SOURCE_TYPE);
            return;
        }
        request.reply(found(here));
    }

    static int found(final FindRelatives.Relatives here)
    {
        return (here.copies() > 0 ? CapOps.FOUND_COPIES : 0) | (here.overlapsRange() ? CapOps.FOUND_IN_RANGE : 0)
            | (here.descendants() ? CapOps.FOUND_DESCENDANTS : 0);
    }

    @Override
    public void onLock(final CapOpsBinding.LockRequest request, final String type, final long base, final long size,
        final String mode)
    {
        final ObjectName object;
        final LockObject.Mode lock;
        try
        {
            object = object(type, base, size);
            lock = LockObject.Mode.valueOf(mode);
            sys.lock(object, lock);
        }
        catch (final IllegalArgumentException bad)
        {
            request.fail(ErrorCode.INVALID_SOURCE_TYPE);
            return;
        }
        if (lock != LockObject.Mode.UNLOCK)
        {
            markedByOthers.putIfAbsent(object, new java.util.ArrayDeque<>());
            // marked: nothing related leaves now; answer once what already left has arrived or been refused
            inFlight.afterCopiesOf(object, request::reply);
        }
        else
        {
            request.reply();
            final java.util.ArrayDeque<Runnable> waiting = markedByOthers.remove(object);
            while (waiting != null && !waiting.isEmpty())
            {
                waiting.poll().run();
            }
        }
    }

    @Override
    public void onSweep(final CapOpsBinding.SweepRequest request, final String type, final long base, final long size,
        final boolean descendants)
    {
        final int deleted;
        try
        {
            deleted = sys.sweep(object(type, base, size), descendants);
        }
        catch (final IllegalArgumentException bad)
        {
            request.fail(ErrorCode.INVALID_SOURCE_TYPE);
            return;
        }
        request.reply(deleted);
    }

    @Override
    public void onSetOwner(final CapOpsBinding.SetOwnerRequest request, final String type, final long base,
        final long size, final int owner, final int set, final int clear)
    {
        try
        {
            final ObjectName object = object(type, base, size);
            sys.updateCopies(object, owner, set, clear);
            if (owner != core)
            {
                movedTo.put(object, owner);
            }
        }
        catch (final IllegalArgumentException bad)
        {
            request.fail(ErrorCode.INVALID_SOURCE_TYPE);
            return;
        }
        request.reply();
    }

    @Override
    public void onMade(final CapOpsBinding.MadeRequest request, final String type, final long base, final long size,
        final int rights, final int owner, final int relations, final long transfer)
    {
        final int from = peerOf(request.binding());
        try
        {
            final Capability cap = Capability.of(CapType.valueOf(type), new CapRights(rights), base, size);
            sys.receiveCopy(from, transfer, new CapabilityRecord(cap, owner, relations));
        }
        catch (final FlotillaException refused)
        {
            request.fail(refused.code());
            return;
        }
        catch (final IllegalArgumentException bad)
        {
            request.fail(ErrorCode.INVALID_SOURCE_TYPE);
            return;
        }
        request.reply();
    }

    private static int peerOf(final dev.flotilla.idl.Binding binding)
    {
        return binding.port().channel().remoteCore();
    }

    /** Operations this monitor answered with success. */
    public long completed()
    {
        return completed;
    }

    /** Operations this monitor answered with a failure. */
    public long failed()
    {
        return failed;
    }

    /** Objects with an operation running here as their owner (0 when all is quiet). */
    public int busyObjects()
    {
        return queue.busyObjects();
    }
}
