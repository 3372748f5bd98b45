package dev.flotilla.bench.paper;

import java.io.PrintStream;

/** One of the paper's experiments: runs natively and on simulated machines, writes its tables and charts. */
interface Experiment
{
    /** The name on the command line ({@code urpc}, {@code fig3}, ...). */
    String name();

    /** One line for the usage text. */
    String summary();

    /**
     * Runs the experiment, writes {@code NAME.md} and its PNG charts into the options' folder, prints progress
     * lines to {@code progress}.
     *
     * @return its section of {@code paper.md}.
     */
    Section run(ExperimentOptions options, PrintStream progress) throws Exception;
}
