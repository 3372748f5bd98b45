package dev.flotilla.sim.machine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A machine of any size in the 8x4-core AMD's image: {@code generic:CORESxSOCKETS} (for example
 * {@code generic:64x8}), with CORES / SOCKETS cores per package sharing an L3, one NUMA node per
 * package, and packages joined as a hypercube — package p links to p XOR 2^k wherever both exist,
 * so any two are at most about log2(SOCKETS) hops apart, as on the 8-socket board (3 hops).
 * Latencies and costs are the 8x4-core AMD's (HotOS'09 Table 1), with 70 cycles per hop beyond two.
 *
 * <p>The machine is written out in the description format and read back by {@link MachineFile}, so a
 * generated machine passes exactly the checks a file does.
 */
public final class GenericMachine
{
    /** The prefix that names a generic machine. */
    public static final String PREFIX = "generic:";

    /** The most cores a generic machine may have. */
    public static final int MAX_CORES = 128;

    private static final Pattern FORM = Pattern.compile("generic:(\\d{1,4})x(\\d{1,4})");

    private GenericMachine()
    {
    }

    /**
     * The machine a {@code generic:CORESxSOCKETS} name stands for.
     *
     * @throws IllegalArgumentException if the name is malformed, CORES is outside 1..128, or SOCKETS
     *         does not divide CORES.
     */
    public static MachineSpec of(final String name)
    {
        final Matcher m = FORM.matcher(name);
        if (!m.matches())
        {
            throw new IllegalArgumentException("expected generic:CORESxSOCKETS such as generic:64x8, got '" + name + "'");
        }
        final int cores = Integer.parseInt(m.group(1));
        final int sockets = Integer.parseInt(m.group(2));
        if (cores < 1 || cores > MAX_CORES)
        {
            throw new IllegalArgumentException(name + ": a generic machine has 1 to " + MAX_CORES + " cores, not " + cores);
        }
        if (sockets < 1 || cores % sockets != 0)
        {
            throw new IllegalArgumentException(name + ": the sockets must divide the cores evenly; " + cores
                + " cores cannot fill " + sockets + " socket" + (sockets == 1 ? "" : "s"));
        }
        return MachineFile.parse(name, describe(name, cores, sockets));
    }

    /** The description of a generic machine, in the file format. */
    static String describe(final String name, final int cores, final int sockets)
    {
        final int perSocket = cores / sockets;
        final StringBuilder text = new StringBuilder();
        text.append("machine ").append(name).append('\n');
        text.append("model generic, 8x4-core AMD costs (simulated)\n");
        text.append("clock-ghz 2.0\n");
        for (int p = 0; p < sockets; p++)
        {
            final int first = p * perSocket;
            text.append("package ").append(p).append(" cores ").append(first);
            if (perSocket > 1)
            {
                text.append('-').append(first + perSocket - 1);
            }
            text.append(" node ").append(p).append('\n');
        }
        text.append("cache L1 64KiB per-core\ncache L2 512KiB per-core\ncache L3 2MiB per-package\n");
        for (int p = 0; p < sockets; p++)
        {
            for (int bit = 1; bit < sockets; bit <<= 1)
            {
                final int q = p ^ bit;
                if (p < q && q < sockets)
                {
                    text.append("link ").append(p).append(' ').append(q).append('\n');
                }
            }
        }
        text.append("latency shared-cache 130\nlatency hop 1 190\nlatency hop 2 260\nlatency per-hop 70\n");
        text.append("coherence home-broadcast 35\n");
        text.append("cost send 50\ncost receive 50\ncost step 39\ncost l1-hit 2\ncost switch 503\ncost syscall 100\n");
        return text.toString();
    }
}
