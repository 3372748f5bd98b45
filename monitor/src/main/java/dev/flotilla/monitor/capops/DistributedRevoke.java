package dev.flotilla.monitor.capops;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.cspace.FindRelatives;
import dev.flotilla.caps.cspace.LockObject;
import dev.flotilla.caps.cspace.ObjectName;
import dev.flotilla.caps.cspace.RemoteRelations;
import dev.flotilla.idl.Completion;
import java.util.ArrayList;
import java.util.List;

/**
 * Distributed revoke (Barrelfish's {@code capops_revoke}: mark, then sweep): every copy and descendant of an
 * object on every core other than the revoker's is deleted — each core's frame mappings unmapped by its own
 * CPU driver before it answers — then the revoker, now the only core that holds the object and its owner,
 * makes the revoke of its own copies with the ordinary system call.
 *
 * <pre>
 *   dispatcher d on r -&gt; monitor r:  revokeCapability(T)   (the CPU driver said RETRY; r's copy held)
 *   r -&gt; owner o:      revoke(object, hops)                      QUEUED in o's ObjectQueue
 *   o -&gt; every c:      lock(object, MARK)  (o too)                MARKING: no copy of the object or a descendant
 *                                                                 leaves or enters c; its operations queue at o;
 *                                                                 c answers once its copies already on the wire
 *                                                                 are answered (made there: swept; or refused)
 *   o -&gt; every c != r: sweep(object, descendants)  (o too, unless o = r)   SWEEPING: deleted, mappings unmapped
 *   o -&gt; every c:      lock(object, UNLOCK)                       UNMARKING; o forwards later requests to r
 *   o -&gt; r:            answer                                     DONE; the next queued operation starts
 *   r:                 its copies name r as owner, COPIES / DESCENDANTS / UNTRACKED cleared
 *   monitor r -&gt; d:    answer; d's revoke system call is now local: its own copies and descendants go
 * </pre>
 * An operation that reached the owner meanwhile, for a copy this revoke deleted, finds no copy at its requester
 * and fails with {@code CAP_DELETED_ELSEWHERE}; a revoker whose own copy another revoke swept first gets that
 * code too.
 */
final class DistributedRevoke
{
    /** Where the owner's part stands. */
    enum State
    {
        QUEUED,
        MARKING,
        SWEEPING,
        UNMARKING,
        DONE
    }

    private final CapOpsService service;
    private final int requester;
    private final ObjectName object;
    private final int hops;
    private final Completion<Void> done;
    private State state = State.QUEUED;

    private DistributedRevoke(final CapOpsService service, final int requester, final ObjectName object, final int hops,
        final Completion<Void> done)
    {
        this.service = service;
        this.requester = requester;
        this.object = object;
        this.hops = hops;
        this.done = done;
    }

    /** The revoker's part, for the capability its dispatcher handed over. */
    DistributedRevoke(final CapOpsService service, final CapOpsService.Held held, final Completion<Void> done)
    {
        this(service, service.core(), held.object(), 0, (none, error) -> revokerAnswered(service, held, error, done));
    }

    /** The owner's part, for a request from {@code requester} (another core). */
    static void atOwner(final CapOpsService service, final int requester, final ObjectName object, final int hops,
        final Completion<Void> done)
    {
        new DistributedRevoke(service, requester, object, hops, done).start();
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

    private void forward(final int owner)
    {
        if (owner < 0 || hops > service.others().size() + 1 || service.peer(owner) == null)
        {
            done.complete(null, ErrorCode.CAP_DELETED_ELSEWHERE);
            return;
        }
        service.peer(owner).revoke(object.type().name(), object.base(), object.size(), hops + 1, requester, (answer, error) ->
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
            service.queue().done(object);
            forward(owner);
            return;
        }
        state = State.MARKING;
        service.sys().lock(object, LockObject.Mode.MARK);
        service.inFlight().afterCopiesOf(object, () -> Gather.<Void>ask(service.others(), (core, answer) ->
            service.peer(core).lock(object.type().name(), object.base(), object.size(), LockObject.Mode.MARK.name(),
                answer), (none, failure) ->
            {
                if (failure != null)
                {
                    unmark(failure);
                    return;
                }
                sweep();
            }));
    }

    private void sweep()
    {
        state = State.SWEEPING;
        final List<Integer> away = new ArrayList<>(service.others());
        away.remove(Integer.valueOf(requester));
        if (requester != service.core())
        {
            service.sys().sweep(object, true);
        }
        Gather.<Integer>ask(away, (core, answer) -> service.peer(core).sweep(object.type().name(), object.base(),
            object.size(), true, answer), (deleted, failure) -> unmark(failure));
    }

    private void unmark(final ErrorCode failure)
    {
        state = State.UNMARKING;
        Gather.<Void>ask(service.others(), (core, answer) -> service.peer(core).lock(object.type().name(), object.base(),
            object.size(), LockObject.Mode.UNLOCK.name(), answer), (none, unlockFailure) ->
            {
                if (requester != service.core())
                {
                    service.sys().lock(object, LockObject.Mode.UNLOCK);
                    if (failure == null)
                    {
                        service.movedTo().put(object, requester);
                    }
                }
                state = State.DONE;
                // answer before the next queued operation starts, so the revoker sets its bits first
                done.complete(null, failure != null ? failure : unlockFailure);
                service.queue().done(object);
            });
    }

    /** The revoker's last step: it owns the object now and holds all that is left of it. */
    private static void revokerAnswered(final CapOpsService service, final CapOpsService.Held held,
        final ErrorCode error, final Completion<Void> done)
    {
        final ObjectName object = held.object();
        service.sys().lock(object, LockObject.Mode.UNLOCK);
        if (error != null)
        {
            service.release(held);
            service.finish(done, null, error);
            return;
        }
        final FindRelatives.Relatives here = service.sys().relatives(object, 0, 0);
        if (here.copies() == 0)
        {
            service.release(held);
            service.finish(done, null, ErrorCode.CAP_DELETED_ELSEWHERE);
            return;
        }
        service.sys().updateCopies(object, service.core(), 0,
            RemoteRelations.COPIES | RemoteRelations.DESCENDANTS | RemoteRelations.UNTRACKED_DESCENDANTS);
        service.movedTo().remove(object);
        service.release(held);
        service.finish(done, null, null);
    }

    State state()
    {
        return state;
    }
}
