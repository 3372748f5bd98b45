package dev.flotilla.lib;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.caps.cspace.RemoteRelations;
import dev.flotilla.kernel.Syscalls;

/**
 * Retype, delete and revoke as a domain calls them, wherever the capability's relatives live (Barrelfish's
 * {@code cap_retype}, {@code cap_delete}, {@code cap_revoke} in libbarrelfish): each is first the CPU driver's
 * system call, exactly as {@link Syscalls} makes it — no message when nothing of the capability lives on
 * another core. If the CPU driver answers {@code RETRY_THROUGH_MONITOR}, the capability is given to this
 * core's monitor (a transit token), which runs the distributed operation ({@code dev.flotilla.monitor.capops})
 * and answers:
 *
 * <pre>
 *   retype   syscall: RETRY   give(source) = T   retypeCapability(T, ...) -&gt; first token F   take(F + i) into dest
 *   delete   syscall, unless owned here with COPIES set; on RETRY (locked) or for those: giveAway(target) = T
 *            (the slot is empty now), deleteCapability(T): the monitor deletes the copy once no distributed
 *            operation holds the object, moving the ownership first if it was the owner's last copy here (or
 *            removing the copies elsewhere of a type that cannot move)
 *   revoke   syscall: RETRY   give(target) = T   revokeCapability(T)   (no other core holds anything of it)
 *                                                                                    syscall again: local now
 * </pre>
 *
 * <p>Blocking: call it from one of the dispatcher's user-level threads; waiting yields the thread, never the
 * core. A call retried because another operation on the same object got in between tries again, a bounded
 * number of times; every refusal is the code the kernel or the owner's monitor gave.
 */
public final class CapOperations
{
    /** How often one call goes round (system call, monitor) before giving up. */
    private static final int ATTEMPTS = 8;

    private final Dispatcher self;

    /** The operations of dispatcher {@code self}, whose monitor runs the distributed ones. */
    public CapOperations(final Dispatcher self)
    {
        this.self = self;
    }

    /** As {@link Syscalls#retype}, asking the owner's monitor where the CPU driver may not decide alone. */
    public void retype(final CapRef source, final long offset, final CapType type, final long objectSize,
        final int count, final CapRef destCNode, final int destSlot)
    {
        final Syscalls sys = self.syscalls();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++)
        {
            try
            {
                sys.retype(source, offset, type, objectSize, count, destCNode, destSlot);
                return;
            }
            catch (final CapabilityException e)
            {
                retryOrThrow(e);
            }
            final long first = self.monitorBinding().retypeCapability(sys.give(source), offset, type.name(), objectSize,
                count);
            if (first != 0)
            {
                for (int i = 0; i < count; i++)
                {
                    sys.take(first + i, destCNode, destSlot + i);
                }
                return;
            }
        }
        throw busy(source);
    }

    /**
     * As {@link Syscalls#delete}, moving the object's ownership first where this core owns it and other cores hold
     * copies (the monitor moves it only if this is the last copy here). Where a distributed operation holds the
     * object, the monitor makes the delete once it is done: a delete is never refused for being busy (retrying
     * the system call could lose to the owner's next operation every time, the capability soak found).
     */
    public void delete(final CapRef target)
    {
        final Syscalls sys = self.syscalls();
        if (!ownedWithCopiesElsewhere(sys, target))
        {
            try
            {
                sys.delete(target);
                return;
            }
            catch (final CapabilityException e)
            {
                retryOrThrow(e);
            }
        }
        self.monitorBinding().deleteCapability(sys.giveAway(target));
    }

    /**
     * Whether the monitors must see this delete: this core owns the object and other cores hold copies (the
     * CPU driver deletes the owner's last copy alone all the same, leaving an orphan; see {@code caps.Delete}).
     */
    private boolean ownedWithCopiesElsewhere(final Syscalls sys, final CapRef target)
    {
        try
        {
            final var record = sys.describe(target);
            return record.owner() == self.core() && (record.relations() & RemoteRelations.COPIES) != 0;
        }
        catch (final CapabilityException cannotTell)
        {
            return false; // no IDENTIFY right, or nothing there: the system call says what it says
        }
    }

    /** As {@link Syscalls#revoke}, sweeping every other core first where copies or descendants live there. */
    public void revoke(final CapRef target)
    {
        final Syscalls sys = self.syscalls();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++)
        {
            try
            {
                sys.revoke(target);
                return;
            }
            catch (final CapabilityException e)
            {
                retryOrThrow(e);
            }
            self.monitorBinding().revokeCapability(sys.give(target));
        }
        throw busy(target);
    }

    private static void retryOrThrow(final CapabilityException e)
    {
        if (e.code() != ErrorCode.RETRY_THROUGH_MONITOR)
        {
            throw e;
        }
    }

    private static CapabilityException busy(final CapRef cap)
    {
        return new CapabilityException(ErrorCode.RETRY_THROUGH_MONITOR, cap + ": other operations on its object kept"
            + " getting in first; " + ATTEMPTS + " attempts through the monitor gave up");
    }
}
