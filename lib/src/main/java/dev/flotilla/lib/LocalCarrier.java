package dev.flotilla.lib;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.CapabilityCarrier;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.kernel.Syscalls;
import java.util.function.Supplier;

/**
 * How capabilities travel on a channel between two dispatchers of one core: through the CPU driver
 * (Barrelfish's LMP capability transfer). The sender's stub gives the capability to the kernel, which keeps a
 * copy in transit and answers a token (the GRANT right is needed); the receiver's decoder takes the token
 * into a free slot of its dispatcher's receive CNode ({@link CSpaceLayout#ROOTCN_SLOT_RECEIVECN}), where the
 * handler finds it. A capability stays the receiver's to keep, move or delete.
 *
 * <p>The monitor's ends of its LMP channels (to its dispatchers, to the SKB on its core) give this way too, but
 * take nothing ({@link #giveOnly}): its dispatchers hand it capabilities as transit tokens sent as numbers
 * ({@code sendCapability}), and the SKB sends it none; a capability arriving there is refused.
 */
public final class LocalCarrier implements CapabilityCarrier
{
    private final Syscalls syscalls;
    /** A free slot of the receiver's receive CNode for each capability that arrives; null where none may arrive. */
    private final Supplier<CapRef> receiveSlot;
    /** Why a capability arriving is refused, when {@code receiveSlot} is null. */
    private final String refusal;

    private LocalCarrier(final Syscalls syscalls, final Supplier<CapRef> receiveSlot, final String refusal)
    {
        this.syscalls = syscalls;
        this.receiveSlot = receiveSlot;
        this.refusal = refusal;
    }

    /** The carrier of dispatcher {@code self}'s end: gives and takes through its CPU driver. */
    LocalCarrier(final Dispatcher self)
    {
        this(self.syscalls(), self::receiveSlot, null);
    }

    /**
     * An end that only gives, through {@code syscalls}: a capability arriving is refused with
     * {@code CAP_TRANSFER_UNAVAILABLE} and {@code refusal} (the monitor's ends).
     */
    public static LocalCarrier giveOnly(final Syscalls syscalls, final String refusal)
    {
        return new LocalCarrier(syscalls, null, refusal);
    }

    @Override
    public long give(final Object capability)
    {
        if (!(capability instanceof CapRef ref))
        {
            throw new IllegalArgumentException("a capability argument is a CapRef, not " + capability.getClass());
        }
        return syscalls.give(ref);
    }

    @Override
    public Object take(final long token)
    {
        if (receiveSlot == null)
        {
            throw new FlotillaException(ErrorCode.CAP_TRANSFER_UNAVAILABLE, refusal + " (token " + token + ")");
        }
        final CapRef slot = receiveSlot.get();
        syscalls.take(token, CapRef.inRoot(CSpaceLayout.ROOTCN_SLOT_RECEIVECN), slot.l2Slot());
        return slot; // a CapabilityException (CAP_NOT_FOUND, ...) tells the decoder why it could not be taken
    }
}
