package dev.flotilla.examples;

import dev.flotilla.idl.Port;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainContext;
import dev.flotilla.lib.domain.DomainInfo;

/**
 * The example of a domain that spans: it starts on one core, spans to every other core it is given (all of
 * them by default), and each new dispatcher answers a roll call over a generated interface — a blocking RPC
 * from a user-level thread. The first dispatcher ends once all are present; the others end with it. It uses
 * only the domain API, so it could as well come from a jar given with {@code --domains}.
 *
 * <p>What it shows: the life of a domain ({@link Domain#main}, {@link Domain#spanned}), spanning, exporting a
 * service for the domain's own dispatchers, binding to it from another core, generated stubs, and blocking
 * calls that yield the thread, never the core. Arguments: the number of cores to span to, e.g. {@code 4}.
 */
@DomainInfo(name = "span-all", description = "span to every core and take a roll call over a generated interface")
public final class SpanAll implements Domain
{
    private int present;

    @Override
    public void main(final DomainContext context)
    {
        final int cores = context.args().isEmpty() ? context.systemCores() : Integer.parseInt(context.args().getFirst());
        if (cores < 1 || cores > context.systemCores())
        {
            throw new IllegalArgumentException("span-all: cores must be 1.." + context.systemCores() + ", was " + cores);
        }
        context.export(service(context), this::serve);
        for (int core = 0; core < cores; core++)
        {
            if (core != context.core())
            {
                context.span(core);
            }
        }
        while (present < cores - 1)
        {
            context.sleepNs(10_000);
        }
    }

    @Override
    public void spanned(final DomainContext context)
    {
        new RollcallBinding(context.bind(service(context))).present(context.core());
    }

    private void serve(final Port port)
    {
        new RollcallBinding(port, new RollcallHandler()
        {
            @Override
            public void onPresent(final RollcallBinding.PresentRequest request, final int core)
            {
                request.reply(++present);
            }
        });
    }

    /** The roll call's service name: one per running instance of the domain. */
    private static String service(final DomainContext context)
    {
        return "span-all-" + Long.toHexString(context.domainId());
    }
}
