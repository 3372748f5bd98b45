package dev.flotilla.shell;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.lib.CoreStatus;
import dev.flotilla.lib.mem.MemServInterface;
import dev.flotilla.lib.skb.SkbAnswer;
import dev.flotilla.platform.PinStatus;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.ChannelCounters;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The shell's commands (the contract of {@code docs/11-shell.md}), parsed by picocli: one method each, and
 * the {@code caps} and {@code skb} families in their own classes. Each returns a {@link Result} or throws a
 * {@link FlotillaException} whose code the shell prints.
 */
@Command(name = "fish", description = "the Flotilla shell")
final class Commands
{
    private static final long SECOND_NS = 1_000_000_000L;

    private final Session session;
    private final DomainCommands domains;

    Commands(final Session session)
    {
        this.session = session;
        this.domains = new DomainCommands(session);
    }

    /** The parser with every command, ready for one line. */
    CommandLine commandLine()
    {
        final CommandLine cli = new CommandLine(this);
        cli.addSubcommand("caps", new CommandLine(new CapsCommand(session)));
        cli.addSubcommand("skb", new CommandLine(new SkbCommand(session)));
        return cli;
    }

    /** Runs one command given as words (the first names the command). */
    Result run(final List<String> words)
    {
        final CommandLine cli = commandLine();
        final String name = words.getFirst();
        if (!cli.getSubcommands().containsKey(name))
        {
            throw new FlotillaException(ErrorCode.SHELL_UNKNOWN_COMMAND, "unknown command '" + name + "'; commands: "
                + String.join(", ", new java.util.TreeSet<>(cli.getSubcommands().keySet())) + ", on ('help COMMAND' says more)");
        }
        if (name.equals("bench"))
        {
            return bench(words.subList(1, words.size()).toArray(String[]::new)); // its options are the benchmarks'
        }
        final CommandLine.ParseResult parsed = cli.parseArgs(words.toArray(String[]::new));
        CommandLine.ParseResult last = parsed;
        while (last.hasSubcommand())
        {
            last = last.subcommand();
        }
        try
        {
            new CommandLine.RunLast().execute(parsed);
        }
        catch (final CommandLine.ExecutionException e)
        {
            if (e.getCause() instanceof RuntimeException cause)
            {
                throw cause;
            }
            throw e;
        }
        final Object result = last.commandSpec().commandLine().getExecutionResult();
        if (!(result instanceof Result done))
        {
            throw new IllegalStateException("command " + name + " returned " + result);
        }
        return done;
    }

    /** One line for a parameter error: what was wrong and the command's usage. */
    static String usageLine(final CommandLine.ParameterException e)
    {
        return e.getMessage().replace('\n', ' ').strip() + "; usage: " + synopsis(e.getCommandLine());
    }

    /** A command's synopsis without picocli's heading, e.g. {@code caps identify NAME}. */
    static String synopsis(final CommandLine command)
    {
        final String text = command.getHelp().synopsis(0).strip();
        final String withoutHeading = text.startsWith("Usage: ") ? text.substring("Usage: ".length()) : text;
        return withoutHeading.startsWith("fish ") ? withoutHeading.substring("fish ".length()) : withoutHeading;
    }

    // ---- the system ----

    @Command(name = "help", description = "List the commands, or show one command's usage.")
    Result help(@Parameters(arity = "0..*", paramLabel = "COMMAND", description = "a command (and subcommand)")
        final String[] command)
    {
        CommandLine target = commandLine();
        for (final String word : command == null ? new String[0] : command)
        {
            final CommandLine sub = target.getSubcommands().get(word);
            if (sub == null)
            {
                throw new FlotillaException(ErrorCode.SHELL_UNKNOWN_COMMAND, "no command '"
                    + String.join(" ", command) + "'; 'help' lists the commands");
            }
            target = sub;
        }
        final ObjectNode fields = Result.object();
        if (target.getParent() == null)
        {
            final Table table = new Table("command", "does");
            addCommands(table, target, "");
            table.row("on", "on CORE COMMAND...: run a command in the shell's dispatcher on CORE");
            fields.set("commands", table.json());
            return new Result(table.text() + "\nSizes take K, M, G (powers of two) and 0x hex. 'help COMMAND' shows one command.",
                fields);
        }
        final String usage = target.getUsageMessage().replace("Usage: fish ", "Usage: ").stripTrailing();
        fields.put("command", target.getCommandSpec().qualifiedName(" ").replaceFirst("^fish ", ""));
        fields.put("usage", usage);
        return new Result(usage, fields);
    }

