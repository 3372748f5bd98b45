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
 * Distributed delete (Barrelfish's {@code capops_delete} with {@code move}): the owner deletes its last copy of
 * an object that other cores hold copies of. An object whose ownership may move ({@link
 * dev.flotilla.caps.CapType#ownershipMoves}) gets a new owner among those cores, and every copy learns it; one
 * that may not loses its copies everywhere. Only then does the copy here go — so the object always has an
 * owner that holds a copy, or no copies at all.
 *
 * <pre>
 *   dispatcher d on o -&gt; monitor o:  deleteCapability(T)   (the CPU driver said RETRY: o's last copy; held)
 *   o:                 queued behind other operations on the object; lock(object) here        FINDING
 *   o -&gt; every c:      find(object)  -&gt; FOUND_COPIES, FOUND_DESCENDANTS                      holders H
 *   H empty:           clear COPIES here                                                      DONE
 *   movable:  o -&gt; each h in H:  setOwner(object, min H, UNTRACKED if descendants exist away from min H)  MOVING
 *             o:       its copies name min H; requests that still reach o are forwarded there
 *   not movable:  o -&gt; each h in H:  sweep(object, copies only) (their mappings unmapped)         SWEEPING
 *             o:       clear COPIES here
 *   o:                 delete the held copy, unlock; monitor o -&gt; d: answer                    DONE
 *   d:                 the delete system call again: now a foreign copy, or no copies elsewhere: local
 * </pre>
 * A delete that finds this core no longer the owner (a revoke moved it, or nothing remains elsewhere) has
 * nothing to ask: the dispatcher's system call is then local.
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
        // the held copy and the dispatcher's own are two; a third here means this is not the last copy
        if (here.owner() != service.core() || (here.relations() & RemoteRelations.COPIES) == 0 || here.copies() > 2)
        {
            end(null);
            return;
        }
        state = State.FINDING;
        service.sys().lock(object, LockObject.Mode.LOCK);
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
        service.sys().lock(object, LockObject.Mode.UNLOCK);
        service.release(held);
        service.queue().done(object);
        service.finish(done, null, error);
    }

    State state()
    {
        return state;
    }
}
