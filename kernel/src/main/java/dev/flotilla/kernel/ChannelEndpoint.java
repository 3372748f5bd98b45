package dev.flotilla.kernel;

import dev.flotilla.caps.cspace.EndpointObject;
import dev.flotilla.caps.cspace.ObjectName;
import dev.flotilla.urpc.Channel;
import java.util.Objects;

/**
 * One end of a channel as the CPU driver keeps it: the object an END_POINT capability names (Barrelfish's
 * endpoint, whose listener is the dispatcher the capability was retyped from). The monitor makes it when it
 * binds a channel for a dispatcher of its core ({@link Syscalls#mintEndpoint}) and sends the capability to
 * that dispatcher with a message; the dispatcher turns the capability into its channel with
 * {@link Syscalls#bindEndpoint}, once.
 *
 * <pre>
 *   CONNECTED  -- bindEndpoint by its listener ------------------&gt; BOUND
 *   CONNECTED  -- bindEndpoint finds the ring's frame gone ------&gt; TORN_DOWN
 * </pre>
 *
 * <p>A UMP end whose rings live in a FRAME capability names that frame: the ring memory is accounted in the
 * capability system, and once no copy of the frame is left on this core the end can no longer be bound
 * ({@code CHANNEL_FRAME_GONE}). Core-confined, like its CPU driver; every copy of the capability names this
 * one object, so the state is the channel end's, not one capability's.
 */
public final class ChannelEndpoint implements EndpointObject
{
    /** Where the end is in its life; see the class comment. */
    public enum State
    {
        /** Made and on its way to (or waiting in) its listener's CSpace. */
        CONNECTED,
        /** Its listener bound it: the channel is the dispatcher's. */
        BOUND,
        /** The frame its rings live in is gone: the channel cannot be used. */
        TORN_DOWN
    }

    private final Channel channel;
    private final ObjectName frame;
    private State state = State.CONNECTED;

    /**
     * @param channel the end itself.
     * @param frame   the FRAME object its rings live in; null for an end whose rings are not in a frame
     *                capability (LMP, the simulator's transport).
     */
    ChannelEndpoint(final Channel channel, final ObjectName frame)
    {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.frame = frame;
    }

    /** The channel end; the dispatcher gets it only by binding. */
    Channel channel()
    {
        return channel;
    }

    /** The frame object the rings live in, or null. */
    public ObjectName frame()
    {
        return frame;
    }

    /** Where the end is in its life. */
    public State state()
    {
        return state;
    }

    void bound()
    {
        state = State.BOUND;
    }

    void tornDown()
    {
        state = State.TORN_DOWN;
    }

    @Override
    public String toString()
    {
        return "endpoint " + channel.transport() + " core " + channel.localCore() + " -> " + channel.remoteCore()
            + " " + state + (frame == null ? "" : " in " + frame);
    }
}
