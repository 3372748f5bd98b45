package dev.flotilla.monitor.capops;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityRecord;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.caps.cspace.LockObject;
import dev.flotilla.caps.cspace.ObjectName;
import dev.flotilla.idl.Completion;
import dev.flotilla.monitor.intermon.CapOps;
import java.util.Map;

/**
 * Distributed retype (Barrelfish's {@code capops_retype}): a retype the CPU driver may not decide alone — the
 * source is a foreign copy, or its object is locked by another operation, or descendants may exist on cores its
 * owner keeps no record of — is decided and made by the object's owner, after every core was asked whether a
 * descendant overlaps the range. Two cores racing to retype overlapping ranges of one object are serialised by
 * the owner's queue: the first is made, the second finds the first's objects and gets {@code REVOKE_FIRST}.
 *
 * <pre>
 *   dispatcher d on r -&gt; monitor r:  retypeCapability(T, offset, type, size, count)  (its copy handed over: held)
 *   r -&gt; owner o:      retype(object, rights, offset, type, size, count, hops)     QUEUED in o's ObjectQueue
 *   o:                 lock(object) here                                            ASKING
 *   o -&gt; every c:      find(object, range)  -&gt; FOUND_* bits                         (r: FOUND_COPIES, else
 *                                                                                   CAP_DELETED_ELSEWHERE; any
 *                                                                                   FOUND_IN_RANGE: REVOKE_FIRST)
 *   o:                 retypeAsOwner into its own slots (the local REVOKE_FIRST test) RETYPING
 *   o -&gt; r:            made(record_i, transfer_i), i &lt; count  (o keeps each as a record of the remote copy;
 *                                                              the new objects belong to r)   DELIVERING
 *   r -&gt; o:            made answered, each (r's CPU driver holds the copy)
 *   o -&gt; r:            answer: transfer_0 (directly, or back through the cores that forwarded the request: so
 *                      only after every made was answered); o unlocks, the next queued operation starts  DONE
 *   r:                 takeArrived(o, transfer_i), give each to d: tokens F..F+count-1
 *   monitor r -&gt; d:    answer F; d takes each token into its destination slots
 * </pre>
 * A requester that owns the object itself (locked, or untracked descendants) runs the owner's part in its own
 * monitor and gives the new capabilities to its dispatcher directly. Every failure is the first code met; the
 * lock is always released and the queue always moves on.
 */
final class DistributedRetype
{
    /** Where the owner's part stands. */
    enum State
    {
        QUEUED,
        ASKING,
        RETYPING,
        DELIVERING,
        DONE,
        FAILED
    }

    /**
     * Transfer numbers (and this core's tokens, as the owner's part answers them) carry their core from this bit,
     * and {@link #TRANSFER_TAG}, which keeps them apart from the capability copier's transfers (transit tokens).
     */
    static final int TRANSFER_CORE_SHIFT = 40;
    static final long TRANSFER_TAG = 1L << 62;
    private static final long TRANSFER_MASK = (1L << TRANSFER_CORE_SHIFT) - 1;

    private final CapOpsService service;
    private final int requester;
    private final ObjectName object;
    private final CapRights rights;
    private final long offset;
    private final CapType type;
    private final long objectSize;
    private final int count;
    private final int hops;
    private final Completion<Long> done;
    private State state = State.QUEUED;
    /** While DELIVERING to another core: the made messages not yet answered, and the first refusal among them. */
    private int madePending;
    private ErrorCode madeRefused;

    private DistributedRetype(final CapOpsService service, final int requester, final ObjectName object,
        final CapRights rights, final long offset, final CapType type, final long objectSize, final int count,
        final int hops, final Completion<Long> done)
    {
        this.service = service;
        this.requester = requester;
        this.object = object;
        this.rights = rights;
        this.offset = offset;
        this.type = type;
        this.objectSize = objectSize;
        this.count = count;
        this.hops = hops;
        this.done = done;
    }

    /** The requester's part: asks the owner (or is it), then hands the new capabilities to the dispatcher. */
    DistributedRetype(final CapOpsService service, final CapOpsService.Held held, final long offset, final CapType type,
        final long objectSize, final int count, final Completion<Long> done)
    {
        this(service, service.core(), held.object(), held.record().capability().rights(), offset, type, objectSize,
            count, 0, (first, error) -> requesterAnswered(service, held, count, first, error, done));
    }

