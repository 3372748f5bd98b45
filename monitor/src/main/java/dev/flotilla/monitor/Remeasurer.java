package dev.flotilla.monitor;

import dev.flotilla.idl.Port;
import dev.flotilla.monitor.intermon.RemeasureBinding;
import dev.flotilla.monitor.intermon.RemeasureHandler;

/**
 * Online measurement on request ({@link dev.flotilla.monitor.intermon.Remeasure}): a program anywhere
 * asks for fresh round trips; core 0's {@link BootCoordinator} measures every pair again and hands the
 * matrix to the SKB, then every waiting request is answered.
 *
 * <pre>
 *   i -&gt; 0:   remeasure()    answered once the SKB has the new matrix
 * </pre>
 */
final class Remeasurer implements Protocol, RemeasureHandler
{
    private final Monitor monitor;
    private RemeasureBinding core0;

    Remeasurer(final Monitor monitor)
    {
        this.monitor = monitor;
    }

    @Override
    public void attach(final int peer, final Port port)
    {
        final RemeasureBinding binding = new RemeasureBinding(port, this);
        if (peer == 0)
        {
            core0 = binding;
        }
    }

    /** Measures every pair again (through core 0), then runs {@code done}. */
    void remeasure(final Runnable done)
    {
        if (monitor.isBootstrap())
        {
            monitor.coordinator().refresh(done, monitor.now());
        }
        else
        {
            core0.remeasure((none, error) -> done.run());
        }
    }

    @Override
    public void onRemeasure(final RemeasureBinding.RemeasureRequest request)
    {
        monitor.coordinator().refresh(request::reply, monitor.now());
    }
}
