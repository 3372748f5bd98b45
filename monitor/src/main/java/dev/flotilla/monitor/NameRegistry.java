package dev.flotilla.monitor;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Completion;
import dev.flotilla.idl.Port;
import dev.flotilla.monitor.intermon.NameServiceBinding;
import dev.flotilla.monitor.intermon.NameServiceHandler;
import java.util.HashMap;
import java.util.Map;

/**
 * The registry of the name service: which core exports each service name. Only core 0's monitor creates
 * one; it answers the other monitors' {@link dev.flotilla.monitor.intermon.NameService} calls and its
 * own monitor's directly, and keeps the SKB's {@code service/2} facts in step through
 * {@link FactsReporter}.
 *
 * <pre>
 *   register(name) from i     SERVICE_EXISTS if taken, else name -&gt; i
 *   lookup(name) from i       the core, or SERVICE_NOT_FOUND
 *   deregister(name) from i   forget name, if i still holds it (someone may have taken it since)
 * </pre>
 */
final class NameRegistry implements Protocol, Names, NameServiceHandler
{
    private final Monitor monitor;
    private final Map<String, Integer> registry = new HashMap<>();

    NameRegistry(final Monitor monitor)
    {
        this.monitor = monitor;
    }

    @Override
    public void attach(final int peer, final Port port)
    {
        new NameServiceBinding(port, this);
    }

    @Override
    public void register(final String name, final int core, final Completion<Void> done)
    {
        if (registry.putIfAbsent(name, core) != null)
        {
            done.complete(null, ErrorCode.SERVICE_EXISTS);
            return;
        }
        monitor.facts().serviceRegistered(name, core);
        done.complete(null, null);
    }

    @Override
    public void lookup(final String name, final Completion<Integer> done)
    {
        final Integer core = registry.get(name);
        done.complete(core, core == null ? ErrorCode.SERVICE_NOT_FOUND : null);
    }

    @Override
    public void deregister(final String name, final int core)
    {
        if (registry.remove(name, core))
        {
            monitor.facts().serviceRemoved(name);
        }
    }

    @Override
    public void onRegister(final NameServiceBinding.RegisterRequest request, final String name)
    {
        register(name, Monitor.peerOf(request.binding()), (none, error) -> request.answer(error));
    }

    @Override
    public void onLookup(final NameServiceBinding.LookupRequest request, final String name)
    {
        lookup(name, (core, error) ->
        {
            if (error != null)
            {
                request.fail(error);
            }
            else
            {
                request.reply(core);
            }
        });
    }

    @Override
    public void onDeregister(final NameServiceBinding from, final String name)
    {
        deregister(name, Monitor.peerOf(from));
    }
}
