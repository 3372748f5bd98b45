package dev.flotilla.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad command lines: one line naming the problem and the accepted form, exit status 2, nothing booted. */
class MainTest
{
    private record Run(int status, String out, String err)
    {
    }

    private static Run run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "boot --cores 0        | --cores must be an integer from 1 to 1024, got 0",
        "boot --cores -3       | --cores must be an integer from 1 to 1024, got -3",
        "boot --cores 2000     | --cores must be an integer from 1 to 1024, got 2000",
        "boot --cores many     | 'many' is not an int; expected --cores N: Kernels to boot, 1..1024",
        "boot --cores          | Missing required parameter for option '--cores'",
        "boot --frobnicate     | Unknown option: '--frobnicate'; see 'flotilla boot --help'",
        "boot --ring-slots 24  | ring size must be a power of two from 2 to 32768 slots, was 24",
        "boot --idle lazy      | --idle must be 'block' or 'spin', got 'lazy'",
        "boot --ping-rounds 0  | --ping-rounds must be a positive integer, got 0",
        "boot --boot-timeout-ms 0 | --boot-timeout-ms must be a positive number of milliseconds, got 0",
        "reboot                | unknown command 'reboot'; commands: boot",
    })
    void badUsageIsOneClearLineAndStatusTwo(final String commandLine, final String expected)
    {
        final Run run = run(commandLine.trim().split(" +"));
        assertEquals(Main.USAGE, run.status(), run.err());
        assertTrue(run.err().contains(expected), () -> "stderr was: " + run.err());
        assertEquals(1, run.err().strip().lines().count(), () -> "one line, was: " + run.err());
        assertTrue(run.out().isEmpty(), "nothing booted, nothing printed");
    }

    @ParameterizedTest
    @CsvSource({"--help", "boot --help"})
    void helpListsTheOptionsAndSucceeds(final String commandLine)
    {
        final Run run = run(commandLine.split(" "));
        assertEquals(0, run.status());
        assertTrue(run.out().contains("Usage: flotilla"), run.out());
    }
}
