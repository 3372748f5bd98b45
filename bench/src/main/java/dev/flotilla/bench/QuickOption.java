package dev.flotilla.bench;

import java.io.PrintStream;

/**
 * The command line of a benchmark whose only option is {@code --quick}: parses it, runs the body,
 * and turns bad options and failures into the exit statuses {@link BenchCommand#run} promises.
 */
public final class QuickOption
{
    /** A benchmark's work, given whether to run the short version. */
    @FunctionalInterface
    public interface Body
    {
        void run(boolean quick) throws Exception;
    }

    private QuickOption()
    {
    }

    /**
     * @return 0 when it ran, {@link BenchMain#USAGE} for bad options, 1 when the benchmark failed.
     */
    public static int run(final String name, final String usage, final String[] args, final PrintStream out,
        final PrintStream err, final Body body)
    {
        boolean quick = false;
        for (final String arg : args)
        {
            switch (arg)
            {
                case "--quick" -> quick = true;
                case "-h", "--help" ->
                {
                    out.print(usage);
                    return 0;
                }
                default ->
                {
                    err.println(name + ": unknown option '" + arg + "'");
                    err.print(usage);
                    return BenchMain.USAGE;
                }
            }
        }
        try
        {
            body.run(quick);
            return 0;
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            err.println(name + ": interrupted");
            return 1;
        }
        catch (final Exception e)
        {
            err.println(name + ": the benchmark failed: " + e);
            return 1;
        }
    }
}
