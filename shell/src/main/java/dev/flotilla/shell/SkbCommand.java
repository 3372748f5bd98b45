package dev.flotilla.shell;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.lib.skb.MulticastTree;
import dev.flotilla.lib.skb.SkbAnswer;
import dev.flotilla.skb.FactKind;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code skb}: the System Knowledge Base, asked by message from this core as any domain asks it — a Prolog
 * query with its solutions, the facts it holds, and the multicast trees it computes — and changed, by a session
 * whose binding presented the SKB write capability: the boot task's first dispatcher holds it as {@code skbwrite}
 * and presents it when it binds; another core's dispatcher may be given a copy and {@code skb present} it.
 */
@Command(name = "skb", description = "Ask the SKB a Prolog QUERY; skb facts [NAME]; skb tree ROOT STRATEGY; skb assert|retract FACT; skb present NAME.")
final class SkbCommand implements Callable<Result>
{
    private static final int MAX_SOLUTIONS = 1000;
    private static final List<String> STRATEGIES = List.of("broadcast", "unicast", "multicast", "numa");

    private final Session session;

    @Parameters(arity = "0..*", paramLabel = "QUERY", description = "a Prolog goal (quote it), e.g. 'core(C, P, _, N)'")
    private String[] query;

    SkbCommand(final Session session)
    {
        this.session = session;
    }

    @Override
    public Result call()
    {
        if (query == null || query.length == 0)
        {
            throw new FlotillaException(ErrorCode.SHELL_USAGE, "skb needs a QUERY, 'facts' or 'tree'; usage: skb QUERY"
                + " | skb facts [NAME] | skb tree ROOT STRATEGY");
        }
        String goal = String.join(" ", query).strip();
        if (goal.endsWith("."))
        {
            goal = goal.substring(0, goal.length() - 1);
        }
        final SkbAnswer answer = session.ask(goal, MAX_SOLUTIONS);
        final ObjectNode fields = Result.object().put("query", goal).put("complete", answer.complete());
        fields.putArray("solutions").addAll(answer.solutions().stream().map(fields::textNode).toList());
        final String text = answer.solutions().isEmpty() ? "false." : String.join("\n", answer.solutions())
            + String.format(Locale.ROOT, "%n%% %d solution%s%s", answer.solutions().size(),
                answer.solutions().size() == 1 ? "" : "s", answer.complete() ? "" : " (stopped at " + MAX_SOLUTIONS + ")");
        return new Result(text, fields);
    }

    @Command(name = "facts", description = "The kinds of facts the SKB holds and how many of each, or every fact of kind NAME.")
    Result facts(@Parameters(index = "0", arity = "0..1", paramLabel = "NAME") final String name)
    {
        if (name == null)
        {
            final Table table = new Table("fact", "count", "meaning");
            for (final FactKind kind : FactKind.values())
            {
                final SkbAnswer count = session.ask("findall(x, " + pattern(kind, null) + ", L), length(L, N)", 1);
                table.row(kind.signature(), count(count), kind.meaning());
            }
            final ObjectNode fields = Result.object();
            fields.set("facts", table.json());
            return new Result(table.text(), fields);
        }
        final FactKind kind = kind(name);
        final SkbAnswer answer = session.ask(pattern(kind, "A"), 100_000);
        final List<String> facts = answer.solutions().stream().map(solution ->
        {
            final java.util.Map<String, String> b = Bindings.of(solution);
            final List<String> values = new java.util.ArrayList<>();
            for (int i = 1; i <= kind.arity(); i++)
            {
                values.add(b.getOrDefault("A" + i, "_"));
            }
            return kind.functor() + "(" + String.join(", ", values) + ")";
        }).toList();
        final ObjectNode fields = Result.object().put("fact", kind.signature());
        fields.putArray("facts").addAll(facts.stream().map(fields::textNode).toList());
        return new Result(facts.isEmpty() ? "no " + kind.functor() + " facts" : String.join("\n", facts), fields);
    }

    @Command(name = "assert", description = "Add FACT to the SKB (assertz); needs the SKB write capability.")
    Result assertFact(@Parameters(arity = "1..*", paramLabel = "FACT", description = "a Prolog clause, e.g. 'transport_override(1, 1, ump)'")
        final String[] fact)
    {
        return change("assertz", fact, "asserted");
    }

