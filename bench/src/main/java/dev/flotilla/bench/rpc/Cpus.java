package dev.flotilla.bench.rpc;

import dev.flotilla.bench.CpuPair;
import dev.flotilla.platform.linux.Affinity;
import java.util.BitSet;

/**
 * Where the two sides of a cross-core benchmark run: the CPUs named by the system property
 * {@value #PROPERTY} ({@code A,B}, what {@code --cpus} passes to the forks), else the first two CPUs this
 * process may use. The client (pinger) goes to the first, the server (echoer) to the second.
 */
final class Cpus
{
    /** System property with the CPU pair, as {@code --cpus} takes it. */
    static final String PROPERTY = "flotilla.bench.rpc.cpus";

    private Cpus()
    {
    }

    static CpuPair pair()
    {
        final String named = System.getProperty(PROPERTY);
        if (named != null)
        {
            return CpuPair.parse(named);
        }
        final BitSet allowed = Affinity.allowedCpus();
        final int first = Math.max(0, allowed.nextSetBit(0));
        final int second = allowed.nextSetBit(first + 1);
        return new CpuPair(first, second < 0 ? first + 1 : second);
    }

    /** Pins the calling thread to {@code cpu}; says how it went, for the report. */
    static String pin(final int cpu, final String role)
    {
        final Affinity.PinResult result = Affinity.pinCurrentThread(cpu);
        return role + (result.pinned() ? " pinned to CPU " + cpu : " not pinned (" + result.detail() + ")");
    }
}
