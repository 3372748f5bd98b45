package dev.flotilla.monitor.capops;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.cspace.ObjectName;
import dev.flotilla.idl.Completion;
import dev.flotilla.monitor.intermon.CapOps;

/**
 * How a retype or revoke finds an object's owner: the requester asks the core its copies name; a core that owns
 * the object no longer answers {@link CapOps#MOVED} with the core it went to, and the requester asks that one —
 * never a forward, so the owner always sees the requester's own channel (its records arrive there ahead of its
 * answer; its sweep spares the requester's copies).
 *
 * <pre>
 *   requester r -&gt; core o:  op(object, tries)
 *   o holds it:             o runs the op as the owner                      (the operation's own protocol)
 *   o handed it on to k:    MOVED | k         r -&gt; k: op(object, tries + 1)
 *   o knows nothing of it:  MOVED | r         o records r as its successor; r adopts the orphan (its copies
 *                                              name r) and runs the op as the owner
 * </pre>
 * The last line is what makes adoption single: an orphan is left when its owner's last copies went without the
 * protocol (a dispatcher's CSpace closed), and two cores asking at once would otherwise both take it. The former
 * owner answers the first "you", every later one "the first", so exactly one core adopts. Redirects are bounded
 * by the number of cores: past that the requester gives up with {@code CAP_DELETED_ELSEWHERE}.
 */
final class OwnerRoute
{
    /** Sends the operation to one core, with the redirects followed so far. */
    @FunctionalInterface
    interface Ask
    {
        void ask(int core, int tries, Completion<Long> answer);
    }

    private OwnerRoute()
    {
    }

    /**
     * The former owner's answer to {@code requester}, another core, for an object this core does not own:
     * {@code route} is where its records say the object went ({@link CapOpsService#route}), negative if nowhere.
     */
    static void answerAsFormerOwner(final CapOpsService service, final int requester, final ObjectName object,
        final int route, final Completion<Long> done)
    {
        if (route >= 0)
        {
            done.complete(CapOps.MOVED | route, null);
            return;
        }
        service.movedTo().put(object, requester); // the first to ask adopts; later ones are sent to it
        done.complete(CapOps.MOVED | requester, null);
    }

    /**
     * Asks {@code owner} on behalf of this core and follows its redirects: {@code runHere} once this core adopted
     * the object, {@code done} with the owner's answer or failure otherwise.
     */
    static void ask(final CapOpsService service, final ObjectName object, final int owner, final int tries,
        final Ask op, final Runnable runHere, final Completion<Long> done)
    {
        if (owner < 0 || tries > service.others().size() + 1 || service.peer(owner) == null)
        {
            done.complete(null, ErrorCode.CAP_DELETED_ELSEWHERE);
            return;
        }
        op.ask(owner, tries + 1, (answer, error) ->
        {
            if (error != null || (answer & CapOps.MOVED) == 0)
            {
                done.complete(answer, error);
                return;
            }
            final int next = (int)(answer & ~CapOps.MOVED);
            if (next != service.core())
            {
                ask(service, object, next, tries + 1, op, runHere, done);
            }
            else if (service.adopt(object))
            {
                service.queue().submit(object, runHere); // the former owner made this core the owner
            }
            else
            {
                done.complete(null, ErrorCode.CAP_DELETED_ELSEWHERE); // this core's copies went meanwhile
            }
        });
    }
}
