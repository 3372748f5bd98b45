package dev.flotilla.lib.spawn;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.idl.Port;
import dev.flotilla.idl.Reply;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.urpc.Channel;

/**
 * Finding the spawnd of a core: binds {@code spawnd.N} for a user-level thread of the calling dispatcher and gives
 * back a binding whose calls block that thread only. Init starts spawnd on every core as the system comes up, beside
 * the boot task, so a name not yet exported is asked again for a while before the core counts as having none.
 */
public final class SpawndClient
{
    /** How long {@link #bind(Dispatcher, int, int)} waits for a spawnd that is not exported yet: 2 s of the platform's clock. */
    public static final long PATIENCE_NS = 2_000_000_000L;
    /** The pause between two tries. */
    static final long PAUSE_NS = 10_000_000;

    private SpawndClient()
    {
    }

    /**
     * The spawnd of {@code core}, on a new binding. Must run in a user-level thread of {@code self}.
     *
     * @param cores the system's cores: a core outside 0..cores-1 is {@code INVALID_CORE}.
     * @throws FlotillaException {@code INVALID_CORE}; {@code SPAWND_NOT_RUNNING} if no spawnd exports
     *         {@code spawnd.core} (the core halted, or never started one); the bind's own error otherwise.
     */
    public static SpawndInterfaceBinding bind(final Dispatcher self, final int core, final int cores)
    {
        return bind(self, core, cores, PATIENCE_NS);
    }

    /** As {@link #bind(Dispatcher, int, int)}, waiting {@code patienceNs} at most for {@code spawnd.core} to appear. */
    public static SpawndInterfaceBinding bind(final Dispatcher self, final int core, final int cores,
        final long patienceNs)
    {
        if (core < 0 || core >= cores)
        {
            throw new FlotillaException(ErrorCode.INVALID_CORE, "core " + core + " (the system has 0.." + (cores - 1) + ")");
        }
        final String name = SpawndInterface.SERVICE_PREFIX + core;
        for (long waited = 0; ; waited += PAUSE_NS)
        {
            final Reply<Channel> bound = new Reply<>();
            self.monitor().bind(name, bound);
            self.threads().await(bound);
            if (bound.error() == null)
            {
                final Port port = new Port(bound.get());
                self.attach(port);
                return new SpawndInterfaceBinding(port, new SpawndInterfaceHandler()
                {
                });
            }
            if (bound.error() != ErrorCode.SERVICE_NOT_FOUND)
            {
                throw new FlotillaException(bound.error(), name);
            }
            if (waited >= patienceNs)
            {
                break;
            }
            self.threads().sleep(PAUSE_NS);
        }
        throw new FlotillaException(ErrorCode.SPAWND_NOT_RUNNING, "no " + name + " is exported: spawnd on core " + core
            + " has halted or never started");
    }
}
