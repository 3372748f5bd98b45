package dev.flotilla.monitor;

import dev.flotilla.idl.Completion;
import dev.flotilla.idl.Port;
import dev.flotilla.monitor.intermon.NameServiceBinding;

/**
 * The name service on a core other than 0: every request is a call to core 0's {@link NameRegistry}
 * over {@link dev.flotilla.monitor.intermon.NameService}.
 */
final class NameServiceClient implements Protocol, Names
{
    private NameServiceBinding registry;

    NameServiceClient(final Monitor monitor)
    {
        // the registry's binding arrives with the channel to core 0
    }

    @Override
    public void attach(final int peer, final Port port)
    {
        if (peer == 0)
        {
            registry = new NameServiceBinding(port);
        }
    }

    @Override
    public void register(final String name, final int core, final Completion<Void> done)
    {
        registry.register(name, done);
    }

    @Override
    public void lookup(final String name, final Completion<Integer> done)
    {
        registry.lookup(name, done);
    }

    @Override
    public void deregister(final String name, final int core)
    {
        registry.deregister(name);
    }
}