    @Command(name = "retract", description = "Remove the first clause matching FACT from the SKB; needs the SKB write capability.")
    Result retractFact(@Parameters(arity = "1..*", paramLabel = "FACT") final String[] fact)
    {
        return change("retract", fact, "retracted");
    }

    @Command(name = "present", description = "Present capability NAME to the SKB as its write capability: this core's asserts and retracts are then allowed.")
    Result present(@Parameters(index = "0", paramLabel = "NAME") final String name)
    {
        session.present(session.caps().slot(name));
        return new Result("the SKB accepts " + name + " as its write capability: core " + session.core()
            + " may assert and retract", Result.object().put("presented", name).put("core", session.core()));
    }

    /** Runs {@code builtIn(FACT)}: refused by the SKB with SKB_WRITE_REFUSED unless this core's binding is a writer. */
    private Result change(final String builtIn, final String[] words, final String done)
    {
        String fact = String.join(" ", words).strip();
        if (fact.endsWith("."))
        {
            fact = fact.substring(0, fact.length() - 1);
        }
        final SkbAnswer answer = session.ask(builtIn + "((" + fact + "))", 1);
        if (answer.solutions().isEmpty())
        {
            throw new FlotillaException(ErrorCode.SKB_NO_ANSWER, "no clause matches " + fact);
        }
        return new Result(done + " " + fact, Result.object().put(done, fact));
    }

    @Command(name = "tree", description = "The multicast tree STRATEGY (broadcast, unicast, multicast, numa) from ROOT, drawn.")
    Result tree(@Parameters(index = "0", paramLabel = "ROOT") final String root,
        @Parameters(index = "1", paramLabel = "STRATEGY") final String strategy)
    {
        final int from = Words.core(root, session.cores());
        if (!STRATEGIES.contains(strategy))
        {
            throw new FlotillaException(ErrorCode.SHELL_USAGE, "STRATEGY must be one of " + String.join(", ", STRATEGIES)
                + ", got '" + strategy + "'");
        }
        final MulticastTree tree = session.<MulticastTree>await(done -> session.skb().tree(strategy, from, done));
        final StringBuilder drawing = new StringBuilder();
        draw(tree, "", "", drawing);
        final ObjectNode fields = Result.object().put("root", from).put("strategy", strategy)
            .put("cores", tree.size()).put("depth", tree.depth()).put("tree", tree.toString());
        return new Result(drawing.toString().stripTrailing()
            + String.format(Locale.ROOT, "%n%s from core %d: %d cores, depth %d", strategy, from, tree.size(), tree.depth()),
            fields);
    }

    private static void draw(final MulticastTree node, final String lead, final String childLead, final StringBuilder out)
    {
        out.append(lead).append(node.core()).append('\n');
        for (int i = 0; i < node.children().size(); i++)
        {
            final boolean last = i == node.children().size() - 1;
            draw(node.children().get(i), childLead + (last ? "└─ " : "├─ "), childLead + (last ? "   " : "│  "), out);
        }
    }

    /** {@code kind}'s goal with variables {@code V1..Vn}, or anonymous ones when {@code variable} is null. */
    private static String pattern(final FactKind kind, final String variable)
    {
        final List<String> arguments = new java.util.ArrayList<>();
        for (int i = 1; i <= kind.arity(); i++)
        {
            arguments.add(variable == null ? "_" : variable + i);
        }
        return kind.functor() + "(" + String.join(", ", arguments) + ")";
    }

    private static long count(final SkbAnswer answer)
    {
        if (answer.solutions().isEmpty())
        {
            return 0;
        }
        return Math.max(0, Bindings.integer(Bindings.of(answer.solutions().getFirst()), "N"));
    }

    private static FactKind kind(final String name)
    {
        for (final FactKind kind : FactKind.values())
        {
            if (kind.functor().equals(name))
            {
                return kind;
            }
        }
        throw new FlotillaException(ErrorCode.SHELL_USAGE, "NAME must be a kind of fact: " + String.join(", ",
            java.util.Arrays.stream(FactKind.values()).map(FactKind::functor).toList()) + "; got '" + name + "'");
    }
}
