package dev.flotilla.monitor.capops;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.cspace.FindRelatives;
import dev.flotilla.caps.cspace.LockObject;
import dev.flotilla.caps.cspace.ObjectName;
import dev.flotilla.caps.cspace.RemoteRelations;
import dev.flotilla.idl.Completion;
import dev.flotilla.monitor.intermon.CapOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Distributed delete (Barrelfish's {@code capops_delete} with {@code move}): a delete the CPU driver may not make
 * alone — a distributed operation holds the object, or it is the owner's last copy here and other cores hold
 * copies. The dispatcher gives its copy away ({@code Syscalls.giveAway}: its slot is empty at once) and this
 * monitor deletes it when its turn comes. An object whose ownership may move ({@link
 * dev.flotilla.caps.CapType#ownershipMoves}) gets a new owner among those cores first, and every copy learns it;
 * one that may not loses its copies everywhere. So the object always has an owner that holds a copy, or no
 * copies at all.
 *
 * <pre>
 *   dispatcher d on c -&gt; monitor c:  deleteCapability(T)   (d's copy given away: held)
 *   c:                 after any other core's lock or mark on the object here is lifted, queued behind other
 *                      operations on it here                                                  QUEUED
 *   not the owner's last copy here:  delete the held copy (nothing to ask)                    DONE
 *   otherwise (c = owner o):  lock(object) here                                               FINDING
 *   o -&gt; every c:      find(object)  -&gt; FOUND_COPIES, FOUND_DESCENDANTS                      holders H
 *   H empty:           clear COPIES here
 *   movable:  o -&gt; each h in H:  setOwner(object, min H, UNTRACKED if descendants exist away from min H)  MOVING
 *             o:       its copies name min H; requests that still reach o are sent there
 *   not movable:  o -&gt; each h in H:  sweep(object, copies only) (their mappings unmapped)         SWEEPING
 *             o:       clear COPIES here
 *   o:                 unlock, delete the held copy; monitor o -&gt; d: answer                   DONE
 * </pre>
 * The held copy is deleted in the same step that finds the object free here, so no other operation's lock can
 * come between (a dispatcher retrying its system call could lose that race to the owner's next operation every
 * time: the capability soak saw deletes of a contended object refused after eight tries).
 */
final class DistributedDelete
{
    /** Where it stands. */
    enum State
    {
        QUEUED,
        FINDING,
        MOVING,
        SWEEPING,
        DONE
    }

    private final CapOpsService service;
    private final CapOpsService.Held held;
    private final ObjectName object;
    private final Completion<Void> done;
    private State state = State.QUEUED;
    private boolean locked;

    DistributedDelete(final CapOpsService service, final CapOpsService.Held held, final Completion<Void> done)
    {
        this.service = service;
        this.held = held;
        this.object = held.object();
        this.done = done;
    }

    void start()
    {
        service.queue().submit(object, this::run);
    }

    private void run()
    {
        final FindRelatives.Relatives here = service.sys().relatives(object, 0, 0);
        // the held copy is the one the dispatcher gave away; a second here means this is not the last copy
        if (here.owner() != service.core() || (here.relations() & RemoteRelations.COPIES) == 0 || here.copies() > 1)
        {
            end(null);
            return;
        }
        state = State.FINDING;
        service.sys().lock(object, LockObject.Mode.LOCK);
        locked = true;
        final boolean descendantsHere = here.descendants()
            || (here.relations() & (RemoteRelations.DESCENDANTS | RemoteRelations.UNTRACKED_DESCENDANTS)) != 0;
        Gather.<Integer>ask(service.others(), (core, answer) -> service.peer(core).find(object.type().name(),
            object.base(), object.size(), 0, 0, answer), (answers, failure) -> found(answers, failure, descendantsHere));
    }

    private void found(final Map<Integer, Integer> answers, final ErrorCode failure, final boolean descendantsHere)
    {
        if (failure != null)
        {
            end(failure);
            return;
        }
        final List<Integer> holders = new ArrayList<>();
        answers.forEach((core, bits) ->
        {
            if ((bits & CapOps.FOUND_COPIES) != 0)
            {
                holders.add(core);
            }
        });
        if (holders.isEmpty())
        {
            service.sys().updateCopies(object, -1, 0, RemoteRelations.COPIES); // the bit said more than was true
            end(null);
            return;
        }
        if (object.type().ownershipMoves())
        {
            state = State.MOVING;
            final int next = holders.getFirst();
            boolean elsewhere = descendantsHere;
            for (final Map.Entry<Integer, Integer> answer : answers.entrySet())
            {
                elsewhere |= answer.getKey() != next && (answer.getValue() & CapOps.FOUND_DESCENDANTS) != 0;
            }
            final int set = elsewhere ? RemoteRelations.UNTRACKED_DESCENDANTS : 0;
            Gather.<Void>ask(holders, (core, answer) -> service.peer(core).setOwner(object.type().name(), object.base(),
                object.size(), next, set, 0, answer), (none, moveFailure) ->
                {
                    if (moveFailure == null)
                    {
                        service.sys().updateCopies(object, next, 0, 0);
                        service.movedTo().put(object, next);
                    }
                    end(moveFailure);
                });
        }
        else
        {
            state = State.SWEEPING;
            Gather.<Integer>ask(holders, (core, answer) -> service.peer(core).sweep(object.type().name(), object.base(),
                object.size(), false, answer), (deleted, sweepFailure) ->
                {
                    if (sweepFailure == null)
                    {
                        service.sys().updateCopies(object, -1, 0, RemoteRelations.COPIES);
                    }
                    end(sweepFailure);
                });
        }
    }

    private void end(final ErrorCode error)
    {
        state = State.DONE;
        if (locked)
        {
            service.sys().lock(object, LockObject.Mode.UNLOCK); // never another operation's lock or mark
        }
        service.release(held); // the dispatcher's copy: it gave it away for this delete

        service.queue().done(object);
        service.finish(done, null, error);
    }

    State state()
    {
        return state;
    }
}
