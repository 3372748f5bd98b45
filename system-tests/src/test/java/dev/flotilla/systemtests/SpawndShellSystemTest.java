package dev.flotilla.systemtests;

import static dev.flotilla.systemtests.ShellScript.code;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.runtime.Main;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * spawnd through the shell, natively and on a simulated 4x4 AMD: {@code spawn} (placed by the SKB: spread over the
 * cores, near the NUMA node asked for), {@code span}, {@code ps}, {@code kill} of a domain on every core it spans;
 * bad requests answered with their codes; and memserv's free count back where it was after a domain that took RAM
 * on every core exits, throws or is killed. The shell is driven a line at a time, so each command can use what the
 * one before answered (a domain's id) and the test can ask again until the memory is back.
 */
class SpawndShellSystemTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One booted system and its shell, fed a line at a time. */
    private static final class Shell implements AutoCloseable
    {
        private final PipedOutputStream input = new PipedOutputStream();
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringWriter err = new StringWriter();
        private final Thread system;
        private final int[] status = {-1};

        Shell(final String... where) throws IOException
        {
            final PipedInputStream in = new PipedInputStream(input, 1 << 16);
            final StringBuilder partial = new StringBuilder();
            final Writer out = new Writer()
            {
                @Override
                public void write(final char[] buffer, final int offset, final int length)
                {
                    for (int i = offset; i < offset + length; i++)
                    {
                        if (buffer[i] == '\n')
                        {
                            if (!partial.toString().isBlank())
                            {
                                lines.add(partial.toString());
                            }
                            partial.setLength(0);
                        }
                        else
                        {
                            partial.append(buffer[i]);
                        }
                    }
                }

                @Override
                public void flush()
                {
                }

                @Override
                public void close()
                {
                }
            };
            final List<String> args = new ArrayList<>(List.of("--keep-going", "--json"));
            args.addAll(List.of(where));
            system = new Thread(() -> status[0] = Main.run(args.toArray(String[]::new), in, new PrintWriter(out, true),
                new PrintWriter(err, true)), "system under test");
            system.start();
        }

        JsonNode run(final String line)
        {
            try
            {
                input.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                input.flush();
                final String answer = lines.poll(120, TimeUnit.SECONDS);
                if (answer == null)
                {
                    throw new AssertionError("no answer to '" + line + "': " + err);
                }
                return JSON.readTree(answer);
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException(e);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        long free()
        {
            return run("mem").get("free").asLong();
        }

        /** Asks {@code mem} until memserv's free count is {@code expected} (the shell's commands take real time natively). */
        long freeBecomes(final long expected)
        {
            long free = free();
            for (int i = 0; i < 200 && free != expected; i++)
            {
                run("ps");
                free = free();
            }
            return free;
        }

        /** The {@code ps} row of domain {@code id}, or null once it is gone. */
        JsonNode domain(final String id)
        {
            for (final JsonNode row : run("ps").get("domains"))
            {
                if (row.get("id").asText().equals(id))
                {
                    return row;
                }
            }
            return null;
        }

        boolean gone(final String id)
        {
            for (int i = 0; i < 200; i++)
            {
                if (domain(id) == null)
                {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() throws Exception
        {
            run("halt");
            input.close();
            system.join(120_000);
            assertTrue(status[0] == 0 || status[0] == 1, "exit status " + status[0] + ": " + err);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"native:2", "sim:amd-4x4"})
    void spawndStartsSpansListsAndStopsDomainsAndTheirMemoryComesBack(final String machine) throws Exception
    {
        final boolean sim = machine.startsWith("sim");
        final String[] where = sim ? new String[] {"--sim", machine.substring("sim:".length())}
            : new String[] {"--cores", "2", "--ping-rounds", "20"};
        final int cores = sim ? 16 : 2;
        try (Shell shell = new Shell(where))
        {
            final long before = shell.free();
            // a domain on a core, then spanned to another; listed with both; killed: every dispatcher ends
            final JsonNode stay = shell.run("spawn hold on 1 0 stay");
            assertEquals("ok", code(stay), stay.toString());
            assertEquals(1, stay.get("core").asInt());
            final String id = stay.get("id").asText();
            assertEquals("ok", code(shell.run("span " + id + " 0")));
            assertEquals("[0,1]", shell.domain(id).get("cores").toString());
            assertEquals("ok", code(shell.run("kill " + id)));
            assertTrue(shell.gone(id), "every dispatcher of " + id + " ended");
            // bad requests, each with its code, and spawnd goes on
            assertEquals("PROGRAM_NOT_FOUND", code(shell.run("spawn no-such-domain on 1")));
            assertEquals("INVALID_CORE", code(shell.run("spawn hold on " + cores + " 0 exit")));
            assertEquals("DOMAIN_NOT_FOUND", code(shell.run("kill " + id)));
            assertEquals("DOMAIN_NOT_FOUND", code(shell.run("span " + id + " 0")));
            assertEquals("SHELL_USAGE", code(shell.run("spawn hold near 99 0 stay")));
            // memory: a domain that took RAM from memserv on every core gives it all back when it exits, throws, is killed
            for (final String mode : List.of("exit", "throw"))
            {
                final JsonNode spawned = shell.run("spawn hold on 1 64K " + mode + " span");
                assertEquals("ok", code(spawned), spawned.toString());
                assertTrue(shell.gone(spawned.get("id").asText()));
                assertEquals(before, shell.freeBecomes(before), "memserv's free count after a domain that " + mode + "s");
            }
            final JsonNode held = shell.run("spawn hold on 0 64K stay span");
            final long holding = before - cores * (64 * 1024 + 64 * 1024); // its block and its page tables, per core
            assertEquals(holding, shell.freeBecomes(holding), "held on every core");
            assertEquals(cores, shell.domain(held.get("id").asText()).get("cores").size());
            assertEquals("ok", code(shell.run("kill " + held.get("id").asText())));
            assertTrue(shell.gone(held.get("id").asText()));
            assertEquals(before, shell.freeBecomes(before), "memserv's free count after a killed domain");
            // placement: no core given, the SKB's place/3 picks the least busy core (its core_load/2: the services and
            // dispatchers the monitors report), among the cores of the node asked for on the simulated machine
            final Set<Integer> placed = new HashSet<>();
            for (int i = 0; i < (sim ? 5 : 6); i++)
            {
                final java.util.Map<Integer, Long> load = new java.util.TreeMap<>();
                for (final JsonNode solution : shell.run("skb 'core(C, _, _, _), core_load(C, L)'").get("solutions"))
                {
                    final String[] cell = solution.asText().split("[=,]");
                    load.put(Integer.parseInt(cell[1].strip()), Long.parseLong(cell[3].strip()));
                }
                final List<Integer> candidates = load.keySet().stream().filter(c -> !sim || c / 4 == 2).toList();
                final long least = candidates.stream().mapToLong(load::get).min().orElseThrow();
                final int expected = candidates.stream().filter(c -> load.get(c) == least).findFirst().orElseThrow();
                final JsonNode result = shell.run(sim ? "spawn hold near 2 0 stay" : "spawn hold 0 stay");
                assertEquals("ok", code(result), result.toString());
                assertTrue(result.get("placed_by_skb").asBoolean());
                assertEquals(expected, result.get("core").asInt(), "the least busy core (lowest first) of " + load);
                placed.add(result.get("core").asInt());
            }
            assertTrue(placed.size() >= (sim ? 3 : 2), "the choice moves as the load grows: " + placed);
        }
    }
}
