package dev.flotilla.bench.paper;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code paper}: every experiment that exists today — {@code urpc}, {@code fig3}, {@code heatmap}, {@code lrpc},
 * {@code unmap}, {@code 2pc} — natively
 * and on the simulated paper machines, with the options given, then {@code paper.md}: one section per
 * experiment with the paper's claim, our result, whether the claim holds and why it differs. Experiments whose
 * OS part does not exist yet are listed as not yet available, with what they wait for; nothing is faked.
 */
final class PaperExperiment implements Experiment
{
    @Override
    public String name()
    {
        return "paper";
    }

    @Override
    public String summary()
    {
        return "all of the paper's experiments that exist (urpc, fig3, heatmap, lrpc, unmap, 2pc), writing docs/results/paper.md";
    }

    @Override
    public Section run(final ExperimentOptions options, final PrintStream progress) throws Exception
    {
        final List<Section> sections = new ArrayList<>();
        for (final Experiment experiment : List.of(new UrpcExperiment(), new Fig3Experiment(), new HeatmapExperiment(),
            new LrpcExperiment()))
        {
            sections.add(experiment.run(options, progress));
        }
        sections.add(new UnmapExperiment().run(options, progress));
        sections.add(new TwoPcExperiment().run(options, progress));
        final MachineHeader host = MachineHeader.nativeHost();
        final StringBuilder doc = new StringBuilder("# The paper's evaluation, reproduced\n\n")
            .append("Command: `./flotilla bench paper").append(options.quick() ? " --quick" : "").append("`")
            .append(options.cores() > 0 ? " with `--cores " + options.cores() + "`" : "").append(".\n\n")
            .append("- Date: ").append(host.date()).append('\n')
            .append(options.sim().isPresent() ? "" : "- Machine: " + host.machine() + '\n')
            .append(options.nativeOnly() ? "" : "- Simulated machines: " + options.sim().map(List::of)
                .orElse(dev.flotilla.sim.machine.Machines.BUILT_IN) + " (built-in descriptions, "
                + "`sim/src/main/resources/machines/`), seed " + options.seed() + "; Fig. 3 on "
                + options.sim().orElse("amd-4x4") + ", the heat map on " + options.sim().orElse("amd-8x4")
                + ", Figs. 6-7 on " + options.sim().orElse("amd-8x4") + ", Fig. 8 on " + options.sim().orElse("amd-8x4 and amd-4x4")
                + '\n')
            .append("- Published numbers: `shared/reference/paper-results.md` (Fig. 3 read from the talk's slides, "
                + "about ±150 cycles; Fig. 8's values were not recovered).\n\n")
            .append("Each experiment's own page has its tables and charts; this page says what they show.\n\n");
        sections.forEach(section -> doc.append(section.markdown()));
        Files.createDirectories(options.out());
        Files.writeString(options.out().resolve("paper.md"), doc.toString());
        final List<String> files = new ArrayList<>(List.of("paper.md"));
        sections.forEach(section -> files.addAll(section.files()));
        return new Section("paper: every experiment", "see paper.md", sections.size() + " sections written", "-",
            "-", files);
    }
}
