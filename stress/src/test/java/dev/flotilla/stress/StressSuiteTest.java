package dev.flotilla.stress;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.GradingResult;
import org.openjdk.jcstress.infra.grading.ReportUtils;
import org.openjdk.jcstress.infra.runners.TestList;

/**
 * Runs every Flotilla jcstress test once, briefly, and fails on any forbidden outcome or any test that did
 * not run to a normal end.
 *
 * <p>jcstress runs in a child JVM of the same JDK, on this test's class path (where the annotation
 * processor left {@code META-INF/TestList}), in one JVM mode with unified compilation and one short
 * iteration per test: about half a minute on two cores. It is a smoke run that keeps the tests honest in
 * {@code ./flotilla test}; the thorough runs are the commands in {@code stress/README.md}. The report, the
 * result blob and jcstress's console log are left in {@code target/jcstress-smoke}.
 */
class StressSuiteTest
{
    private static final String PREFIX = "dev.flotilla.stress.";
    private static final long LIMIT_SECONDS = 170;

    @Test
    void everyTestRunsAndNoForbiddenOutcomeIsObserved() throws Exception
    {
        final TreeSet<String> expected = new TreeSet<>();
        TestList.tests().stream().filter(name -> name.startsWith(PREFIX)).forEach(expected::add);
        assertFalse(expected.isEmpty(), "META-INF/TestList names no Flotilla test: did javac run jcstress's "
            + "annotation processor (<proc>full</proc> in stress/pom.xml)?");

        final Path workDir = freshDirectory(Path.of("target", "jcstress-smoke").toAbsolutePath());
        final Path log = workDir.resolve("jcstress.log");
        final int exit = runJcstress(workDir, log);

        final Map<String, TestResult> results = readResults(workDir);
        final List<String> problems = new ArrayList<>();
        if (exit != 0)
        {
            problems.add("jcstress exited with " + exit);
        }
        for (final String name : expected)
        {
            final TestResult result = results.get(name);
            if (result == null)
            {
                problems.add(name + ": did not run");
            }
            else
            {
                check(name, result, problems);
                System.out.println(summary(name, result));
            }
        }
        if (!problems.isEmpty())
        {
            fail(problems.size() + " jcstress problem(s), details in " + log + ":\n  " + String.join("\n  ", problems));
        }
    }

    private static int runJcstress(final Path workDir, final Path log) throws IOException, InterruptedException
    {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Surefire launches its JVM through a manifest-only jar; this property holds the real class path.
        final String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        final List<String> command = List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", classPath,
            "org.openjdk.jcstress.Main",
            "-t", PREFIX.replace(".", "\\.") + ".*",
            "-m", "quick", "-time", "200", "-iters", "1",
            "-sc", "false", // unified compilation: one configuration per JVM mode rather than one per actor mix
            "-jvmArgs", "--enable-native-access=ALL-UNNAMED", // one JVM mode, with the flags the forks need
            "-r", workDir.resolve("results").toString());
        final Process process = new ProcessBuilder(command).directory(workDir.toFile())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor();
            fail("jcstress did not finish within " + LIMIT_SECONDS + " s; see " + log);
        }
        return process.exitValue();
    }

    /** The results jcstress wrote to its blob in {@code workDir}, merged across configurations, by test name. */
    private static Map<String, TestResult> readResults(final Path workDir) throws Exception
    {
        final Path blob;
        try (Stream<Path> files = Files.list(workDir))
        {
            blob = files.filter(f -> f.getFileName().toString().matches("jcstress-results-.*\\.bin\\.gz"))
                .findFirst().orElseThrow(() -> new AssertionError("jcstress wrote no result blob in " + workDir));
        }
        final InProcessCollector collector = new InProcessCollector();
        final DiskReadCollector reader = new DiskReadCollector(blob.toString(), collector);
        try
        {
            reader.dump();
        }
        finally
        {
            reader.close();
        }
        final Map<String, TestResult> byName = new TreeMap<>();
        for (final TestResult result : ReportUtils.mergedByName(collector.getTestResults()))
        {
            byName.put(result.getName(), result);
        }
        return byName;
    }

    private static void check(final String name, final TestResult result, final List<String> problems)
    {
        if (result.status() != Status.NORMAL)
        {
            problems.add(name + ": ended in " + result.status() + " " + result.getMessages());
            return;
        }
        if (result.getTotalCount() == 0)
        {
            problems.add(name + ": collected no samples");
        }
        final int before = problems.size();
        for (final GradingResult outcome : result.grading().gradingResults.values())
        {
            if (outcome.expect == Expect.FORBIDDEN && outcome.count > 0)
            {
                problems.add(name + ": forbidden outcome [" + outcome.id + "] seen " + outcome.count + " times ("
                    + outcome.description + ")");
            }
        }
        if (!result.grading().isPassed && problems.size() == before) // an outcome no @Outcome describes
        {
            problems.add(name + ": failed grading " + result.grading().failureMessages);
        }
    }

    private static String summary(final String name, final TestResult result)
    {
        final StringBuilder line = new StringBuilder(String.format("%-70s %,11d samples", name,
            result.getTotalCount()));
        result.grading().gradingResults.values().stream()
            .filter(outcome -> outcome.expect == Expect.ACCEPTABLE_INTERESTING && outcome.count > 0)
            .forEach(outcome -> line.append(String.format("; interesting [%s] x%,d", outcome.id, outcome.count)));
        return line.toString();
    }

    private static Path freshDirectory(final Path dir) throws IOException
    {
        if (Files.exists(dir))
        {
            try (Stream<Path> tree = Files.walk(dir))
            {
                tree.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
        return Files.createDirectories(dir);
    }
}
