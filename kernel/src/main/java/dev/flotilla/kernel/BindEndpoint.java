package dev.flotilla.kernel;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.cspace.CSpace;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.caps.cspace.CoreCapabilities;
import dev.flotilla.caps.cspace.Cte;
import dev.flotilla.caps.cspace.FindRelatives;
import dev.flotilla.urpc.Channel;

/**
 * Binding an endpoint: a dispatcher turns an END_POINT capability of its CSpace into the channel end it names
 * (the invocation a Barrelfish dispatcher makes when it sets up the LMP or UMP binding the monitor handed it).
 *
 * <p>The checks, in order, each with its error:
 * <ol>
 *   <li>Is the slot there and full? — lookup errors, {@code CAP_NOT_FOUND}.</li>
 *   <li>Is it an END_POINT? — {@code ENDPOINT_TYPE}.</li>
 *   <li>Does it name a channel? — a dispatcher's own retype makes endpoints that name none:
 *       {@code ENDPOINT_NOT_CONNECTED}.</li>
 *   <li>Is the caller its listener (the dispatcher it was retyped from)? — {@code NO_RIGHTS}.</li>
 *   <li>Is the end unbound? — {@code ENDPOINT_ALREADY_BOUND}.</li>
 *   <li>Does the frame its rings live in still have a copy on this core? — {@code CHANNEL_FRAME_GONE}.</li>
 * </ol>
 */
final class BindEndpoint
{
    private final ChannelEndpoint endpoint;

    private BindEndpoint(final ChannelEndpoint endpoint)
    {
        this.endpoint = endpoint;
    }

    /**
     * Checks the bind of {@code ref} in {@code cspace}, whose dispatcher object begins at {@code listener}.
     *
     * @throws CapabilityException naming the first bad argument.
     */
    static BindEndpoint decode(final CoreCapabilities caps, final CSpace cspace, final CapRef ref, final long listener)
    {
        final Cte cte = cspace.lookup(ref, "endpoint");
        final Capability cap = cte.capability();
        if (cap.type() != CapType.END_POINT)
        {
            throw new CapabilityException(ErrorCode.ENDPOINT_TYPE, "endpoint: " + ref + " holds " + cap.type()
                + ", not END_POINT");
        }
        if (!(cte.namedEndpoint() instanceof ChannelEndpoint endpoint))
        {
            throw new CapabilityException(ErrorCode.ENDPOINT_NOT_CONNECTED, "endpoint: " + ref
                + " was retyped from a dispatcher but no monitor connected it to a channel");
        }
        if (cap.base() != listener)
        {
            throw new CapabilityException(ErrorCode.NO_RIGHTS, "endpoint: " + ref + " listens for the dispatcher at 0x"
                + Long.toHexString(cap.base()) + ", not the caller (0x" + Long.toHexString(listener) + ")");
        }
        switch (endpoint.state())
        {
            case BOUND -> throw new CapabilityException(ErrorCode.ENDPOINT_ALREADY_BOUND, "endpoint: " + ref
                + " names " + endpoint + ", bound before");
            case TORN_DOWN -> throw new CapabilityException(ErrorCode.CHANNEL_FRAME_GONE, "endpoint: " + ref
                + " names " + endpoint);
            case CONNECTED ->
            {
            }
        }
        if (endpoint.frame() != null && FindRelatives.decode(caps, endpoint.frame(), 0, 0).invoke().copies() == 0)
        {
            throw new CapabilityException(ErrorCode.CHANNEL_FRAME_GONE, "endpoint: " + ref + " names " + endpoint
                + ", whose frame has no copy left on core " + caps.coreId());
        }
        return new BindEndpoint(endpoint);
    }

    /** Binds the end; returns it. */
    Channel invoke()
    {
        endpoint.bound();
        return endpoint.channel();
    }
}
