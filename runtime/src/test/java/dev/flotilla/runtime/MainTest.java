package dev.flotilla.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
        "boot --sim amd-9x9    | --sim: unknown machine 'amd-9x9'; known machines: intel-2x4, amd-2x2, amd-4x4, amd-8x4, generic:CORESxSOCKETS",
        "boot --sim generic:10x3 | --sim: generic:10x3: the sockets must divide the cores evenly; 10 cores cannot fill 3 sockets",
        "boot --sim generic:256x8 | --sim: generic:256x8: a generic machine has 1 to 128 cores, not 256",
        "boot --sim amd-2x2 --cores 5 | --cores must be an integer from 1 to 4 on simulated machine amd-2x2, got 5",
        "boot --sim nowhere/x.machine | --sim: machine file nowhere/x.machine does not exist; known machines: intel-2x4",
        "boot --seed 3         | --seed needs --sim: only a simulated machine has a seed",
        "boot --sim amd-2x2 --seed x | 'x' is not a long",
        "reboot                | unknown command 'reboot'; commands: shell, run, boot, skb",
        "run                   | Missing required parameter: 'FILE'",
        "run /nonexistent/x.fish | FILE must be a readable script file, got '/nonexistent/x.fish'",
        "shell --cores 0       | --cores must be an integer from 1 to 1024, got 0",
        "skb                   | Missing required parameter: 'QUERY'",
        "skb true --max-solutions 0 | --max-solutions and --steps must be positive integers",
        "skb true --sim amd-2x2 --from-core 4 | --from-core must be a core from 0 to 3, got 4",
        "boot --facts /nonexistent/facts.pl | --facts: cannot read /nonexistent/facts.pl",
        "boot --sim amd-2x2 --domains /nonexistent/jars | --domains: INVALID_DOMAIN_NAME: malformed domain name or arguments (--domains /nonexistent/jars: cannot list it",
        "boot --memory lots    | --memory must be a size such as 64M or 1G (units K, M, G, T of 1024), from 1M to 1T in whole 4 KiB pages; got 'lots'",
        "boot --memory 0       | --memory must be a size such as 64M or 1G",
        "boot --memory 512K    | from 1M to 1T in whole 4 KiB pages; got '512K'",
        "boot --memory 2T      | from 1M to 1T in whole 4 KiB pages; got '2T'",
        "boot --memory 1048577 | --memory must be a size such as 64M or 1G",
        "boot --sim amd-2x2 --memory 1.5G | got '1.5G'",
        "--cores 0             | flotilla shell: --cores must be an integer from 1 to 1024, got 0",
        "--frobnicate          | flotilla shell: Unknown option: '--frobnicate'",
    })
    void badUsageIsOneClearLineAndStatusTwo(final String commandLine, final String expected)
    {
        final Run run = run(commandLine.trim().split(" +"));
        assertEquals(Main.USAGE, run.status(), run.err());
        assertTrue(run.err().contains(expected), () -> "stderr was: " + run.err());
        assertEquals(1, run.err().strip().lines().count(), () -> "one line, was: " + run.err());
        assertTrue(run.out().isEmpty(), "nothing booted, nothing printed");
    }

    @Test
    void optionsWithoutACommandOpenTheShellAndTheLaunchersOwnOptionsStayItsOwn()
    {
        assertArrayEquals(new String[] {"shell"}, Main.withDefaultCommand(new String[0]));
        assertArrayEquals(new String[] {"shell", "--cores", "4"}, Main.withDefaultCommand(new String[] {"--cores", "4"}));
        assertArrayEquals(new String[] {"skb", "true"}, Main.withDefaultCommand(new String[] {"skb", "true"}));
        assertArrayEquals(new String[] {"--help"}, Main.withDefaultCommand(new String[] {"--help"}));
        assertArrayEquals(new String[] {"-V"}, Main.withDefaultCommand(new String[] {"-V"}));
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int status = Main.run(new String[] {"--sim", "amd-2x2", "--json"},
            new java.io.ByteArrayInputStream("cores\nhalt\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, status, err.toString());
        final String[] lines = out.toString().strip().split("\n");
        assertEquals(2, lines.length, out.toString());
        assertTrue(lines[0].startsWith("{\"ok\":true,\"cores\":[{\"core\":0,"), lines[0]);
        assertTrue(lines[0].contains("{\"core\":3,"), "the simulated 2x2 AMD has four cores: " + lines[0]);
        assertEquals("{\"ok\":true,\"halting\":true}", lines[1]);
    }

    @Test
    void aMalformedMachineFileIsNamedWithItsLineAndWhatWasExpected(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("lopsided.machine");
        Files.writeString(file, "machine lopsided\nclock-ghz 2\npackage 0 cores 0-3 node 0\npackage 1 cores 3-7 node 1\n");
        final Run run = run("boot", "--sim", file.toString());
        assertEquals(Main.USAGE, run.status(), run.err());
        assertTrue(run.err().contains("--sim: " + file + ":4: core 3 is already in package 0 (line 3); a core is in exactly "
            + "one package"), run.err());
        assertEquals(1, run.err().strip().lines().count(), () -> "one line, was: " + run.err());
    }

    @Test
    void anEmptyQueryIsRefused()
    {
        final Run run = run("skb", "  ");
        assertEquals(Main.USAGE, run.status());
        assertTrue(run.err().contains("QUERY must be a Prolog goal, got an empty one"), run.err());
    }

    @Test
    void aMalformedFactsFileStopsTheBootWithFileLineAndError(@TempDir final Path dir) throws Exception
    {
        final Path facts = dir.resolve("site.pl");
        Files.writeString(facts, "service_constraint(web, package(1)).\nthis is not a clause\n");
        final Run run = run("boot", "--sim", "amd-2x2", "--facts", facts.toString());
        assertEquals(Main.USAGE, run.status());
        assertTrue(run.err().contains("--facts: " + facts + ":2:"), run.err());
        assertTrue(run.err().contains("SKB_SYNTAX_ERROR"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.out().isEmpty(), "nothing booted");
    }

    @ParameterizedTest
    @CsvSource({"--help", "boot --help", "skb --help", "shell --help", "run --help"})
    void helpListsTheOptionsAndSucceeds(final String commandLine)
    {
        final Run run = run(commandLine.split(" "));
        assertEquals(0, run.status());
        assertTrue(run.out().contains("Usage: flotilla"), run.out());
    }

    @Test
    void memorySizesAreReadInUnitsOf1024()
    {
        assertEquals(64L << 20, SystemOptions.memoryBytes("64M"));
        assertEquals(1L << 30, SystemOptions.memoryBytes("1g"));
        assertEquals(4096, SystemOptions.memoryBytes("4096"));
        assertEquals(3L << 40, SystemOptions.memoryBytes(" 3T "));
        assertEquals(-1, SystemOptions.memoryBytes("1 G"));
        assertEquals(-1, SystemOptions.memoryBytes("-1M"));
        assertEquals(-1, SystemOptions.memoryBytes("9999999999999T"));
    }
}
