package dev.flotilla.runtime;

import dev.flotilla.shell.ScriptLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flotilla run FILE}: boot, run a fish script, halt; stops at the first failing command with status 1. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Boot and run the fish script FILE, one command per line ('#' starts a comment); the script stops at "
        + "its first failing command (exit status 1, naming the line) unless --keep-going; the system halts at its end.")
final class RunCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private SystemOptions system;

    @Parameters(index = "0", paramLabel = "FILE", description = "The script.")
    private Path file;

    @Mixin
    private ShellOptions shell;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file) || !Files.isReadable(file))
        {
            throw system.usage(spec, "FILE must be a readable script file, got '" + file + "'");
        }
        try (SystemUnderBoot booted = system.open(spec); BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            return ShellRun.run(booted, names -> new ScriptLines(in), shell.json, shell.keepGoing, out, err);
        }
        catch (final IOException e)
        {
            err.println("flotilla run: cannot read " + file + ": " + e.getMessage());
            return 1;
        }
    }
}
