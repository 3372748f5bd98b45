package dev.flotilla.runtime;

import java.io.PrintWriter;
import java.util.Optional;
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

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        try (SystemUnderBoot booted = system.open(spec))
        {
            final BootResult result = booted.boot(booted.config(), Optional.empty(), 0);
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
