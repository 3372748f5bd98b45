package dev.flotilla.runtime;

import dev.flotilla.lib.skb.SkbAnswer;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flotilla skb QUERY}: boot, ask the System Knowledge Base one query by message from a program
 * on another core, print every solution (or the error), halt.
 */
@Command(name = "skb", mixinStandardHelpOptions = true,
    description = "Boot, ask the System Knowledge Base QUERY from a program on the last core (by message, as any "
        + "domain would), print every solution or the error, and halt. Example: flotilla skb 'multicast_tree(numa, 0, T)'")
final class SkbCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private SystemOptions system;

    @Parameters(index = "0", paramLabel = "QUERY", description = "A Prolog goal, e.g. 'core(C, P, _, _)'.")
    private String query;

    @Option(names = "--json", description = "Print the answer as one JSON object.")
    private boolean json;

    @Option(names = "--max-solutions", paramLabel = "N", defaultValue = "100",
        description = "Stop after N solutions (default: ${DEFAULT-VALUE}).")
    private int maxSolutions;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "1000000",
        description = "Cut the query off after N inference steps (default: ${DEFAULT-VALUE}).")
    private long steps;

    @Option(names = "--from-core", paramLabel = "N", description = "The core the query is asked from (default: the last).")
    private Integer fromCore;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final String goal = query.strip().endsWith(".") ? query.strip().substring(0, query.strip().length() - 1) : query.strip();
        if (goal.isEmpty())
        {
            throw system.usage(spec, "QUERY must be a Prolog goal, got an empty one");
        }
        if (maxSolutions < 1 || steps < 1)
        {
            throw system.usage(spec, "--max-solutions and --steps must be positive integers");
        }
        try (SystemUnderBoot booted = system.open(spec))
        {
            final int cores = booted.config().cores();
            final int core = fromCore == null ? cores - 1 : fromCore;
            if (core < 0 || core >= cores)
            {
                throw system.usage(spec, "--from-core must be a core from 0 to " + (cores - 1) + ", got " + core);
            }
            final AtomicReference<SkbAnswer> answer = new AtomicReference<>();
            final BootResult result = booted.boot(booted.config(),
                Optional.of(() -> new SkbQueryTask(goal, maxSolutions, steps, answer::set)), core);
            if (!result.succeeded() || answer.get() == null)
            {
                err.println("flotilla skb: " + result.error().orElse("the query task ended without an answer"));
                return 1;
            }
            return print(answer.get(), goal, core, out, err);
        }
    }

    private int print(final SkbAnswer answer, final String goal, final int core, final PrintWriter out,
        final PrintWriter err)
    {
        if (answer.error().isPresent())
        {
            if (json)
            {
                out.println(new Json().beginObject().field("goal", goal).field("error", answer.error().get())
                    .endObject());
            }
            err.println("flotilla skb: " + answer.error().get());
            return 1;
        }
        if (json)
        {
            out.println(answer.json());
            return 0;
        }
        if (answer.solutions().isEmpty())
        {
            out.println("false.");
        }
        answer.solutions().forEach(out::println);
        out.printf("%% %d solution%s%s, asked from core %d%n", answer.solutions().size(),
            answer.solutions().size() == 1 ? "" : "s", answer.complete() ? "" : " (stopped at the limit)", core);
        return 0;
    }
}
