package dev.flotilla.shell;

import java.util.List;

/**
 * Programs the host runs for the shell beside the booted system — today the benchmarks of
 * {@code ./flotilla bench}, which boot systems of their own and so cannot run inside this one. A host device,
 * like the console: the shell starts a job and polls it from its thread, so core 0 never waits on it.
 */
public interface HostJobs
{
    /** A program the host runs; its output is gathered by the host as it comes. */
    interface Job
    {
        /** The output gathered since the last call (lines with their breaks). */
        String drain();

        /** True once the program has ended. */
        boolean finished();

        /** The program's exit status, once finished. */
        int exitStatus();

        /** Stops the program. */
        void cancel();
    }

    /**
     * Starts {@code ./flotilla bench} with {@code args}.
     *
     * @throws dev.flotilla.base.FlotillaException {@code NOT_AVAILABLE} if the host has no benchmark jar to run.
     */
    Job bench(List<String> args);

    /** A host that runs nothing (tests): every job is {@code NOT_AVAILABLE}. */
    HostJobs NONE = args ->
    {
        throw new dev.flotilla.base.FlotillaException(dev.flotilla.base.ErrorCode.NOT_AVAILABLE,
            "this host has no benchmark jar (bench/target/flotilla-bench.jar, built by ./flotilla): run ./flotilla bench");
    };
}
