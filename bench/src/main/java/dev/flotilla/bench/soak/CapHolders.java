package dev.flotilla.bench.soak;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainContext;
import dev.flotilla.lib.mem.SlotAllocator;
import java.util.function.IntFunction;

/**
 * The holder domain, one per core, that the capability soak and the distributed-capability tests talk to: it
 * exports {@code capholder-CORE} and serves {@link CapHolder} with a {@link CapScript} of its own. Besides the
 * script's commands it takes {@code peer CORE} (bind to the holder on that core, which {@code random} then sends
 * copies to), {@code problems} (what the script's checks found, joined by "; ") and {@code reachable} (the
 * addresses the script mapped where an access still reaches memory).
 */
public final class CapHolders
{
    private static final String PREFIX = "capholder-";

    private CapHolders()
    {
    }

    /** A holder whose script checks what it does against {@code witness}; it serves until the system halts. */
    public static Domain holder(final IntFunction<CapScript.Witness> witness)
    {
        return context ->
        {
            serve(context, new CapScript(context.dispatcher(), SlotAllocator.forDispatcher())
                .witnessedBy(witness.apply(context.core())));
            context.sleepNs(Long.MAX_VALUE / 4); // serves in its handlers until the system halts
        };
    }

    /** Exports {@code capholder-CORE} for this domain's core, serving {@link CapHolder} with {@code script}. */
    public static void serve(final DomainContext context, final CapScript script)
    {
        context.export(PREFIX + context.core(), port -> new CapHolderBinding(port, new CapHolderHandler()
        {
            @Override
            public void onKeep(final CapHolderBinding.KeepRequest request, final CapRef cap, final String name)
            {
                context.thread("keep", () -> request.reply(guarded(() -> script.keep(cap, name))));
            }

            @Override
            public void onRun(final CapHolderBinding.RunRequest request, final String command)
            {
                context.thread("cmd", () -> request.reply(guarded(() ->
                {
                    if (command.startsWith("peer "))
                    {
                        script.addPeer(bind(context, Integer.parseInt(command.substring(5).trim())));
                        return "ok";
                    }
                    return switch (command)
                    {
                        case "problems" -> String.join("; ", script.problems());
                        case "reachable" -> script.reachable().toString();
                        default -> script.run(command);
                    };
                })));
            }
        }));
    }

    /**
     * What {@code body} answers, or, when it throws, the code or the exception: a holder keeps serving (a thread
     * that threw would end the domain and close its channels), and the caller sees what went wrong.
     */
    private static String guarded(final java.util.function.Supplier<String> body)
    {
        try
        {
            return body.get();
        }
        catch (final FlotillaException e)
        {
            return e.code().name();
        }
        catch (final RuntimeException e)
        {
            return "threw " + e;
        }
    }

    /** A holder that checks nothing. */
    public static Domain holder()
    {
        return holder(core -> CapScript.Witness.NONE);
    }

    /** Binds to the holder on {@code core}, waiting for it to export. */
    public static CapHolderBinding bind(final DomainContext context, final int core)
    {
        while (true)
        {
            try
            {
                return new CapHolderBinding(context.bind(PREFIX + core));
            }
            catch (final FlotillaException notYet)
            {
                if (notYet.code() != ErrorCode.SERVICE_NOT_FOUND)
                {
                    throw notYet;
                }
                context.sleepNs(20_000);
            }
        }
    }
}
