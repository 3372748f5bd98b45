package dev.flotilla.bench.channels;

import dev.flotilla.bench.CpuPair;
import dev.flotilla.platform.linux.Affinity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Pins a benchmark thread to its own CPU and records what happened, so the report can say whether
 * pinning worked. Thread {@code i} of a group takes CPU {@code i} of the pair {@code --cpus} named
 * (passed to the forks as {@value #CPUS_PROPERTY}), or else the {@code i}-th CPU this process may use; with
 * fewer than two such CPUs nothing is pinned, because two spinning threads on one CPU would measure
 * the scheduler, not the channel.
 *
 * <p>The JMH forks append one line per event to the file named by the system property
 * {@value #LOG_PROPERTY}, which the launching JVM reads back ({@link PinLog}); without the property
 * nothing is written.
 */
final class CpuPinning
{
    /** System property naming the file that pin events are appended to. */
    static final String LOG_PROPERTY = "flotilla.bench.pinlog";
    /** System property with the two CPUs {@code --cpus} named, as {@code A,B}; unset for the default. */
    static final String CPUS_PROPERTY = "flotilla.bench.cpus";

    private CpuPinning()
    {
    }

    /**
     * Pins the calling thread to the {@code index}-th allowed CPU.
     *
     * @return the CPU it is pinned to, or -1 if it is not pinned.
     */
    static int pin(final int index, final BenchmarkParams params, final String role)
    {
        final BitSet allowed = Affinity.allowedCpus();
        int cpu = -1;
        boolean pinned = false;
        String detail;
        if (!Affinity.available())
        {
            detail = Affinity.unavailableReason();
        }
        else if (allowed.cardinality() < 2)
        {
            detail = "only " + allowed.cardinality() + " CPU(s) allowed: " + allowed;
        }
        else
        {
            cpu = chosen(index, allowed);
            final Affinity.PinResult result = Affinity.pinCurrentThread(cpu);
            pinned = result.pinned();
            detail = result.detail();
        }
        log(PinLog.PIN, params, role, cpu, pinned ? 1 : 0, detail);
        return pinned ? cpu : -1;
    }

    /** Thread {@code index}'s CPU: from {@value #CPUS_PROPERTY} if set, else the index-th allowed CPU. */
    private static int chosen(final int index, final BitSet allowed)
    {
        final String named = System.getProperty(CPUS_PROPERTY);
        if (named != null)
        {
            return CpuPair.parse(named).cpu(index);
        }
        int cpu = allowed.nextSetBit(0);
        for (int i = 0; i < index % allowed.cardinality(); i++)
        {
            cpu = allowed.nextSetBit(cpu + 1);
        }
        return cpu;
    }

    /** Records, at the end of a trial, the CPU the calling thread runs on and the one it was pinned to. */
    static void checkOut(final int pinnedCpu, final BenchmarkParams params, final String role)
    {
        log(PinLog.END, params, role, pinnedCpu, Affinity.currentCpu(), "");
    }

    private static synchronized void log(final String event, final BenchmarkParams params, final String role,
        final int cpu, final int value, final String detail)
    {
        final String file = System.getProperty(LOG_PROPERTY);
        if (file == null)
        {
            return;
        }
        final String benchmark = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        final String subject = params.getParamsKeys().stream().map(params::getParam).reduce((x, y) -> x + "," + y)
            .orElse("-");
        final String line = String.join("\t", event, benchmark, subject, role,
            Integer.toString(cpu), Integer.toString(value), detail.replace('\t', ' ').replace('\n', ' ')) + "\n";
        try
        {
            Files.writeString(Path.of(file), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot append to the pin log " + file, e);
        }
    }
}
