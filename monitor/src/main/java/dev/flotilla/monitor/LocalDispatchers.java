package dev.flotilla.monitor;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Port;
import dev.flotilla.lib.Launch;
import dev.flotilla.lib.LocalCarrier;
import dev.flotilla.lib.MonitorInterface;
import dev.flotilla.lib.MonitorInterfaceBinding;
import dev.flotilla.lib.MonitorInterfaceHandler;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.kernel.DispatcherControlBlock;
import dev.flotilla.kernel.Syscalls;
import dev.flotilla.urpc.Channel;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The monitor's side of {@link MonitorInterface}: the dispatchers this monitor spawned, each on its LMP
 * channel, and the services they export. Every call is turned into the protocols' work — the name
 * service, binding, spawning, remeasurement — and answered when that finishes. When a dispatcher exits,
 * the names it exported are freed and core 0 hears of it.
 *
 * <pre>
 *   export(name)            register in the name service; then connect() reaches it for every client
 *   bind(name)              ServiceBinder; the reply carries the END_POINT capability of the client's end
 *   (every client)          connect(name, endpoint, core) carries the END_POINT capability of the server's end
 *   spawn(core, program)    Spawner
 *   remeasure()             Remeasurer
 *   exit(status)            deregister its names, report the exit (and the boot task's status)
 *   sendCapability(core, T) CapCopier: carry the capability given as T to core's CPU driver
 *   retypeCapability, deleteCapability, revokeCapability   CapOpsService: the distributed operations
 * </pre>
 */
final class LocalDispatchers implements MonitorInterfaceHandler
{
    private static final int POLL_LIMIT = 16;

    /**
     * A dispatcher this monitor spawned, the monitor's binding on its LMP channel, and the monitor's copy of its
     * DISPATCHER capability, from which the END_POINTs of its channels are derived.
     */
    private record Local(Launch launch, MonitorInterfaceBinding binding, boolean reportsExit, CapRef dispatcher)
    {
        String program()
        {
            return launch.program();
        }
    }

    /** The monitor's slot for an endpoint it is handing over: filled, sent (given to transit) and emptied in one handler. */
    private static final CapRef MINTED = CapRef.of(CSpaceLayout.ROOTCN_SLOT_RECEIVECN, 1);
    private static final CapRef MINTED_CNODE = CapRef.inRoot(CSpaceLayout.ROOTCN_SLOT_RECEIVECN);

    private final Monitor monitor;
    /** Which slots of the monitor's endpoint CNode hold its copies of local dispatchers' DISPATCHER capabilities. */
    private final BitSet dispatcherSlots = new BitSet(ObjectSizes.L2_CNODE_SLOTS);
    private final List<Local> locals = new ArrayList<>();
    private final Map<String, Local> exports = new HashMap<>();
    /**
     * Exports whose registration is still in flight, the first per name (the one whose proposal reaches the
     * sequencer first, so the one that can win). A replica can show the name on this core before the round's
     * answer reaches this core, so a client that found it is connected to this exporter meanwhile.
     */
    private final Map<String, Local> claiming = new HashMap<>();
    private long rejectedByGone;

    LocalDispatchers(final Monitor monitor)
    {
        this.monitor = monitor;
    }

    /** Serves a new dispatcher of {@code program} on {@code channel}, the monitor's end of its LMP channel. */
    void add(final Launch launch, final Channel channel, final boolean reportsExit, final DispatcherControlBlock child)
    {
        final int slot = dispatcherSlots.nextClearBit(0);
        if (slot >= ObjectSizes.L2_CNODE_SLOTS)
        {
            throw new CapabilityException(ErrorCode.SLOT_ALLOC_NO_SPACE, "monitor " + monitor.core() + " already keeps "
                + slot + " dispatcher capabilities");
        }
        monitor.kernel().keepDispatcher(child, CapRef.inRoot(CSpaceLayout.ROOTCN_SLOT_ENDPOINTCN), slot);
        dispatcherSlots.set(slot);
        final Port port = new Port(channel);
        // endpoints go to the dispatcher through the CPU driver; it sends capabilities as tokens in numbers
        port.carrier(LocalCarrier.giveOnly(monitor.kernel().syscalls(), "the monitor takes no capabilities on a"
            + " dispatcher's LMP channel"));
        locals.add(new Local(launch, new MonitorInterfaceBinding(port, this), reportsExit, CSpaceLayout.endpoint(slot)));
        monitor.shootdowns().serve(launch, port); // the TLB shootdown's interface, on the same channel
    }

    /** Tells every local dispatcher of {@code domain} to stop: its domain ended or was killed. */
    void stop(final long domain)
    {
        for (final Local local : locals)
        {
            if (local.launch().domainId() == domain)
            {
                local.binding().stop();
            }
        }
    }

    /** Polls every local dispatcher's channel; returns the work done. */
    int poll()
    {
        int work = 0;
        for (int i = 0; i < locals.size(); i++)
        {
            work += locals.get(i).binding().port().poll(POLL_LIMIT);
        }
        return work;
    }

    /** True if a local dispatcher's port holds a message that waits for room in its ring. */
    boolean sendWaiting()
    {
        for (int i = 0; i < locals.size(); i++)
        {
            if (locals.get(i).binding().port().sendWaiting())
            {
                return true;
            }
        }
        return false;
    }

    /** Messages refused on the local dispatchers' channels, including those of dispatchers that exited. */
    long rejected()
    {
        return rejectedByGone + locals.stream().mapToLong(local -> local.binding().port().rejected()).sum();
    }

    /**
     * Hands {@code endpoint} to the local dispatcher that exported {@code name}, as an END_POINT capability that
     * names the end and, when its rings lie in one, the monitor's FRAME capability {@code frame} (else null).
     */
    Optional<ErrorCode> connect(final String name, final Channel endpoint, final int clientCore, final CapRef frame)
    {
        final Local exporter = exports.containsKey(name) ? exports.get(name) : claiming.get(name);
        if (exporter == null)
        {
            return Optional.of(ErrorCode.SERVICE_NOT_FOUND);
        }
        final Syscalls sys = monitor.kernel().syscalls();
        try
        {
            mint(sys, exporter.dispatcher(), endpoint, frame);
        }
        catch (final CapabilityException refused)
        {
            return Optional.of(refused.code());
        }
        try
        {
            exporter.binding().connect(name, MINTED, clientCore); // the stub gives it to transit at once
        }
        finally
        {
            sys.delete(MINTED);
        }
        return Optional.empty();
    }

    /** An END_POINT for {@code end}, listened to by {@code dispatcher}, naming {@code frame} if not null, in MINTED. */
    private static void mint(final Syscalls sys, final CapRef dispatcher, final Channel end, final CapRef frame)
    {
        if (frame == null)
        {
            sys.mintEndpoint(dispatcher, end, MINTED_CNODE, MINTED.l2Slot());
        }
        else
        {
            sys.mintEndpoint(dispatcher, end, frame, MINTED_CNODE, MINTED.l2Slot());
        }
    }

    @Override
    public void onExport(final MonitorInterfaceBinding.ExportRequest request, final String name)
    {
        final Local local = of(request.binding());
        final boolean first = claiming.putIfAbsent(name, local) == null;
        monitor.names().register(name, monitor.core(), (none, error) ->
        {
            if (first)
            {
                claiming.remove(name, local);
            }
            if (error == null && !locals.contains(local))
            {
                monitor.names().deregister(name, monitor.core()); // the exporter exited while core 0 registered it
                return;
            }
            if (error == null)
            {
                exports.put(name, local);
            }
            request.answer(error);
        });
    }

    @Override
    public void onBind(final MonitorInterfaceBinding.BindRequest request, final String name)
    {
        monitor.binder().bind(name, (channel, error) ->
        {
            if (error != null)
            {
                request.fail(error);
                return;
            }
            final Local client = find(request.binding());
            if (client == null)
            {
                return; // the client exited while its bind was made: nobody takes the end
            }
            final Syscalls sys = monitor.kernel().syscalls();
            try
            {
                mint(sys, client.dispatcher(), channel, monitor.binder().takeFrameOf(channel).orElse(null));
            }
            catch (final CapabilityException refused)
            {
                request.fail(refused.code());
                return;
            }
            try
            {
                request.reply(MINTED); // the stub gives it to transit at once
            }
            finally
            {
                sys.delete(MINTED);
            }
        });
    }

    @Override
    public void onSpawn(final MonitorInterfaceBinding.SpawnRequest request, final int core, final String program)
    {
        monitor.spawner().spawn(core, program, false, (none, error) -> request.answer(error));
    }

    @Override
    public void onRemeasure(final MonitorInterfaceBinding.RemeasureRequest request)
    {
        monitor.remeasurer().remeasure(request::reply);
    }

    @Override
    public void onExit(final MonitorInterfaceBinding from, final long status)
    {
        final Local local = of(from);
        locals.remove(local);
        monitor.kernel().syscalls().delete(local.dispatcher());
        dispatcherSlots.clear(local.dispatcher().l2Slot());
        claiming.values().removeIf(claim -> claim == local);
        rejectedByGone += from.port().rejected();
        from.port().close(); // no longer polled: a call the monitor made to it (threadCount) fails now, not never
        final List<String> gone = exports.entrySet().stream().filter(export -> export.getValue() == local)
            .map(Map.Entry::getKey).toList();
        for (final String name : gone)
        {
            exports.remove(name);
            monitor.names().deregister(name, monitor.core());
        }
        monitor.facts().dispatcherExited(local.program());
        if (local.launch().isDomain())
        {
            monitor.domains().dispatcherGone(local.launch().domainId());
        }
        if (local.reportsExit())
        {
            monitor.spawner().programExited(status);
        }
    }

    @Override
    public void onSpawnDomain(final MonitorInterfaceBinding.SpawnDomainRequest request, final int core,
        final String program, final String args)
    {
        monitor.domains().spawn(core, program, args, false, (domain, error) ->
        {
            if (error != null)
            {
                request.fail(error);
            }
            else
            {
                request.reply(domain);
            }
        });
    }

    @Override
    public void onSpan(final MonitorInterfaceBinding.SpanRequest request, final long domain, final int core)
    {
        monitor.domains().span(domain, core, (none, error) -> request.answer(error));
    }

    @Override
    public void onKill(final MonitorInterfaceBinding.KillRequest request, final long domain)
    {
        monitor.domains().kill(domain, (none, error) -> request.answer(error));
    }

    @Override
    public void onDomains(final MonitorInterfaceBinding.DomainsRequest request)
    {
        monitor.domains().list((lines, error) ->
        {
            if (error != null)
            {
                request.fail(error);
            }
            else
            {
                request.reply(lines);
            }
        });
    }

    @Override
    public void onStatus(final MonitorInterfaceBinding.StatusRequest request)
    {
        request.reply(monitor.status());
    }

    @Override
    public void onThreads(final MonitorInterfaceBinding.ThreadsRequest request)
    {
        final List<Local> domains = locals.stream().filter(local -> local.launch().isDomain()).toList();
        countThreads(domains, 0, new StringBuilder(), request);
    }

    /** Asks each local dispatcher of a domain in turn; a dispatcher that leaves meanwhile counts no threads. */
    private void countThreads(final List<Local> domains, final int next, final StringBuilder lines,
        final MonitorInterfaceBinding.ThreadsRequest request)
    {
        if (next == domains.size())
        {
            request.reply(lines.toString());
            return;
        }
        final Local local = domains.get(next);
        local.binding().threadCount((count, error) ->
        {
            lines.append(local.launch().domainId()).append('\t').append(error == null ? count : 0).append('\n');
            countThreads(domains, next + 1, lines, request);
        });
    }

    @Override
    public void onThreadCount(final MonitorInterfaceBinding.ThreadCountRequest request)
    {
        request.fail(ErrorCode.UNHANDLED_MESSAGE); // asked of dispatchers, never of the monitor
    }

    /** The channels to the local dispatchers, for the core's traffic counts. */
    List<Channel> channels()
    {
        return locals.stream().map(local -> local.binding().port().channel()).toList();
    }

    @Override
    public void onSendCapability(final MonitorInterfaceBinding.SendCapabilityRequest request, final int core,
        final long transfer)
    {
        monitor.copier().send(core, transfer, (none, error) -> request.answer(error));
    }

    @Override
    public void onRetypeCapability(final MonitorInterfaceBinding.RetypeCapabilityRequest request, final long transfer,
        final long offset, final String type, final long objectSize, final int count)
    {
        monitor.capops().retypeFor(transfer, offset, type, objectSize, count, (first, error) ->
        {
            if (error == null)
            {
                request.reply(first);
            }
            else
            {
                request.fail(error);
            }
        });
    }

    @Override
    public void onDeleteCapability(final MonitorInterfaceBinding.DeleteCapabilityRequest request, final long transfer)
    {
        monitor.capops().deleteFor(transfer, (none, error) -> request.answer(error));
    }

    @Override
    public void onRevokeCapability(final MonitorInterfaceBinding.RevokeCapabilityRequest request, final long transfer)
    {
        monitor.capops().revokeFor(transfer, (none, error) -> request.answer(error));
    }

    private Local of(final MonitorInterfaceBinding binding)
    {
        final Local local = find(binding);
        if (local != null)
        {
            return local;
        }
        throw new IllegalStateException("monitor " + monitor.core() + " serves no dispatcher on that binding");
    }

    /** The local dispatcher on {@code binding}, or null if it exited. */
    private Local find(final MonitorInterfaceBinding binding)
    {
        for (final Local local : locals)
        {
            if (local.binding() == binding)
            {
                return local;
            }
        }
        return null;
    }
}
