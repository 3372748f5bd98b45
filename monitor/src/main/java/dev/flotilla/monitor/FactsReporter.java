package dev.flotilla.monitor;

import dev.flotilla.idl.Port;
import dev.flotilla.monitor.intermon.FactsBinding;
import dev.flotilla.monitor.intermon.FactsHandler;

/**
 * Reports what runs where to core 0's {@link RuntimeFacts} ({@link dev.flotilla.monitor.intermon.Facts}):
 * every monitor tells core 0 when a dispatcher of a program starts or exits on its core; core 0 records
 * it (and the name registry's services) in the record its {@link BootCoordinator} keeps for the SKB.
 *
 * <pre>
 *   i -&gt; 0:   dispatcherStarted(program)   one more dispatcher of program on i
 *   i -&gt; 0:   dispatcherExited(program)    one fewer
 * </pre>
 */
final class FactsReporter implements Protocol, FactsHandler
{
    private final Monitor monitor;
    private FactsBinding core0;

    FactsReporter(final Monitor monitor)
    {
        this.monitor = monitor;
    }

    @Override
    public void attach(final int peer, final Port port)
    {
        final FactsBinding binding = new FactsBinding(port, this);
        if (peer == 0)
        {
            core0 = binding;
        }
    }

    /** A dispatcher of {@code program} started on this core. */
    void dispatcherStarted(final String program)
    {
        if (monitor.isBootstrap())
        {
            monitor.coordinator().facts().dispatcherStarted(program, monitor.core());
        }
        else
        {
            core0.dispatcherStarted(program);
        }
    }

    /** A dispatcher of {@code program} on this core exited. */
    void dispatcherExited(final String program)
    {
        if (monitor.isBootstrap())
        {
            monitor.coordinator().facts().dispatcherExited(program, monitor.core());
        }
        else
        {
            core0.dispatcherExited(program);
        }
    }

    /** Core 0: the name registry registered {@code name} on {@code core}. */
    void serviceRegistered(final String name, final int core)
    {
        monitor.coordinator().facts().serviceRegistered(name, core);
    }

    /** Core 0: the name registry forgot {@code name}. */
    void serviceRemoved(final String name)
    {
        monitor.coordinator().facts().serviceRemoved(name);
    }

    @Override
    public void onDispatcherStarted(final FactsBinding from, final String program)
    {
        monitor.coordinator().facts().dispatcherStarted(program, Monitor.peerOf(from));
    }

    @Override
    public void onDispatcherExited(final FactsBinding from, final String program)
    {
        monitor.coordinator().facts().dispatcherExited(program, Monitor.peerOf(from));
    }
}
