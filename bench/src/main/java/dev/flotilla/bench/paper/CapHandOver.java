package dev.flotilla.bench.paper;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainContext;
import dev.flotilla.lib.mem.MemServClient;
import java.util.function.Consumer;

/**
 * The cross-core capability transfer latency of {@code bench memserv}: a domain that spans to {@code peer}, whose
 * dispatcher exports {@link CapHandOverInterface}; the first binds it and, alternating round by round, calls
 * {@code ping} (no capability) and {@code give} (a 4 KiB RAM capability from memserv, which travels
 * dispatcher → its CPU driver → monitor → the peer's monitor → its CPU driver → the peer, as every capability
 * argument does), each a blocking RPC through the generated stubs. The peer checks the copy's size and deletes it.
 * Medians of each, on the first's clock; the first hands the {@link Result} to {@code sink} and ends the domain.
 */
final class CapHandOver implements Domain
{
    /** How often the first binds again while the peer has not exported yet, a millisecond apart. */
    private static final int BIND_TRIES = 5_000;

    /**
     * @param peer     the core the capability went to.
     * @param pingNs   the median round trip without a capability.
     * @param giveNs   the median round trip carrying one.
     * @param failure  empty, or what went wrong.
     */
    record Result(int peer, double pingNs, double giveNs, String failure)
    {
        /** What carrying the capability added to the round trip. */
        double transferNs()
        {
            return giveNs - pingNs;
        }
    }

    private final int peer;
    private final int warmUp;
    private final int rounds;
    private final Consumer<Result> sink;

    CapHandOver(final int peer, final int warmUp, final int rounds, final Consumer<Result> sink)
    {
        this.peer = peer;
        this.warmUp = warmUp;
        this.rounds = rounds;
        this.sink = sink;
    }

    @Override
    public void main(final DomainContext context)
    {
        try
        {
            context.span(peer);
            final CapHandOverInterfaceBinding other = new CapHandOverInterfaceBinding(
            context.bindOnceExported(service(context), BIND_TRIES));
            final MemServClient memserv = MemServClient.open(context.dispatcher());
            final CapRef ram = memserv.allocate(MemservLoad.BLOCK);
            final long[] pings = new long[rounds];
            final long[] gives = new long[rounds];
            for (int i = -warmUp; i < rounds; i++)
            {
                final long t0 = context.dispatcher().clock().nanoTime();
                final long answer = other.ping(i);
                final long t1 = context.dispatcher().clock().nanoTime();
                final long size = other.give(ram);
                final long t2 = context.dispatcher().clock().nanoTime();
                if (answer != i + 1L || size != MemservLoad.BLOCK)
                {
                    throw new IllegalStateException("round " + i + ": ping answered " + answer + ", give saw "
                        + size + " bytes");
                }
                if (i >= 0)
                {
                    pings[i] = t1 - t0;
                    gives[i] = t2 - t1;
                }
            }
            // not given back: the copies it sent away left its remote-copy bit set, so memserv would take it for
            // retyped (MEMSERV_RETYPED); the system halts after this run
            context.dispatcher().syscalls().delete(ram);
            sink.accept(new Result(peer, Quartiles.of(pings).median(), Quartiles.of(gives).median(), ""));
        }
        catch (final RuntimeException e)
        {
            sink.accept(new Result(peer, Double.NaN, Double.NaN, e.toString()));
        }
    }

    @Override
    public void spanned(final DomainContext context)
    {
        context.export(service(context), port -> new CapHandOverInterfaceBinding(port,
            new CapHandOverInterfaceHandler()
            {
                @Override
                public void onPing(final CapHandOverInterfaceBinding.PingRequest request, final long value)
                {
                    request.reply(value + 1);
                }

                @Override
                public void onGive(final CapHandOverInterfaceBinding.GiveRequest request, final CapRef cap)
                {
                    final long size = context.dispatcher().syscalls().identify(cap).size();
                    context.dispatcher().syscalls().delete(cap);
                    request.reply(size);
                }
            }));
        context.sleepNs(Long.MAX_VALUE / 4); // serves in its handler until the first dispatcher ends the domain
    }

    private static String service(final DomainContext context)
    {
        return "handover-" + Long.toHexString(context.domainId());
    }
}
