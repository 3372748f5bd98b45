package dev.flotilla.runtime;

import dev.flotilla.monitor.MonitorConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code flotilla boot}: boot one kernel per core, connect the monitors, measure, print the report, halt. */
@Command(name = "boot", mixinStandardHelpOptions = true,
    description = "Boot one kernel per core, connect every pair of monitors by a URPC channel, measure the round trip "
        + "between every pair, print the boot report and halt.")
final class BootCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private SystemOptions system;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    private boolean json;

    /** Round trips per pair on a simulated machine, where without jitter every one costs the same. */
    private static final int SIMULATED_PING_ROUNDS = 100;

    @Option(names = "--ping-rounds", paramLabel = "N",
        description = "Round trips measured per pair of cores (default: 1000; 100 with --sim, whose round trips do not vary).")
    private Integer pingRounds;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (pingRounds != null && pingRounds < 1)
        {
            throw system.usage(spec, "--ping-rounds must be a positive integer, got " + pingRounds);
        }
        try (SystemUnderBoot booted = system.open(spec))
        {
            final int rounds = pingRounds != null ? pingRounds
                : booted.platform().isSimulated() ? SIMULATED_PING_ROUNDS : booted.config().pingRounds();
            final MonitorConfig config = booted.config().withPingRounds(rounds);
            final BootResult run = Boot.run(booted.platform(), booted.interconnect(), config);
            final BootResult result = booted.simulation().map(run::withSimulation).orElse(run);
            out.println(json ? BootReport.json(result) : BootReport.text(result));
            if (!result.succeeded())
            {
                err.println("flotilla: " + result.error().orElse("boot failed"));
                return 1;
            }
            return 0;
        }
    }
}