    void start()
    {
        final int owner = service.route(object);
        if (owner == -1)
        {
            service.queue().submit(object, this::run);
        }
        else
        {
            forward(owner);
        }
    }

    /** The owner's part, for a request from {@code requester} (another core). */
    static void atOwner(final CapOpsService service, final int requester, final ObjectName object,
        final CapRights rights, final long offset, final CapType type, final long objectSize, final int count,
        final int hops, final Completion<Long> done)
    {
        new DistributedRetype(service, requester, object, rights, offset, type, objectSize, count, hops, done).start();
    }

    private void forward(final int owner)
    {
        if (owner < 0 || hops > service.others().size() + 1 || service.peer(owner) == null)
        {
            done.complete(null, ErrorCode.CAP_DELETED_ELSEWHERE);
            return;
        }
        service.peer(owner).retype(object.type().name(), object.base(), object.size(), rights.bits(), offset, type.name(),
            objectSize, count, hops + 1, requester, (answer, error) ->
            {
                if (error == ErrorCode.CAP_DELETED_ELSEWHERE && hops == 0 && requester == service.core()
                    && service.adopt(object))
                {
                    service.queue().submit(object, this::run); // the owner let its last copy go: this core owns it now
                }
                else
                {
                    done.complete(answer, error);
                }
            });
    }

    private void run()
    {
        final int owner = service.route(object);
        if (owner != -1)
        {
            // the ownership moved while this waited: the next owner decides
            service.queue().done(object);
            forward(owner);
            return;
        }
        state = State.ASKING;
        service.sys().lock(object, LockObject.Mode.LOCK);
        final long rangeBase = object.base() + offset;
        final long rangeSize = offset >= 0 && objectSize > 0 && count > 0 && objectSize <= object.size()
            && rangeBase + objectSize * count <= object.base() + object.size() ? objectSize * count : 0;
        Gather.<Integer>ask(service.others(), (core, answer) -> service.peer(core).find(object.type().name(),
            object.base(), object.size(), rangeBase, rangeSize, answer), (answers, failure) ->
                asked(answers, failure, rangeBase, rangeSize));
    }

    private void asked(final Map<Integer, Integer> answers, final ErrorCode failure, final long rangeBase,
        final long rangeSize)
    {
        if (failure != null)
        {
            end(null, failure);
            return;
        }
        if (requester != service.core() && (answers.getOrDefault(requester, 0) & CapOps.FOUND_COPIES) == 0)
        {
            end(null, ErrorCode.CAP_DELETED_ELSEWHERE); // revoked or deleted there while the request waited
            return;
        }
        for (final Map.Entry<Integer, Integer> answer : answers.entrySet())
        {
            if ((answer.getValue() & CapOps.FOUND_IN_RANGE) != 0)
            {
                end(null, ErrorCode.REVOKE_FIRST);
                return;
            }
        }
        state = State.RETYPING;
        final CapRef run;
        try
        {
            run = service.slots().allocateRun(count);
        }
        catch (final FlotillaException full)
        {
            end(null, full.code());
            return;
        }
        try
        {
            service.sys().retypeAsOwner(object, rights, offset, type, objectSize, count, MonitorSlots.cnode(),
                run.l2Slot());
        }
        catch (final FlotillaException refused)
        {
            service.slots().free(run, count);
            end(null, refused.code());
            return;
        }
        state = State.DELIVERING;
        final long first;
        try
        {
            first = requester == service.core() ? give(run) : send(run);
        }
        catch (final FlotillaException refused)
        {
            for (int i = 0; i < count; i++)
            {
                quietDelete(CapRef.of(run.l1Index(), run.l2Slot() + i));
            }
            service.slots().free(run, count);
            end(null, refused.code());
            return;
        }
        service.slots().free(run, count);
        if (requester == service.core())
        {
            end(first, null);
        }
        // else the answer waits for every made to be answered (delivered): see made
    }

