package dev.flotilla.bench.channels;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * What was measured for one transport. Each round ran the transport once, in its own fork; the
 * headline numbers are medians over rounds, because on a shared virtual machine a round can be
 * slower than usual (other work) or faster (the hypervisor happened to place the two virtual CPUs
 * on one core), and the median is not moved by one such round either way. NaN marks what was not
 * measured (the references do not stream; a subset run may skip a benchmark).
 *
 * @param transport         the link.
 * @param rttMedian         round-trip median: the median over rounds of each round's median, ns.
 * @param rttP99            the median over rounds of each round's 99th percentile, ns.
 * @param rttLow            the lowest round's median, ns.
 * @param rttHigh           the highest round's median, ns.
 * @param rttWorstIteration the highest median of any single measured iteration, ns.
 * @param rttSamples        round trips sampled in all rounds.
 * @param rate              streaming throughput, messages per microsecond: the median over rounds
 *                          of each round's mean over its iterations.
 * @param rateLow           the lowest round's throughput.
 * @param rateHigh          the highest round's throughput.
 * @param sendReceive       send and receive on one thread, ns per message, median over rounds.
 */
record Measurement(Transport transport, double rttMedian, double rttP99, double rttLow, double rttHigh,
    double rttWorstIteration, long rttSamples, double rate, double rateLow, double rateHigh, double sendReceive)
{
    /** The pinger's method in {@link PingPongBenchmark}: JMH's name for its secondary result. */
    static final String PING = "ping";
    /** The consumer's method in {@link StreamingBenchmark}. */
    static final String CONSUME = "consume";

    /** Joins the three benchmarks' JMH results of every round: one measurement per transport that ran, in order. */
    static List<Measurement> of(final Collection<RunResult> pingPong, final Collection<RunResult> streaming,
        final Collection<RunResult> sendReceive)
    {
        final List<Measurement> measurements = new ArrayList<>();
        for (final Transport t : Transport.all())
        {
            final List<RunResult> rtt = runs(pingPong, t);
            final List<RunResult> stream = runs(streaming, t);
            final List<RunResult> cost = runs(sendReceive, t);
            if (rtt.isEmpty() && stream.isEmpty() && cost.isEmpty())
            {
                continue;
            }
            final List<Double> medians = new ArrayList<>();
            final List<Double> p99s = new ArrayList<>();
            double worstIteration = Double.NaN;
            long samples = 0;
            for (final RunResult round : rtt)
            {
                final Histogram histogram = new Histogram(3);
                for (final IterationResult iteration : iterations(round))
                {
                    final Result<?> ping = secondary(iteration, PING, t);
                    final double median = ping.getStatistics().getPercentile(50);
                    worstIteration = Double.isNaN(worstIteration) ? median : Math.max(worstIteration, median);
                    record(ping, histogram);
                }
                medians.add((double)histogram.getValueAtPercentile(50));
                p99s.add((double)histogram.getValueAtPercentile(99));
                samples += histogram.getTotalCount();
            }
            final List<Double> rates = new ArrayList<>();
            for (final RunResult round : stream)
            {
                rates.add(mean(iterations(round).stream().map(i -> secondary(i, CONSUME, t).getScore()).toList()));
            }
            final List<Double> costs = new ArrayList<>();
            for (final RunResult round : cost)
            {
                costs.add(mean(iterations(round).stream().map(i -> i.getPrimaryResult().getScore()).toList()));
            }
            measurements.add(new Measurement(t, median(medians), median(p99s), min(medians), max(medians),
                worstIteration, samples, median(rates), min(rates), max(rates), median(costs)));
        }
        return measurements;
    }

    private static void record(final Result<?> ping, final Histogram samples)
    {
        final Iterator<Map.Entry<Double, Long>> raw = ping.getStatistics().getRawData();
        while (raw.hasNext())
        {
            final Map.Entry<Double, Long> sample = raw.next();
            samples.recordValueWithCount(Math.round(sample.getKey()), sample.getValue());
        }
    }

    private static List<RunResult> runs(final Collection<RunResult> runs, final Transport t)
    {
        return runs.stream().filter(r -> t.name().equals(r.getParams().getParam("transport"))).toList();
    }

    private static List<IterationResult> iterations(final RunResult run)
    {
        return run.getBenchmarkResults().stream().flatMap(b -> b.getIterationResults().stream()).toList();
    }

    private static double median(final List<Double> values)
    {
        final double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0)
        {
            return Double.NaN;
        }
        final int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double mean(final List<Double> values)
    {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double min(final List<Double> values)
    {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(final List<Double> values)
    {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    @SuppressWarnings("rawtypes") // JMH's secondary-result maps use the raw type
    private static Result<?> secondary(final IterationResult iteration, final String name, final Transport t)
    {
        final Map<String, Result> results = iteration.getSecondaryResults();
        final Result<?> result = results.get(name);
        if (result == null)
        {
            throw new IllegalStateException("JMH reported no '" + name + "' result for " + t + "; it has "
                + results.keySet());
        }
        return result;
    }
}