    private static void addCommands(final Table table, final CommandLine parent, final String prefix)
    {
        for (final Map.Entry<String, CommandLine> entry : new TreeMap<>(parent.getSubcommands()).entrySet())
        {
            final String[] description = entry.getValue().getCommandSpec().usageMessage().description();
            table.row(prefix + synopsis(entry.getValue()), description.length == 0 ? "" : description[0]);
            addCommands(table, entry.getValue(), prefix.isEmpty() ? "  " : prefix);
        }
    }

    @Command(name = "cores", description = "One row per core: CPU, package, NUMA node, pinning, dispatchers, monitor messages.")
    Result cores()
    {
        final Map<Integer, int[]> topology = topology();
        final Table table = new Table("core", "cpu", "package", "node", "pinned", "dispatchers", "dispatches",
            "msgs_in", "msgs_out");
        for (int core = 0; core < session.cores(); core++)
        {
            session.checkCancel();
            final CoreStatus status = status(core);
            final Optional<PinStatus> pin = session.host().placement(core);
            final int[] place = topology.get(core);
            table.row(core, pin.map(p -> (Object)p.cpu()).orElse(null), place == null ? null : place[0],
                place == null ? null : place[2], pin.map(p -> (Object)p.pinned()).orElse(null), status.dispatchers(),
                status.dispatches(), status.messagesIn(), status.messagesOut());
        }
        final ObjectNode fields = Result.object();
        fields.set("cores", table.json());
        return new Result(table.text(), fields);
    }

    /** Package, physical core and NUMA node of every core, from the SKB's {@code core/4} facts. */
    private Map<Integer, int[]> topology()
    {
        final SkbAnswer answer = session.ask("core(C, P, Q, N)", 4096);
        final Map<Integer, int[]> cores = new HashMap<>();
        for (final String solution : answer.solutions())
        {
            final Map<String, String> b = Bindings.of(solution);
            cores.put((int)Bindings.integer(b, "C"), new int[] {(int)Bindings.integer(b, "P"),
                (int)Bindings.integer(b, "Q"), (int)Bindings.integer(b, "N")});
        }
        return cores;
    }

    /** {@code core}'s status: from this dispatcher's own monitor, or through the shell's dispatcher there. */
    CoreStatus status(final int core)
    {
        return core == session.core() ? session.<CoreStatus>await(session.self().monitor()::coreStatus)
            : session.peer(core).status();
    }

    @Command(name = "ps", description = "The domains that run: id, name, cores, state, threads (on all their cores).")
    Result ps()
    {
        return domains.ps();
    }

    @Command(name = "spawn", description = "Start a domain through spawnd: spawn DOMAIN [on CORE | near NODE] [ARGS...] (no core: the SKB's place/3 picks one).")
    Result spawn(@Parameters(index = "0", paramLabel = "DOMAIN", description = "the domain's name") final String domain,
        @Parameters(index = "1..*", arity = "0..*", paramLabel = "ARGS", description = "[on CORE | near NODE] then its arguments")
        final String[] rest)
    {
        return domains.spawn(domain, rest);
    }

    @Command(name = "span", description = "Start a dispatcher of domain ID on CORE.")
    Result span(@Parameters(index = "0", paramLabel = "ID") final String id,
        @Parameters(index = "1", paramLabel = "CORE") final String core)
    {
        return domains.span(id, core);
    }

    @Command(name = "kill", description = "Stop every dispatcher of domain ID.")
    Result kill(@Parameters(index = "0", paramLabel = "ID") final String id)
    {
        return domains.kill(id);
    }

    @Command(name = "halt", description = "Shut every core down in order.")
    Result halt()
    {
        session.halt();
        return new Result("halting", Result.object().put("halting", true));
    }

