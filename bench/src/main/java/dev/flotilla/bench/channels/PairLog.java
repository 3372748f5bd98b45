package dev.flotilla.bench.channels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the alternating-block benchmarks' forks measured ({@link PairedRoundTripBenchmark},
 * {@link PairedStreamingBenchmark}), one line per fork appended to the file named by the system
 * property {@value #LOG_PROPERTY}, and read back by the launching JVM: for each kind and each
 * transport paired with UMP, the median over forks of each fork's median ratio of neighbouring
 * blocks (UMP's time over the other's; below 1 UMP is faster).
 *
 * <p>Line format, tab-separated: {@code kind against blocks umpNs otherNs ratio}, where {@code umpNs}
 * and {@code otherNs} are the fork's median block times per item (a round trip, or a message).
 */
final class PairLog
{
    /** System property naming the file that fork summaries are appended to. */
    static final String LOG_PROPERTY = "flotilla.bench.pairlog";

    /** What a pair of blocks timed. */
    enum Kind
    {
        /** Blocks of round trips: ns per round trip. */
        ROUND_TRIP,
        /** Blocks of streamed messages, timed at the consumer: ns per message. */
        STREAMING
    }

    private final Map<Kind, Map<Transport, List<Fork>>> forks = new EnumMap<>(Kind.class);

    /** One fork's summary. */
    record Fork(int blocks, double umpNs, double otherNs, double ratio)
    {
    }

    /**
     * UMP against one transport over all forks.
     *
     * @param ratio    the median over forks of UMP's round trip over the other's; below 1 UMP is faster.
     * @param low      the lowest fork's ratio.
     * @param high     the highest fork's ratio.
     * @param umpNs    the median over forks of UMP's round trip, ns (block means, so means, not medians).
     * @param otherNs  the same for the other transport.
     * @param forks    how many forks measured the pair.
     * @param blocks   how many pairs of blocks they measured in all.
     */
    record Pairing(double ratio, double low, double high, double umpNs, double otherNs, int forks, int blocks)
    {
    }

    private PairLog(final List<String> lines)
    {
        for (final String line : lines)
        {
            final String[] f = line.split("\t", -1);
            if (f.length != 6 || Integer.parseInt(f[2]) == 0)
            {
                continue;
            }
            forks.computeIfAbsent(Kind.valueOf(f[0]), k -> new EnumMap<>(Transport.class))
                .computeIfAbsent(Transport.valueOf(f[1]), t -> new ArrayList<>()).add(new Fork(Integer.parseInt(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5])));
        }
    }

    /** Reads the log a run's forks wrote; a missing file is an empty log. */
    static PairLog read(final Path file) throws IOException
    {
        return parse(Files.exists(file) ? Files.readAllLines(file) : List.of());
    }

    /** A log from its lines. */
    static PairLog parse(final List<String> lines)
    {
        return new PairLog(lines);
    }

    /** UMP's round trip against {@code other}'s, if any fork measured the pair. */
    Optional<Pairing> against(final Transport other)
    {
        return against(Kind.ROUND_TRIP, other);
    }

    /** UMP against {@code other} in blocks of {@code kind}, if any fork measured the pair. */
    Optional<Pairing> against(final Kind kind, final Transport other)
    {
        final List<Fork> measured = forks.getOrDefault(kind, Map.of()).getOrDefault(other, List.of());
        if (measured.isEmpty())
        {
            return Optional.empty();
        }
        final double[] ratios = measured.stream().mapToDouble(Fork::ratio).sorted().toArray();
        return Optional.of(new Pairing(median(ratios), ratios[0], ratios[ratios.length - 1],
            median(measured.stream().mapToDouble(Fork::umpNs).sorted().toArray()),
            median(measured.stream().mapToDouble(Fork::otherNs).sorted().toArray()), measured.size(),
            measured.stream().mapToInt(Fork::blocks).sum()));
    }

    /** Appends one fork's summary; nothing if the property is unset (tests) or nothing was measured. */
    static synchronized void append(final Kind kind, final String against, final BlockPairs pairs)
    {
        final String file = System.getProperty(LOG_PROPERTY);
        if (file == null || pairs.size() == 0)
        {
            return;
        }
        final String line = String.format(Locale.ROOT, "%s\t%s\t%d\t%.3f\t%.3f\t%.6f%n", kind, against, pairs.size(),
            pairs.medianUmpNs(), pairs.medianOtherNs(), pairs.medianRatio());
        try
        {
            Files.writeString(Path.of(file), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot append to the pair log " + file, e);
        }
    }

    private static double median(final double[] sorted)
    {
        final int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
