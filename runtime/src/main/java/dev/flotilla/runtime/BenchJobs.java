package dev.flotilla.runtime;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.shell.HostJobs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The host runs the shell's {@code bench}: {@code java -jar flotilla-bench.jar ARGS} as a child process with this
 * JVM's own flags, its output gathered by a host thread. The benchmark jar is found beside the runtime's
 * ({@code bench/target/flotilla-bench.jar} next to {@code runtime/target/flotilla.jar}, as the launcher builds
 * them), or where the system property {@code flotilla.bench.jar} says.
 */
final class BenchJobs implements HostJobs
{
    private final Optional<Path> jar;

    private BenchJobs(final Optional<Path> jar)
    {
        this.jar = jar;
    }

    /** The benchmark jar of this installation, if there is one. */
    static BenchJobs find()
    {
        final String named = System.getProperty("flotilla.bench.jar");
        if (named != null && !named.isBlank())
        {
            return new BenchJobs(Optional.of(Path.of(named)).filter(Files::isRegularFile));
        }
        try
        {
            final Path runtime = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            final Path root = runtime.getParent() == null ? null : runtime.getParent().getParent();
            final Path bench = root == null || root.getParent() == null ? null
                : root.getParent().resolve("bench").resolve("target").resolve("flotilla-bench.jar");
            return new BenchJobs(Optional.ofNullable(bench).filter(p -> Files.isRegularFile(runtime) && Files.isRegularFile(p)));
        }
        catch (final URISyntaxException | SecurityException e)
        {
            return new BenchJobs(Optional.empty());
        }
    }

    @Override
    public Job bench(final List<String> args)
    {
        final Path benchJar = jar.orElseThrow(() -> new FlotillaException(ErrorCode.NOT_AVAILABLE,
            "no benchmark jar beside this runtime (bench/target/flotilla-bench.jar, built by ./flotilla): run"
                + " ./flotilla bench from the project's folder"));
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(arg -> arg.startsWith("--") || arg.startsWith("-XX:") || arg.equals("-ea")).toList());
        command.add("-jar");
        command.add(benchJar.toString());
        command.addAll(args);
        final Process process;
        try
        {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        }
        catch (final IOException e)
        {
            throw new FlotillaException(ErrorCode.NOT_AVAILABLE, "cannot start the benchmarks: " + e.getMessage());
        }
        try
        {
            process.getOutputStream().close(); // the benchmark reads nothing
        }
        catch (final IOException e)
        {
            process.destroy();
            throw new UncheckedIOException(e);
        }
        return new Running(process);
    }

    /** A running benchmark; a host thread moves its output into a queue the shell drains. */
    private static final class Running implements Job
    {
        private final Process process;
        private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        private final Thread reader;

        Running(final Process process)
        {
            this.process = process;
            this.reader = Thread.ofPlatform().daemon().name("fish-bench-output").start(() ->
            {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)))
                {
                    for (String line = in.readLine(); line != null; line = in.readLine())
                    {
                        lines.add(line);
                    }
                }
                catch (final IOException e)
                {
                    lines.add("(the benchmark's output could not be read: " + e.getMessage() + ")");
                }
            });
        }

        @Override
        public String drain()
        {
            final StringBuilder out = new StringBuilder();
            for (String line = lines.poll(); line != null; line = lines.poll())
            {
                out.append(line).append('\n');
            }
            return out.toString();
        }

        @Override
        public boolean finished()
        {
            return !process.isAlive() && !reader.isAlive(); // and every line is in the queue
        }

        @Override
        public int exitStatus()
        {
            return process.exitValue();
        }

        @Override
        public void cancel()
        {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }
}
