package dev.flotilla.bench;

import java.io.PrintStream;

/** One benchmark that {@link BenchMain} can run by name. */
public interface BenchCommand
{
    /** The name on the command line, such as {@code channels}. */
    String name();

    /** One line for the usage text. */
    String summary();

    /**
     * Runs the benchmark.
     *
     * @param args the arguments after the benchmark's name.
     * @return the process exit status: 0 when it ran, 2 for bad arguments, 1 when it failed.
     */
    int run(String[] args, PrintStream out, PrintStream err);
}