    @Command(name = "bench", description = "The experiments of ./flotilla bench, run by the host beside this system.")
    Result bench(@Parameters(arity = "0..*", paramLabel = "NAME [OPTIONS]") final String[] args)
    {
        if (!session.hasConsole())
        {
            throw new FlotillaException(ErrorCode.SHELL_USAGE, "bench runs from the shell's dispatcher on core 0 (the one"
                + " with the console), not with 'on'");
        }
        final HostJobs.Job job = session.host().jobs().bench(args == null ? List.of() : Arrays.asList(args));
        final boolean live = session.host().console().interactive() && !session.host().json();
        final StringBuilder output = new StringBuilder();
        while (!job.finished())
        {
            session.context().sleepNs(SECOND_NS / 10);
            if (session.host().console().takeCancel())
            {
                job.cancel();
                throw new FlotillaException(ErrorCode.SHELL_CANCELLED, "benchmark cancelled by Ctrl-C");
            }
            show(job.drain(), live, output);
        }
        show(job.drain(), live, output);
        final String text = output.toString().stripTrailing();
        if (job.exitStatus() != 0)
        {
            throw new FlotillaException(ErrorCode.SHELL_BENCH_FAILED, "./flotilla bench " + String.join(" ",
                args == null ? List.of() : Arrays.asList(args)) + " ended with status " + job.exitStatus()
                + (text.isEmpty() ? "" : ": " + text.lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip()));
        }
        final ObjectNode fields = Result.object().put("status", 0).put("output", text);
        return new Result(live ? "" : text, fields);
    }

    private void show(final String chunk, final boolean live, final StringBuilder output)
    {
        if (chunk.isEmpty())
        {
            return;
        }
        if (live)
        {
            session.host().console().print(chunk.stripTrailing());
        }
        else
        {
            output.append(chunk);
        }
    }

    // ---- measurement ----

    @Command(name = "ping", description = "URPC round trips from this core to the shell's dispatcher on CORE: min, median, p99.")
    Result ping(@Parameters(index = "0", paramLabel = "CORE") final String core,
        @Parameters(index = "1", arity = "0..1", paramLabel = "COUNT", description = "round trips measured (default 1000)")
        final String count)
    {
        final int target = Words.core(core, session.cores());
        if (target == session.core())
        {
            throw new FlotillaException(ErrorCode.SHELL_USAGE, "ping needs another core than this one (" + target
                + "); 'on N ping M' pings from core N");
        }
        final long rounds = count == null ? 1000 : Words.size(count, "COUNT");
        if (rounds < 1 || rounds > 10_000_000)
        {
            throw new FlotillaException(ErrorCode.SHELL_USAGE, "COUNT must be 1 to 10000000, got " + count);
        }
        final Ping ping = new Ping(session, session.peer(target));
        final Ping.Stats stats = ping.run((int)rounds);
        final ObjectNode fields = Result.object().put("from", session.core()).put("to", target).put("count", rounds)
            .put("min_ns", stats.minNs()).put("median_ns", stats.medianNs()).put("p99_ns", stats.p99Ns())
            .put("warmup_rounds", stats.warmupRounds()).put("settled", stats.settled());
        return new Result(String.format(Locale.ROOT, "core %d -> %d: %d round trips, min %d ns, median %d ns, p99 %d ns"
            + " (after %d warm-up round trips%s)", session.core(), target, rounds, stats.minNs(), stats.medianNs(),
            stats.p99Ns(), stats.warmupRounds(), stats.settled() ? ", median settled" : ", median still moving"), fields);
    }

    @Command(name = "chan", description = "This dispatcher's open channels: peer, transport, messages, bytes, stalls, wake-ups.")
    Result chan()
    {
        final Table table = new Table("to", "core", "transport", "sent", "received", "bytes_sent", "bytes_received",
            "stalls", "wakeups");
        if (session.hasSkb())
        {
            row(table, "skb", session.skb().channel());
        }
        session.peers().forEach((core, binding) -> row(table, Session.service(core), binding.port().channel()));
        session.clients().forEach(port -> row(table, "fish client", port.channel()));
        final ObjectNode fields = Result.object();
        fields.set("channels", table.json());
        return new Result(table.size() == 0 ? "no channels open from this dispatcher yet (beside its monitor's)"
            : table.text(), fields);
    }

