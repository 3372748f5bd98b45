package dev.flotilla.monitor;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.CapabilityCarrier;
import dev.flotilla.kernel.Syscalls;

/**
 * How capabilities leave the monitor on its LMP channel to a local dispatcher: given to the CPU driver (a copy in
 * transit, named by the token the message carries), as any dispatcher's stub gives them; the dispatcher's decoder
 * takes the token into its receive CNode. The monitor hands its dispatchers their channel endpoints this way. Its
 * dispatchers send it no capabilities on this channel (they give them to transit and send the token as a number,
 * {@code sendCapability}), so a capability arriving here is refused.
 */
final class MonitorLocalCarrier implements CapabilityCarrier
{
    private final Syscalls syscalls;

    MonitorLocalCarrier(final Syscalls syscalls)
    {
        this.syscalls = syscalls;
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
    public Object take(final long word)
    {
        throw new FlotillaException(ErrorCode.CAP_TRANSFER_UNAVAILABLE, "the monitor takes no capabilities on a"
            + " dispatcher's LMP channel (token " + word + ")");
    }
}
