package dev.flotilla.monitor;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.kernel.CpuDriver;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Completion;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.MonitorInterface;
import dev.flotilla.lib.Program;
import dev.flotilla.platform.NanoClock;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.ChannelDescriptor;
import dev.flotilla.urpc.ChannelSetup;
import dev.flotilla.urpc.Interconnect;
import dev.flotilla.urpc.MessageText;
import dev.flotilla.urpc.Outbox;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The monitor's service duties on one core: it spawns dispatchers from the boot image and gives each
 * an LMP channel to the monitor; it registers their exported services in the name service (a
 * registry held by core 0's monitor); and it binds clients to services, creating the channel
 * between the two cores and handing each end to its dispatcher. Message sequences: {@link Intermon}
 * and {@link MonitorInterface}. Core-confined, like its monitor.
 */
final class ServiceBroker
{
    private static final int POLL_LIMIT = 16;

    /** A dispatcher this monitor spawned, and the monitor's end of its LMP channel. */
    private record Local(String program, Outbox outbox, boolean reportsExit)
    {
    }

    /** A service exported by a dispatcher of this core. */
    private record Export(Outbox dispatcher, long request)
    {
    }

    /** What to do when the reply to a request to another monitor arrives. */
    @FunctionalInterface
    private interface Reply
    {
        void on(ErrorCode error, long[] payload);
    }

    private final Monitor monitor;
    private final CpuDriver kernel;
    private final Interconnect interconnect;
    private final NanoClock clock;
    private final BootImage image;
    private final MonitorConfig config;
    private final Map<String, Integer> registry; // core 0 only: service name -> core
    private final RuntimeFacts facts; // core 0 only
    private final SpawnMemory memory;
    private final List<Local> locals = new ArrayList<>();
    private final Map<String, Export> exports = new HashMap<>();
    private final Map<Long, Reply> pending = new HashMap<>();
    private long nextRequest = 1;

    ServiceBroker(final Monitor monitor, final CpuDriver kernel, final Interconnect interconnect, final NanoClock clock,
        final BootImage image, final MonitorConfig config)
    {
        this.monitor = monitor;
        this.kernel = kernel;
        this.interconnect = interconnect;
        this.clock = clock;
        this.image = image;
        this.config = config;
        this.registry = monitor.core() == 0 ? new HashMap<>() : null;
        this.facts = monitor.core() == 0 ? new RuntimeFacts() : null;
        this.memory = new SpawnMemory(kernel);
    }

    /** Polls every local dispatcher's channel; returns the work done. */
    int poll()
    {
        int work = 0;
        for (int i = 0; i < locals.size(); i++)
        {
            final Local local = locals.get(i);
            work += local.outbox().flush();
            work += local.outbox().channel().poll((channel, type, payload, length) ->
                onLocal(local, type, payload, length), POLL_LIMIT);
        }
        return work;
    }

    /**
     * Starts {@code program} from the boot image in a new dispatcher on this core, with a piece of this
     * monitor's RAM if it has some ({@link SpawnMemory}).
     *
     * @param reportsExit true if core 0 must learn when it exits (the boot task).
     * @return empty on success, else why not.
     */
    Optional<ErrorCode> spawnLocal(final String program, final boolean reportsExit)
    {
        final Optional<Program> code = image.instantiate(program);
        if (code.isEmpty())
        {
            return Optional.of(ErrorCode.PROGRAM_NOT_FOUND);
        }
        final ChannelSetup lmp = interconnect.create(monitor.core(), monitor.core(), config.ringSlots());
        final Dispatcher dispatcher = new Dispatcher(program, kernel, lmp.peer(), clock, code.get());
        final Optional<CapRef> ram = memory.grant();
        if (ram.isPresent())
        {
            kernel.spawn(program, dispatcher, ram.get());
            memory.handedOver(ram.get());
        }
        else
        {
            kernel.spawn(program, dispatcher);
        }
        locals.add(new Local(program, new Outbox(lmp.local()), reportsExit));
        report(Intermon.DISPATCHER_STARTED, program);
        return Optional.empty();
    }

    /** Core 0: the SKB's runtime facts, for the coordinator to attach once the SKB is bound. */
    RuntimeFacts runtimeFacts()
    {
        if (facts == null)
        {
            throw new IllegalStateException("only core 0 keeps the runtime facts, not core " + monitor.core());
        }
        return facts;
    }

    /** Tells core 0's runtime facts that a dispatcher of {@code program} on this core started or exited. */
    private void report(final int event, final String program)
    {
        if (facts != null)
        {
            onDispatcherEvent(event, program, monitor.core());
            return;
        }
        tell(0, event, program);
    }

    private void onDispatcherEvent(final int event, final String program, final int core)
    {
        if (event == Intermon.DISPATCHER_STARTED)
        {
            facts.dispatcherStarted(program, core);
        }
        else
        {
            facts.dispatcherExited(program, core);
        }
    }

    // ---- messages from local dispatchers ---------------------------------------------------------

    private void onLocal(final Local local, final int type, final long[] payload, final int length)
    {
        switch (type)
        {
            case MonitorInterface.EXPORT -> export(local.outbox(), payload[0], MessageText.decode(payload, 1, length - 1));
            case MonitorInterface.BIND ->
            {
                final long request = payload[0];
                bind(MessageText.decode(payload, 1, length - 1), (channel, error) -> local.outbox().send(
                    MonitorInterface.BIND_REPLY, request, status(error),
                    channel == null ? 0 : kernel.endpoints().deposit(channel)));
            }
            case MonitorInterface.SPAWN ->
            {
                final long request = payload[0];
                spawn((int)payload[1], MessageText.decode(payload, 2, length - 2),
                    error -> local.outbox().send(MonitorInterface.SPAWN_REPLY, request, status(error)));
            }
            case MonitorInterface.REMEASURE ->
            {
                final long request = payload[0];
                remeasure(() -> local.outbox().send(MonitorInterface.REMEASURE_REPLY, request, ErrorCode.OK_WIRE));
            }
            case MonitorInterface.EXIT ->
            {
                locals.remove(local);
                final List<String> gone = exports.entrySet().stream()
                    .filter(export -> export.getValue().dispatcher() == local.outbox()).map(Map.Entry::getKey).toList();
                for (final String name : gone)
                {
                    exports.remove(name);
                    deregister(name);
                }
                report(Intermon.DISPATCHER_EXITED, local.program());
                if (local.reportsExit())
                {
                    monitor.onProgramExited(payload[0]);
                }
            }
            default -> throw new IllegalStateException("monitor " + monitor.core() + " got unknown message type "
                + type + " from dispatcher " + local.program());
        }
    }

    private void export(final Outbox dispatcher, final long request, final String name)
    {
        final Completion<Boolean> registered = (ok, error) ->
        {
            if (error == null && locals.stream().noneMatch(local -> local.outbox() == dispatcher))
            {
                deregister(name); // the exporter exited while core 0 registered it
                return;
            }
            if (error == null)
            {
                exports.put(name, new Export(dispatcher, request));
            }
            dispatcher.send(MonitorInterface.EXPORT_REPLY, request, status(error));
        };
        if (registry != null)
        {
            final ErrorCode error = register(name, 0);
            registered.complete(error == null ? Boolean.TRUE : null, error);
            return;
        }
        ask(0, Intermon.NS_REGISTER, name, (error, reply) -> registered.complete(error == null ? Boolean.TRUE : null, error));
    }

    /** Asks core 0 to measure every round trip again and refresh the SKB; {@code done} runs after. */
    private void remeasure(final Runnable done)
    {
        if (registry != null)
        {
            monitor.refreshRoundTrips(done);
            return;
        }
        ask(0, Intermon.REMEASURE, new long[0], (error, reply) -> done.run());
    }

    /** Binds to service {@code name}: the completion gets this core's end of a new channel to it. */
    void bind(final String name, final Completion<Channel> done)
    {
        lookup(name, (core, error) ->
        {
            if (error != null)
            {
                done.complete(null, error);
            }
            else if (core == monitor.core())
            {
                final ChannelSetup lmp = interconnect.create(core, core, config.ringSlots());
                final Optional<ErrorCode> refused = connect(name, lmp.peer(), core);
                done.complete(refused.isEmpty() ? lmp.local() : null, refused.orElse(null));
            }
            else
            {
                final ChannelSetup setup = interconnect.create(monitor.core(), core, config.ringSlots());
                final long[] words = new long[1 + ChannelDescriptor.WORDS + MessageText.words(name)];
                words[0] = monitor.core();
                setup.descriptor().toWords(words, 1);
                MessageText.encode(name, words, 1 + ChannelDescriptor.WORDS);
                ask(core, Intermon.BIND_SERVICE, words, (refused, reply) ->
                    done.complete(refused == null ? setup.local() : null, refused));
            }
        });
    }

    private void lookup(final String name, final Completion<Integer> done)
    {
        if (registry != null)
        {
            final Integer core = registry.get(name);
            done.complete(core, core == null ? ErrorCode.SERVICE_NOT_FOUND : null);
            return;
        }
        ask(0, Intermon.NS_LOOKUP, name, (error, reply) -> done.complete(error == null ? (int)reply[2] : null, error));
    }

    /** Hands {@code endpoint} to the local dispatcher that exported {@code name}. */
    private Optional<ErrorCode> connect(final String name, final Channel endpoint, final int clientCore)
    {
        final Export export = exports.get(name);
        if (export == null)
        {
            return Optional.of(ErrorCode.SERVICE_NOT_FOUND);
        }
        export.dispatcher().send(MonitorInterface.CONNECT, export.request(), kernel.endpoints().deposit(endpoint),
            clientCore);
        return Optional.empty();
    }

    private void spawn(final int core, final String program, final Consumer<ErrorCode> done)
    {
        if (core < 0 || core >= config.cores())
        {
            done.accept(ErrorCode.INVALID_CORE);
        }
        else if (core == monitor.core())
        {
            done.accept(spawnLocal(program, false).orElse(null));
        }
        else
        {
            ask(core, Intermon.SPAWN_REQUEST, spawnRequest(program, false), (error, reply) -> done.accept(error));
        }
    }

    private static long[] spawnRequest(final String program, final boolean reportsExit)
    {
        final long[] words = new long[1 + MessageText.words(program)];
        words[0] = reportsExit ? 1 : 0;
        MessageText.encode(program, words, 1);
        return words;
    }

    /** Core 0: spawns the boot task on {@code core}; core 0 hears of its exit. */
    void spawnBootTask(final int core, final String program, final Consumer<ErrorCode> done)
    {
        if (core == monitor.core())
        {
            done.accept(spawnLocal(program, true).orElse(null));
        }
        else
        {
            ask(core, Intermon.SPAWN_REQUEST, spawnRequest(program, true), (error, reply) -> done.accept(error));
        }
    }

    // ---- messages from other monitors ------------------------------------------------------------

    /** Handles a service message from monitor {@code from}; returns false if {@code type} is not one. */
    boolean onIntermon(final int from, final int type, final long[] payload, final int length)
    {
        switch (type)
        {
            case Intermon.NS_REGISTER -> answer(from, Intermon.NS_REGISTER_REPLY, payload, register(MessageText.decode(payload, 1, length - 1), from));
            case Intermon.NS_LOOKUP ->
            {
                final Integer core = registry.get(MessageText.decode(payload, 1, length - 1));
                monitor.send(from, Intermon.NS_LOOKUP_REPLY, payload[0],
                    status(core == null ? ErrorCode.SERVICE_NOT_FOUND : null), core == null ? -1 : core);
            }
            case Intermon.BIND_SERVICE ->
            {
                final Channel endpoint = interconnect.attach(monitor.core(), ChannelDescriptor.fromWords(payload, 2));
                final String name = MessageText.decode(payload, 2 + ChannelDescriptor.WORDS, length - 2 - ChannelDescriptor.WORDS);
                answer(from, Intermon.BIND_SERVICE_REPLY, payload, connect(name, endpoint, (int)payload[1]).orElse(null));
            }
            case Intermon.SPAWN_REQUEST -> answer(from, Intermon.SPAWN_REQUEST_REPLY, payload,
                spawnLocal(MessageText.decode(payload, 2, length - 2), payload[1] == 1).orElse(null));
            case Intermon.REMEASURE ->
            {
                final long request = payload[0];
                monitor.refreshRoundTrips(() -> monitor.send(from, Intermon.REMEASURE_REPLY, request, ErrorCode.OK_WIRE));
            }
            case Intermon.NS_DEREGISTER -> unregister(MessageText.decode(payload, 0, length), from);
            case Intermon.DISPATCHER_STARTED, Intermon.DISPATCHER_EXITED ->
                onDispatcherEvent(type, MessageText.decode(payload, 0, length), from);
            case Intermon.NS_REGISTER_REPLY, Intermon.NS_LOOKUP_REPLY, Intermon.BIND_SERVICE_REPLY,
                Intermon.SPAWN_REQUEST_REPLY, Intermon.REMEASURE_REPLY ->
            {
                final Reply reply = pending.remove(payload[0]);
                if (reply == null)
                {
                    throw new IllegalStateException("monitor " + monitor.core() + " got a reply to unknown request "
                        + payload[0] + " from core " + from);
                }
                reply.on(error(payload[1]), payload);
            }
            default ->
            {
                return false;
            }
        }
        return true;
    }

    /** The exporter of {@code name} on this core exited: the name is free again. */
    private void deregister(final String name)
    {
        if (registry != null)
        {
            unregister(name, monitor.core());
            return;
        }
        tell(0, Intermon.NS_DEREGISTER, name);
    }

    /** Core 0: forgets {@code name} if {@code core} still holds it (someone else may have taken it since). */
    private void unregister(final String name, final int core)
    {
        if (registry.remove(name, core))
        {
            facts.serviceRemoved(name);
        }
    }

    private ErrorCode register(final String name, final int core)
    {
        if (registry.putIfAbsent(name, core) != null)
        {
            return ErrorCode.SERVICE_EXISTS;
        }
        facts.serviceRegistered(name, core);
        return null;
    }

    private void answer(final int to, final int replyType, final long[] request, final ErrorCode error)
    {
        monitor.send(to, replyType, request[0], status(error));
    }

    private void ask(final int core, final int type, final String text, final Reply reply)
    {
        ask(core, type, textWords(text), reply);
    }

    /** Sends one-way message {@code type} carrying {@code text}: no request id, no reply. */
    private void tell(final int core, final int type, final String text)
    {
        monitor.send(core, type, textWords(text));
    }

    private static long[] textWords(final String text)
    {
        final long[] words = new long[MessageText.words(text)];
        MessageText.encode(text, words, 0);
        return words;
    }

    /** Sends request {@code type} with a fresh request id before {@code words}; {@code reply} runs on the answer. */
    private void ask(final int core, final int type, final long[] words, final Reply reply)
    {
        final long request = nextRequest++;
        pending.put(request, reply);
        final long[] message = new long[1 + words.length];
        message[0] = request;
        System.arraycopy(words, 0, message, 1, words.length);
        monitor.send(core, type, message);
    }

    private static long status(final ErrorCode error)
    {
        return ErrorCode.toWire(error);
    }

    private static ErrorCode error(final long status)
    {
        return ErrorCode.fromWire(status);
    }
}