    private static void row(final Table table, final String to, final Channel channel)
    {
        final ChannelCounters c = channel.counters();
        table.row(to, channel.remoteCore(), channel.transport().toString().toLowerCase(Locale.ROOT), c.messagesSent(),
            c.messagesReceived(), c.bytesSent(), c.bytesReceived(), c.fullRingStalls(), c.wakeups());
    }

    @Command(name = "top", description = "Per core, refreshed every second until a key is pressed: dispatchers, busy share, dispatches/s, messages/s, parks/s.")
    Result top(@CommandLine.Option(names = "--count", paramLabel = "N",
        description = "frames to show (default: until a key in a terminal, else 2)") final Integer count)
    {
        final boolean live = count == null && session.hasConsole() && session.host().console().interactive();
        final int frames = count != null ? count : live ? Integer.MAX_VALUE : 2;
        if (frames < 1)
        {
            throw new FlotillaException(ErrorCode.SHELL_USAGE, "--count must be at least 1, got " + frames);
        }
        CoreStatus[] before = statuses();
        long[] parkedBefore = parks();
        long then = session.self().clock().nanoTime();
        final ArrayNode shown = Result.object().arrayNode();
        final StringBuilder text = new StringBuilder();
        for (int frame = 0; frame < frames; frame++)
        {
            for (int waited = 0; waited < 10; waited++) // a tenth of a second at a time, to notice keys and Ctrl-C
            {
                session.context().sleepNs(SECOND_NS / 10);
                session.checkCancel();
                if (live && session.host().console().keyPressed())
                {
                    return new Result("", Result.object().set("frames", shown));
                }
            }
            final CoreStatus[] now = statuses();
            final long[] parked = parks();
            final long at = session.self().clock().nanoTime();
            final double seconds = (at - then) / 1e9;
            final Table table = new Table("core", "dispatchers", "busy%", "dispatches/s", "in/s", "out/s", "wakeups/s",
                "parks/s", "overruns");
            for (int core = 0; core < now.length; core++)
            {
                final double busy = (now[core].busyNs() - before[core].busyNs()) / 1e9 / seconds * 100;
                table.row(core, now[core].dispatchers(), Math.round(Math.min(100, Math.max(0, busy))),
                    rate(now[core].dispatches() - before[core].dispatches(), seconds),
                    rate(now[core].messagesIn() - before[core].messagesIn(), seconds),
                    rate(now[core].messagesOut() - before[core].messagesOut(), seconds),
                    rate(now[core].wakeups() - before[core].wakeups(), seconds),
                    rate(parked[core] - parkedBefore[core], seconds), now[core].overruns());
            }
            final String header = String.format(Locale.ROOT, "top: frame %d, %.2f s", frame + 1, seconds);
            if (live)
            {
                session.host().console().print(header + " (any key stops)\n" + table.text());
            }
            else
            {
                text.append(text.isEmpty() ? "" : "\n").append(header).append('\n').append(table.text());
            }
            shown.add(Result.object().put("seconds", seconds).set("cores", table.json()));
            before = now;
            parkedBefore = parked;
            then = at;
        }
        return new Result(text.toString(), Result.object().set("frames", shown));
    }

    /** How many times each core has parked (the platform's count, from the host). */
    private long[] parks()
    {
        final long[] parks = new long[session.cores()];
        for (int core = 0; core < parks.length; core++)
        {
            parks[core] = session.host().parks(core);
        }
        return parks;
    }

    private CoreStatus[] statuses()
    {
        final CoreStatus[] all = new CoreStatus[session.cores()];
        for (int core = 0; core < all.length; core++)
        {
            all[core] = status(core);
        }
        return all;
    }

    private static long rate(final long delta, final double seconds)
    {
        return seconds <= 0 ? 0 : Math.round(delta / seconds);
    }

    // ---- memory ----

