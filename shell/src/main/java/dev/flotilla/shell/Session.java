package dev.flotilla.shell;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.Completion;
import dev.flotilla.idl.Port;
import dev.flotilla.idl.Reply;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.kernel.Syscalls;
import dev.flotilla.lib.CapOperations;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.domain.DomainContext;
import dev.flotilla.lib.mem.MemServClient;
import dev.flotilla.lib.mem.RamAllocator;
import dev.flotilla.lib.mem.SlotAllocator;
import dev.flotilla.lib.skb.SkbAnswer;
import dev.flotilla.lib.skb.SkbClient;
import dev.flotilla.lib.skb.SkbInterface;
import dev.flotilla.lib.spawn.SpawndClient;
import dev.flotilla.lib.spawn.SpawndInterfaceBinding;
import dev.flotilla.lib.vm.VSpace;
import dev.flotilla.shell.FishInterface.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * The shell in one of its dispatchers: the capability names it binds to slots of its own CSpace ({@link CapNames}),
 * its address space, its bindings to the SKB and to the shell's other dispatchers, and the commands it runs. Each
 * dispatcher of the shell has its own session, so names are per core, as CSpaces are.
 *
 * <p>Memory: a dispatcher the monitor gave RAM (core 0 today) splits it in two halves at start — one for the
 * session's own page tables and CNodes (its allocators), one bound to the name {@code ram} for the user.
 *
 * <p>Core-confined: every method runs in one of its dispatcher's user-level threads (blocking calls yield
 * the thread).
 */
