package dev.flotilla.examples;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainContext;
import dev.flotilla.lib.domain.DomainInfo;

/**
 * A ping-pong pair in one domain: {@code pingpong CORE ROUNDS} spans to CORE, whose dispatcher exports a
 * {@link PingPongInterface} service; the first binds it and makes ROUNDS blocking round trips through the generated
 * stubs, checking every answer. Its exit status is the outcome: 0 when every answer was right; a wrong answer throws,
 * so the dispatcher is stopped (status -1) and the domain with it. Bad arguments (a core that does not exist or is the
 * first's own, ROUNDS below 1) throw before anything starts.
 */
@DomainInfo(name = "pingpong", description = "span to CORE and make ROUNDS checked round trips: pingpong CORE ROUNDS")
public final class PingPong implements Domain
{
    /** How often the first binds again while the peer has not exported yet, a millisecond apart. */
    private static final int BIND_TRIES = 5_000;

    @Override
    public void main(final DomainContext context)
    {
        if (context.args().size() != 2)
        {
            throw new FlotillaException(ErrorCode.INVALID_DOMAIN_NAME, "usage: pingpong CORE ROUNDS, was "
                + context.args());
        }
        final int core = number(context.args().get(0), "CORE");
        final long rounds = number(context.args().get(1), "ROUNDS");
        if (core < 0 || core >= context.systemCores() || core == context.core())
        {
            throw new FlotillaException(ErrorCode.INVALID_CORE, "pingpong: CORE must be another of cores 0.."
                + (context.systemCores() - 1) + " than this one (" + context.core() + "), was " + core);
        }
        if (rounds < 1)
        {
            throw new FlotillaException(ErrorCode.INVALID_DOMAIN_NAME, "pingpong: ROUNDS must be at least 1, was "
                + rounds);
        }
        context.span(core);
        final PingPongInterfaceBinding peer = new PingPongInterfaceBinding(
            context.bindOnceExported(service(context), BIND_TRIES));
        for (long round = 0; round < rounds; round++)
        {
            final long value = round * 0x9E3779B97F4A7C15L ^ context.domainId();
            final long got = peer.ping(round, value);
            if (got != answer(round, value))
            {
                throw new IllegalStateException("pingpong: round " + round + " of " + rounds + " answered 0x"
                    + Long.toHexString(got) + ", expected 0x" + Long.toHexString(answer(round, value)));
            }
        }
    }

    @Override
    public void spanned(final DomainContext context)
    {
        context.export(service(context), port -> new PingPongInterfaceBinding(port, new PingPongInterfaceHandler()
        {
            @Override
            public void onPing(final PingPongInterfaceBinding.PingRequest request, final long round, final long value)
            {
                request.reply(answer(round, value));
            }
        }));
        context.sleepNs(Long.MAX_VALUE / 4); // serves in its handler until the first dispatcher ends the domain
    }

    /** The answer to {@code ping(round, value)}: depends on both, so a stale or misrouted reply shows. */
    static long answer(final long round, final long value)
    {
        return Long.rotateLeft(value, 17) + round;
    }

    private static String service(final DomainContext context)
    {
        return "pingpong-" + Long.toHexString(context.domainId());
    }

    private static int number(final String word, final String what)
    {
        try
        {
            return Integer.parseInt(word);
        }
        catch (final NumberFormatException e)
        {
            throw new FlotillaException(ErrorCode.INVALID_DOMAIN_NAME, "pingpong: " + what + " must be a number, was '"
                + word + "'");
        }
    }
}
