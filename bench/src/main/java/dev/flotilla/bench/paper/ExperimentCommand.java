package dev.flotilla.bench.paper;

import dev.flotilla.bench.BenchCommand;
import dev.flotilla.bench.BenchMain;
import java.io.PrintStream;
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
            out.print(experiment.run(options.get(), out).markdown());
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
