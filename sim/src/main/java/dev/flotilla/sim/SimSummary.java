package dev.flotilla.sim;

/**
 * What a simulation run did, for reports. Nothing here depends on the host: two runs
 * with the same seed and input give equal summaries.
 *
 * @param machine    the simulated machine's name.
 * @param seed       the seed of the run (replay it with {@code --seed}).
 * @param traceHash  the hash of the event trace ({@link SimPlatform#traceHash()}).
 * @param virtualNs  virtual time of the last event run.
 * @param steps      core steps taken, all cores together.
 * @param deliveries messages delivered to handlers on simulated channels.
 */
public record SimSummary(String machine, long seed, long traceHash, long virtualNs, long steps, long deliveries)
{
    /** The trace hash as 16 hex digits, the form the reports print. */
    public String traceHashHex()
    {
        return String.format("%016x", traceHash);
    }

    /** How to replay this run, for failure messages. */
    public String replayHint()
    {
        return "simulated " + machine + ", seed " + seed + "; replay with --sim " + machine + " --seed " + seed;
    }
}