    /**
     * One made answered. The answer goes to the requester only once every new capability is in its CPU driver:
     * a request forwarded by a former owner is answered back along that path while made goes straight to the
     * requester, so an answer sent at once could overtake the made (the requester's take would find nothing, and
     * the copy would wait in its transit forever).
     */
    private void made(final long first, final ErrorCode error)
    {
        if (state != State.DELIVERING)
        {
            return; // ended already: a later send failed, and the answer said so
        }
        madeRefused = madeRefused == null ? error : madeRefused;
        if (--madePending == 0)
        {
            end(madeRefused == null ? first : null, madeRefused);
        }
    }

    /**
     * Gives the new capabilities to this core's transit: consecutive tokens, since nothing else gives meanwhile;
     * answered, like a transfer number, with the core above {@link #TRANSFER_CORE_SHIFT}.
     */
    private long give(final CapRef run)
    {
        long first = 0;
        for (int i = 0; i < count; i++)
        {
            final CapRef slot = CapRef.of(run.l1Index(), run.l2Slot() + i);
            final long token = service.sys().give(slot);
            first = i == 0 ? token : first;
            service.sys().deleteAlone(slot);
        }
        return TRANSFER_TAG | (long)service.core() << TRANSFER_CORE_SHIFT | first;
    }

    /** Sends each new capability to the requester (records kept here); returns the first transfer number. */
    private long send(final CapRef run)
    {
        final long first = service.nextTransfer();
        for (int i = 1; i < count; i++)
        {
            service.nextTransfer();
        }
        madePending = count;
        for (int i = 0; i < count; i++)
        {
            final CapRef slot = CapRef.of(run.l1Index(), run.l2Slot() + i);
            final CapabilityRecord record = service.sys().sendCopy(slot, requester);
            service.sys().deleteAlone(slot);
            final Capability cap = record.capability();
            service.peer(requester).made(cap.type().name(), cap.base(), cap.size(), cap.rights().bits(), record.owner(),
                record.relations(), first + i, (none, error) -> made(first, error));
        }
        return first;
    }

    private void quietDelete(final CapRef slot)
    {
        try
        {
            service.sys().deleteAlone(slot);
        }
        catch (final FlotillaException empty)
        {
            // never made, or already handed on
        }
    }

    private void end(final Long first, final ErrorCode error)
    {
        state = error == null ? State.DONE : State.FAILED;
        service.sys().lock(object, LockObject.Mode.UNLOCK);
        service.queue().done(object);
        done.complete(first, error);
    }

    /** The requester's last step: the owner's answer in, the new capabilities become tokens for the dispatcher. */
    private static void requesterAnswered(final CapOpsService service, final CapOpsService.Held held, final int count,
        final Long first, final ErrorCode error, final Completion<Long> done)
    {
        if (error != null)
        {
            service.release(held);
            service.finish(done, null, error);
            return;
        }
        final int owner = (int)((first & ~TRANSFER_TAG) >>> TRANSFER_CORE_SHIFT);
        if (owner == service.core())
        {
            service.release(held); // made here: the low bits are already this core's first transit token
            service.finish(done, first & TRANSFER_MASK, null);
            return;
        }
        CapRef run = null;
        int taken = 0;
        try
        {
            run = service.slots().allocateRun(count);
            for (; taken < count; taken++)
            {
                service.sys().takeArrived(owner, first + taken, MonitorSlots.cnode(), run.l2Slot() + taken);
            }
            long token = 0;
            for (int i = 0; i < count; i++)
            {
                final CapRef slot = CapRef.of(run.l1Index(), run.l2Slot() + i);
                final long t = service.sys().give(slot);
                token = i == 0 ? t : token;
                service.sys().deleteAlone(slot);
            }
            service.slots().free(run, count);
            service.release(held);
            service.finish(done, token, null);
        }
        catch (final FlotillaException refused)
        {
            if (run != null)
            {
                for (int i = 0; i < taken; i++)
                {
                    try
                    {
                        service.sys().deleteAlone(CapRef.of(run.l1Index(), run.l2Slot() + i));
                    }
                    catch (final FlotillaException empty)
                    {
                        // handed on already
                    }
                }
                service.slots().free(run, count);
            }
            service.release(held);
            service.finish(done, null, refused.code());
        }
    }

    State state()
    {
        return state;
    }
}
