package dev.flotilla.bench.paper;

import dev.flotilla.bench.BenchCommand;
import dev.flotilla.bench.BenchMain;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@code flotilla-bench NAME [options]} for one {@link Experiment}: parses the options, runs, prints its section. */
final class ExperimentCommand implements BenchCommand
{
    private final Experiment experiment;

    ExperimentCommand(final Experiment experiment)
    {
        this.experiment = experiment;
    }

    @Override
    public String name()
    {
        return experiment.name();
    }

    @Override
    public String summary()
    {
        return experiment.summary();
    }

    @Override
    public int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final String usage = "usage: flotilla-bench " + name() + " [options]\n  " + summary() + "\n"
            + ExperimentOptions.USAGE;
        final Optional<ExperimentOptions> options;
        try
        {
            options = ExperimentOptions.parse(args);
        }
        catch (final IllegalArgumentException e)
        {
            err.println(name() + ": " + e.getMessage());
            err.print(usage);
            return BenchMain.USAGE;
        }
        if (options.isEmpty())
        {
            out.print(usage);
            return 0;
        }
        try
        {
            final Section section = experiment.run(options.get(), out);
            // the experiment's own page (its tables), then what it says about the paper's claim
            final Path page = options.get().out().resolve(section.files().getFirst());
            out.print(Files.readString(page));
            if (!(experiment instanceof PaperExperiment))
            {
                out.print(section.markdown());
            }
            out.println("written to " + options.get().out() + ": " + String.join(", ", section.files()));
            return 0;
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            err.println(name() + ": interrupted");
            return 1;
        }
        catch (final IllegalArgumentException e)
        {
            err.println(name() + ": " + e.getMessage());
            return BenchMain.USAGE;
        }
        catch (final Exception e)
        {
            err.println(name() + ": the experiment failed: " + e);
            return 1;
        }
    }
}
