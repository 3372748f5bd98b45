package dev.flotilla.lib;

import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.CapabilityCarrier;
import dev.flotilla.kernel.CSpaceLayout;

/**
 * How capabilities travel on a channel between two dispatchers of one core: through the CPU driver
 * (Barrelfish's LMP capability transfer). The sender's stub gives the capability to the kernel, which keeps a
 * copy in transit and answers a token (the GRANT right is needed); the receiver's decoder takes the token
 * into a free slot of its dispatcher's receive CNode ({@link CSpaceLayout#ROOTCN_SLOT_RECEIVECN}), where the
 * handler finds it. A capability stays the receiver's to keep, move or delete.
 */
final class LocalCarrier implements CapabilityCarrier
{
    private final Dispatcher self;

    LocalCarrier(final Dispatcher self)
    {
        this.self = self;
    }

    @Override
    public long give(final Object capability)
    {
        if (!(capability instanceof CapRef ref))
        {
            throw new IllegalArgumentException("a capability argument is a CapRef, not " + capability.getClass());
        }
        return self.syscalls().give(ref);
    }

    @Override
    public Object take(final long token)
    {
        final CapRef slot = self.receiveSlot();
        self.syscalls().take(token, CapRef.inRoot(CSpaceLayout.ROOTCN_SLOT_RECEIVECN), slot.l2Slot());
        return slot; // a CapabilityException (CAP_NOT_FOUND, ...) tells the decoder why it could not be taken
    }
}
