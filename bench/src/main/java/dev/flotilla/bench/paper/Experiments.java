package dev.flotilla.bench.paper;

import dev.flotilla.bench.BenchCommand;
import java.util.List;

/** The paper's experiments as benchmark commands (issue 14), in the order {@code paper} runs them. */
public final class Experiments
{
    /** urpc, fig3, heatmap, lrpc, unmap, 2pc, then paper, which runs those; memserv, which paper does not run. */
    public static final List<BenchCommand> COMMANDS = List.of(new ExperimentCommand(new UrpcExperiment()),
        new ExperimentCommand(new Fig3Experiment()), new ExperimentCommand(new HeatmapExperiment()),
        new ExperimentCommand(new LrpcExperiment()), new ExperimentCommand(new UnmapExperiment()),
        new ExperimentCommand(new TwoPcExperiment()), new ExperimentCommand(new PaperExperiment()),
        new ExperimentCommand(new MemservExperiment()));

    private Experiments()
    {
    }
}