    @Command(name = "mem", description = "Memory: total and per NUMA node (SKB), free per memserv instance, the shell's own RAM here.")
    Result mem()
    {
        final SkbAnswer answer = session.ask("memory_range(N, B, S)", 4096);
        final TreeMap<Integer, Long> perNode = new TreeMap<>();
        for (final String solution : answer.solutions())
        {
            final Map<String, String> b = Bindings.of(solution);
            perNode.merge((int)Bindings.integer(b, "N"), Bindings.integer(b, "S"), Long::sum);
        }
        final long total = perNode.values().stream().mapToLong(Long::longValue).sum();
        final Table table = new Table("node", "bytes");
        perNode.forEach(table::row);
        final ObjectNode fields = Result.object().put("total", total);
        fields.set("nodes", table.json());
        final Optional<Long> own = session.ownRam().map(r -> r.available());
        if (own.isPresent())
        {
            fields.put("shell_free", own.get());
        }
        // free memory: every memserv instance's view, one per NUMA node
        final List<MemServInterface.Stats> instances = session.memserv().stats().stream()
            .sorted(java.util.Comparator.comparingInt(MemServInterface.Stats::node)).toList();
        final long free = instances.stream().mapToLong(MemServInterface.Stats::free).sum();
        final long served = instances.stream().mapToLong(MemServInterface.Stats::total).sum();
        fields.put("free", free).put("memserv_total", served);
        final Table memserv = new Table("memserv", "node", "core", "base", "total", "free", "out", "largest");
        for (final MemServInterface.Stats s : instances)
        {
            memserv.row(MemServInterface.SERVICE_PREFIX + s.node(), s.node(), s.core(), Words.hex(s.base()), s.total(),
                s.free(), s.handedOut(), s.largest());
        }
        fields.set("memserv", memserv.json());
        return new Result("total " + total + " bytes (" + (total >> 20) + " MiB), free in memserv " + free + " bytes ("
            + (free >> 20) + " MiB) of the " + served + " it serves\n" + table.text() + "\n" + memserv.text()
            + own.map(b -> "\nthe shell's own RAM on core " + session.core() + ": " + b + " bytes free").orElse(""),
            fields);
    }

    @Command(name = "map", description = "Map frame NAME at VADDR in the shell's address space on this core (RIGHTS default RW).")
    Result map(@Parameters(index = "0", paramLabel = "NAME") final String name,
        @Parameters(index = "1", paramLabel = "VADDR") final String vaddr,
        @Parameters(index = "2", arity = "0..1", paramLabel = "RIGHTS", description = "letters of R W X G I") final String rights)
    {
        final long address = Words.size(vaddr, "VADDR");
        final CapRef slot = session.caps().slot(name);
        final CapRights mapped = rights == null ? CapRights.READ.or(CapRights.WRITE) : CapsCommand.rights(rights);
        session.vspace().map(slot, address, mapped); // the kernel checks the type and the rights
        return new Result(name + " mapped at " + Words.hex(address) + " " + mapped,
            Result.object().put("name", name).put("vaddr", Words.hex(address)).put("rights", mapped.toString()));
    }

    @Command(name = "unmap", description = "Remove the mapping at VADDR.")
    Result unmap(@Parameters(index = "0", paramLabel = "VADDR") final String vaddr)
    {
        final long address = Words.size(vaddr, "VADDR");
        session.vspace().unmap(address);
        return new Result("unmapped " + Words.hex(address), Result.object().put("vaddr", Words.hex(address)));
    }

    @Command(name = "peek", description = "Read the 64-bit word at VADDR.")
    Result peek(@Parameters(index = "0", paramLabel = "VADDR") final String vaddr)
    {
        final long address = Words.size(vaddr, "VADDR");
        final long value = session.vspace().readLong(address);
        return new Result(Words.hex(address) + ": " + Words.hex(value) + " (" + value + ")",
            Result.object().put("vaddr", Words.hex(address)).put("value", value).put("hex", Words.hex(value)));
    }

    @Command(name = "poke", description = "Write the 64-bit word VALUE at VADDR.")
    Result poke(@Parameters(index = "0", paramLabel = "VADDR") final String vaddr,
        @Parameters(index = "1", paramLabel = "VALUE") final String value)
    {
        final long address = Words.size(vaddr, "VADDR");
        final long word = Words.value(value, "VALUE");
        session.vspace().writeLong(address, word);
        return new Result(Words.hex(address) + " <- " + Words.hex(word),
            Result.object().put("vaddr", Words.hex(address)).put("value", word));
    }
}