final class Session
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DomainContext context;
    private final Dispatcher self;
    private final ShellHost host;
    private final SlotAllocator slots = SlotAllocator.forDispatcher();
    private final CapNames caps;
    private final Map<Integer, FishInterfaceBinding> peers = new LinkedHashMap<>();
    private final List<Port> clients = new ArrayList<>();
    private final FishInterfaceHandler server;
    private Optional<RamAllocator> ram = Optional.empty();
    private VSpace vspace;
    private SkbClient skb;
    private final Map<Integer, SpawndInterfaceBinding> spawnds = new java.util.HashMap<>();
    private MemServClient memserv;
    private boolean halting;

    Session(final DomainContext context, final ShellHost host)
    {
        this.context = context;
        this.self = context.dispatcher();
        this.host = host;
        this.server = new Server(this);
        this.caps = new CapNames(self.syscalls(), slots, context.core(), context.isFirst() ? host.names() : null);
        takeRam();
        if (caps.identify(CSpaceLayout.skbWrite()).isPresent())
        {
            caps.bind(SKB_WRITE, CSpaceLayout.skbWrite()); // init trusts the boot task: the operator may change the SKB
        }
    }

    /** The name of the SKB write capability in a session that was handed it (the boot task's first dispatcher). */
    static final String SKB_WRITE = "skbwrite";

    // ---- what commands use ----

    DomainContext context()
    {
        return context;
    }

    Dispatcher self()
    {
        return self;
    }

    ShellHost host()
    {
        return host;
    }

    int core()
    {
        return context.core();
    }

    int cores()
    {
        return context.systemCores();
    }

    Syscalls syscalls()
    {
        return self.syscalls();
    }

    /** True on the dispatcher that reads the console (core 0's). */
    boolean hasConsole()
    {
        return context.isFirst();
    }

    /** The user pressed Ctrl-C since the command started (only the console's dispatcher can tell). */
    void checkCancel()
    {
        if (hasConsole() && host.console().takeCancel())
        {
            throw new FlotillaException(ErrorCode.SHELL_CANCELLED, "cancelled by Ctrl-C");
        }
    }

    void halt()
    {
        halting = true;
    }

    boolean halting()
    {
        return halting;
    }

    /** Makes a split-phase call and waits for its reply in the calling thread. */
    <T> T await(final Consumer<Completion<T>> call)
    {
        final Reply<T> reply = new Reply<>();
        call.accept(reply);
        self.threads().await(reply);
        if (reply.error() != null)
        {
            throw new FlotillaException(reply.error(), reply.error().message());
        }
        return reply.get();
    }

    /** The names this session binds to slots of its CSpace. */
    CapNames caps()
    {
        return caps;
    }

    /** The session's address space, made on first use from its own RAM. */
    VSpace vspace()
    {
        if (vspace == null)
        {
            if (ram.isEmpty())
            {
                ram = Optional.of(ramFromMemserv());
            }
            vspace = VSpace.create(syscalls(), slots, ram.get(), new CapOperations(self));
        }
        return vspace;
    }

    /** RAM for page tables on a core whose monitor gave the session none: 1 MiB from memserv, near this core. */
    private RamAllocator ramFromMemserv()
    {
        final CapRef arrived = memserv().allocate(1L << 20);
        final CapRef own = slots.allocate();
        syscalls().copy(arrived, CapRef.inRoot(own.l1Index()), own.l2Slot());
        syscalls().delete(arrived);
        return new RamAllocator(syscalls(), List.of(own));
    }

    /** The RAM the session keeps for itself, if any. */
    Optional<RamAllocator> ownRam()
    {
        return ram;
    }

    /**
     * Splits the RAM the monitor gave into the session's half and the user's half ({@code ram}). Either half
     * is a power of two pages or the user's is what is left; with less than two pages the session keeps all.
     */
    private void takeRam()
    {
        final CapRef given = CSpaceLayout.taskRam();
        final Optional<Capability> ramCap = caps.identify(given).filter(c -> c.type() == CapType.RAM);
        if (ramCap.isEmpty())
        {
            return;
        }
        final long half = ramCap.get().size() / 2 / 4096 * 4096;
        if (half < 4096)
        {
            ram = Optional.of(new RamAllocator(syscalls(), List.of(given)));
            return;
        }
        final CapRef own = slots.allocate();
        final CapRef user = slots.allocate();
        final CapRef cnode = CapRef.inRoot(own.l1Index());
        syscalls().retype(given, 0, CapType.RAM, half, 1, cnode, own.l2Slot());
        syscalls().retype(given, half, CapType.RAM, half, 1, CapRef.inRoot(user.l1Index()), user.l2Slot());
        ram = Optional.of(new RamAllocator(syscalls(), List.of(own)));
        slots.growFrom(ram.get());
        caps.bind("ram", user);
    }

    // ---- other dispatchers of the shell ----

    /** The service the shell's dispatcher on {@code core} exports. */
    static String service(final int core)
    {
        return FishInterface.SERVICE_PREFIX + core;
    }

    /**
     * spawnd on {@code core}, bound on first use: init starts one on every core as the shell starts, so a missing
     * one is waited for a while (2 s of the platform's clock), then reported as {@code SPAWND_NOT_RUNNING}.
     */
    SpawndInterfaceBinding spawnd(final int core)
    {
        final SpawndInterfaceBinding known = spawnds.get(core);
        if (known != null)
        {
            return known;
        }
        final SpawndInterfaceBinding bound = SpawndClient.bind(self, core, cores()); // yields this thread meanwhile
        spawnds.putIfAbsent(core, bound);
        return spawnds.get(core);
    }

    /** The shell's dispatcher on {@code core}, bound on first use (waiting while it starts up). */
    FishInterfaceBinding peer(final int core)
    {
        final FishInterfaceBinding known = peers.get(core);
        if (known != null)
        {
            return known;
        }
        FlotillaException last = null;
        for (int attempt = 0; attempt < 2000; attempt++)
        {
            try
            {
                final Port port = context.bind(Session.service(core));
                final FishInterfaceBinding binding = new FishInterfaceBinding(port, server);
                peers.put(core, binding);
                return binding;
            }
            catch (final FlotillaException e)
            {
                if (e.code() != ErrorCode.SERVICE_NOT_FOUND)
                {
                    throw e;
                }
                last = e;
                context.sleepNs(1_000_000); // its dispatcher exists but has not exported yet
            }
        }
        throw new FlotillaException(ErrorCode.SERVICE_NOT_FOUND, "the shell's dispatcher on core " + core
            + " did not export " + Session.service(core) + " within 2 s (" + last.getMessage() + ")");
    }

    /** The bindings to other dispatchers of the shell made so far, by core. */
    Map<Integer, FishInterfaceBinding> peers()
    {
        return peers;
    }

    /** Ports that other dispatchers of the shell bound to this one. */
    List<Port> clients()
    {
        return clients;
    }

    /** Exports this dispatcher's service, so the shell's other dispatchers can reach it. */
    void export()
    {
        context.export(Session.service(core()), port ->
        {
            clients.add(port);
            new FishInterfaceBinding(port, server);
        });
    }

    /** memserv, its instances nearest this core first (the SKB's memory_near/4), bound on first use. */
    MemServClient memserv()
    {
        if (memserv == null)
        {
            memserv = new MemServClient(self, MemServClient.nodesFrom(ask(MemServClient.nearestNodesGoal(core()), 4096)));
        }
        return memserv;
    }

    /** True once the session has bound to the SKB. */
    boolean hasSkb()
    {
        return skb != null;
    }

    /** The SKB, bound on first use. */
    SkbClient skb()
    {
        if (skb == null)
        {
            skb = new SkbClient(context.bind(SkbInterface.SERVICE));
            if (caps.names().containsKey(SKB_WRITE))
            {
                present(caps.names().get(SKB_WRITE)); // this session's asserts and retracts are a writer's
            }
        }
        return skb;
    }

    /** Presents the capability in {@code slot} to the SKB as its write capability; throws the SKB's refusal. */
    void present(final CapRef slot)
    {
        final Reply<Boolean> reply = new Reply<>();
        skb().present(slot, reply);
        self.threads().await(reply);
        reply.get();
    }

    /** Asks the SKB {@code goal}; the answer, or the SKB's error as an exception. */
    SkbAnswer ask(final String goal, final int maxSolutions)
    {
        final SkbAnswer[] answer = new SkbAnswer[1];
        final Reply<Boolean> reply = new Reply<>();
        skb().query(goal, maxSolutions, 1_000_000, (value, error) ->
        {
            answer[0] = value; // the answer carries the SKB's own words when the query failed
            reply.complete(error == null ? Boolean.TRUE : null, error);
        });
        self.threads().await(reply);
        if (reply.error() != null)
        {
            throw new FlotillaException(reply.error(), answer[0] == null ? reply.error().message()
                : answer[0].error().orElse(reply.error().message()));
        }
        return answer[0];
    }

    // ---- running commands ----

    /** Runs one command line here or, with {@code on CORE}, in the shell's dispatcher on CORE. Never throws. */
    Outcome execute(final String line, final boolean json)
    {
        try
        {
            final List<String> words = Words.split(line);
            if (words.isEmpty())
            {
                return new Outcome(true, "", "");
            }
            if (words.getFirst().equals("on"))
            {
                if (words.size() < 3)
                {
                    throw new FlotillaException(ErrorCode.SHELL_USAGE, "on needs a core and a command; usage: on CORE COMMAND...");
                }
                final int core = Words.core(words.get(1), cores());
                final String rest = line.substring(line.indexOf(words.get(1), line.indexOf("on") + 2) + words.get(1).length());
                return core == core() ? execute(rest, json) : peer(core).run(rest, json);
            }
            final Result result = new Commands(this).run(words);
            return new Outcome(true, "", json ? json(result) : result.text());
        }
        catch (final FlotillaException e)
        {
            return failure(e.code(), e.detail(), json);
        }
        catch (final CommandLine.ParameterException e)
        {
            return failure(ErrorCode.SHELL_USAGE, Commands.usageLine(e), json);
        }
        catch (final RuntimeException e)
        {
            return failure(ErrorCode.SHELL_USAGE, e.getClass().getSimpleName() + ": " + e.getMessage(), json);
        }
    }

    private static String json(final Result result)
    {
        final ObjectNode object = Result.object().put("ok", true);
        object.setAll(result.fields());
        return write(object);
    }

    static Outcome failure(final ErrorCode code, final String message, final boolean json)
    {
        if (json)
        {
            return new Outcome(false, code.name(), write(Result.object().put("ok", false).put("error", code.name())
                .put("message", message)));
        }
        return new Outcome(false, code.name(), code.name() + ": " + message);
    }

    static String write(final ObjectNode object)
    {
        try
        {
            return JSON.writeValueAsString(object);
        }
        catch (final com.fasterxml.jackson.core.JsonProcessingException e)
        {
            throw new IllegalStateException("a JSON tree of plain values always writes", e);
        }
    }

    /** Serves the shell's other dispatchers: commands run in a thread of their own, echoes are answered at once. */
    private static final class Server implements FishInterfaceHandler
    {
        private final Session session;

        Server(final Session session)
        {
            this.session = session;
        }

        @Override
        public void onRun(final FishInterfaceBinding.RunRequest request, final String line, final boolean json)
        {
            session.self.thread("on " + session.core(), () -> request.reply(session.execute(line, json)));
        }

        @Override
        public void onEcho(final FishInterfaceBinding.EchoRequest request, final long value)
        {
            request.reply(value);
        }

        @Override
        public void onReceive(final FishInterfaceBinding.ReceiveRequest request, final String name,
            final CapRef capability)
        {
            try
            {
                session.caps().checkFree(name);
                final CapRef slot = session.caps().freeSlot();
                try
                {
                    session.syscalls().copy(capability, CapRef.inRoot(slot.l1Index()), slot.l2Slot());
                }
                catch (final RuntimeException e)
                {
                    session.caps().freeSlot(slot);
                    throw e;
                }
                session.caps().bind(name, slot);
                request.reply();
            }
            catch (final FlotillaException e)
            {
                request.fail(e.code());
            }
            finally
            {
                session.syscalls().delete(capability); // the receive CNode's slot is free again
            }
        }

        @Override
        public void onThreads(final FishInterfaceBinding.ThreadsRequest request)
        {
            session.self.monitor().threadCounts((lines, error) ->
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
        public void onStatus(final FishInterfaceBinding.StatusRequest request)
        {
            session.self.monitor().coreStatus((status, error) ->
            {
                if (error != null)
                {
                    request.fail(error);
                }
                else
                {
                    request.reply(status);
                }
            });
        }
    }
}
