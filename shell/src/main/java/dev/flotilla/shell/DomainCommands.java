package dev.flotilla.shell;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.lib.skb.SkbAnswer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shell's domain commands — {@code ps}, {@code spawn}, {@code span}, {@code kill} — as {@link Commands} declares
 * them: through the spawnd on a core (the monitors find each domain's home), with the SKB's {@code place/3} choosing
 * the core of a spawn that names none.
 */
final class DomainCommands
{
    private final Session session;

    DomainCommands(final Session session)
    {
        this.session = session;
    }

    /** {@code ps}: the domains that run, with their threads on all their cores. */
    Result ps()
    {
        final String lines = session.spawnd(session.core()).domains();
        final Map<Long, Long> threads = new HashMap<>();
        for (int core = 0; core < session.cores(); core++)
        {
            final String counts = core == session.core() ? session.<String>await(session.self().monitor()::threadCounts)
                : session.peer(core).threads();
            for (final String line : counts.split("\n"))
            {
                if (!line.isBlank())
                {
                    final String[] cell = line.split("\t");
                    threads.merge(Long.parseLong(cell[0]), Long.parseLong(cell[1]), Long::sum);
                }
            }
        }
        final Table table = new Table("id", "name", "cores", "state", "threads");
        for (final String line : lines.split("\n"))
        {
            if (line.isBlank())
            {
                continue;
            }
            final String[] cell = line.split("\t", -1);
            final List<Integer> cores = cell[2].isEmpty() ? List.of()
                : Arrays.stream(cell[2].split(",")).map(Integer::valueOf).toList();
            final long id = Long.parseLong(cell[0]);
            table.row(DomainIds.format(id), cell[1], cores, cell[3], threads.getOrDefault(id, 0L));
        }
        final ObjectNode fields = Result.object();
        fields.set("domains", table.json());
        return new Result(table.text(), fields);
    }

    /** {@code spawn DOMAIN [on CORE | near NODE] [ARGS...]}: through spawnd, on the SKB's choice without a core. */
    Result spawn(final String domain, final String[] rest)
    {
        final List<String> args = new ArrayList<>(rest == null ? List.of() : Arrays.asList(rest));
        int core = -1;
        int near = -1;
        if (!args.isEmpty() && (args.getFirst().equals("on") || args.getFirst().equals("near")))
        {
            if (args.size() < 2)
            {
                throw new FlotillaException(ErrorCode.SHELL_USAGE, "'" + args.getFirst() + "' needs a "
                    + (args.getFirst().equals("on") ? "core" : "NUMA node") + "; usage: spawn DOMAIN [on CORE | near NODE] [ARGS...]");
            }
            if (args.getFirst().equals("on"))
            {
                core = Words.core(args.get(1), session.cores());
            }
            else
            {
                near = node(args.get(1));
            }
            args.subList(0, 2).clear();
        }
        final boolean placed = core < 0;
        if (placed)
        {
            core = place(domain, near);
        }
        final long before = dispatchersOf(domain, core);
        final long id = session.spawnd(core).spawn(domain, dev.flotilla.lib.Launch.joinArgs(args));
        awaitFact(domain, core, before);
        final ObjectNode fields = Result.object().put("id", DomainIds.format(id)).put("name", domain).put("core", core)
            .put("placed_by_skb", placed);
        return new Result("domain " + DomainIds.format(id) + " (" + domain + ") started on core " + core
            + (placed ? " (the SKB's place/3: fewest of its kind, " + (near >= 0 ? "near node " + near + ", " : "")
            + "then least busy)" : ""), fields);
    }

    /** The core the SKB's {@code place/3} chooses for a new dispatcher of {@code domain}: spread out, near {@code node} if not -1, least busy. */
    private int place(final String domain, final int node)
    {
        final String constraints = node >= 0 ? "[near(" + node + "), avoid_busy]" : "[avoid_busy]";
        final SkbAnswer answer = session.ask("place(" + atom(domain) + ", " + constraints + ", C)", 1);
        if (answer.solutions().isEmpty())
        {
            throw new FlotillaException(ErrorCode.SKB_NO_ANSWER, "the SKB's place/3 found no core for " + domain);
        }
        return (int)Bindings.integer(Bindings.of(answer.solutions().getFirst()), "C");
    }

    /** A NUMA node the SKB knows ({@code numa_node/3}). */
    private int node(final String word)
    {
        final int node;
        try
        {
            node = Integer.parseInt(word);
        }
        catch (final NumberFormatException e)
        {
            throw new FlotillaException(ErrorCode.SHELL_USAGE, "NODE must be a number, got '" + word + "'");
        }
        if (session.ask("numa_node(" + node + ", _, _)", 1).solutions().isEmpty())
        {
            throw new FlotillaException(ErrorCode.SHELL_USAGE, "no NUMA node " + node + " (skb facts numa_node lists them)");
        }
        return node;
    }

    /** How many {@code dispatcher(domain, core)} facts the SKB holds. */
    private long dispatchersOf(final String domain, final int core)
    {
        final SkbAnswer count = session.ask("findall(x, dispatcher(" + atom(domain) + ", " + core + "), _L), length(_L, N)", 1);
        return Bindings.integer(Bindings.of(count.solutions().getFirst()), "N");
    }

    /**
     * Waits a while (100 ms of the platform's clock at most) for the SKB to count the new dispatcher: the monitors
     * report it to core 0, which tells the SKB, behind spawnd's reply, and the next placement should see it. A
     * domain that already ended may never show; then it just stops waiting.
     */
    private void awaitFact(final String domain, final int core, final long before)
    {
        for (int attempt = 0; attempt < 100 && dispatchersOf(domain, core) <= before; attempt++)
        {
            session.context().sleepNs(1_000_000);
        }
    }

    private static String atom(final String name)
    {
        return "'" + name.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** {@code span ID CORE}. */
    Result span(final String id, final String core)
    {
        final long domain = DomainIds.parse(id);
        final int target = Words.core(core, session.cores());
        session.spawnd(target).span(domain);
        return new Result("domain " + DomainIds.format(domain) + " spans core " + target,
            Result.object().put("id", DomainIds.format(domain)).put("core", target));
    }

    /** {@code kill ID}. */
    Result kill(final String id)
    {
        final long domain = DomainIds.parse(id);
        if (domain == session.context().domainId())
        {
            throw new FlotillaException(ErrorCode.SHELL_USAGE, "domain " + id + " is this shell; 'halt' stops the system");
        }
        session.spawnd(session.core()).kill(domain); // any spawnd: the monitors find the domain's home
        return new Result("domain " + DomainIds.format(domain) + " stopped", Result.object().put("id", DomainIds.format(domain)));
    }
}
