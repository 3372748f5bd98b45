package dev.flotilla.monitor;

import dev.flotilla.lib.skb.SkbClient;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Core 0's record of what runs where, kept in the System Knowledge Base as its runtime facts:
 * {@code service(Name, Core)} for every service in the name service's registry, and
 * {@code dispatcher(Program, Core)} once for each running dispatcher of a program on a core (what
 * {@code core_load/2} counts for placement). Every monitor reports its dispatchers' starts and exits to
 * core 0 ({@link FactsReporter}).
 *
 * <p>Changes made before the SKB is bound are kept here and sent as soon as it is; after that each
 * change is one CONSULT that first retracts what it replaces, so the SKB holds exactly this record.
 * The SKB serves CONSULTs from one channel in order, so the facts follow the changes in order.
 * Core-confined, like its monitor.
 */
final class RuntimeFacts
{
    /** A program's dispatchers on one core. */
    private record Placement(String program, int core)
    {
    }

    private final Map<String, Integer> services = new LinkedHashMap<>();
    private final Map<Placement, Integer> dispatchers = new LinkedHashMap<>(); // count > 0
    private SkbClient skb;

    /** Service {@code name} was registered by a dispatcher on {@code core}. */
    void serviceRegistered(final String name, final int core)
    {
        services.put(name, core);
        send(serviceClauses(name, core));
    }

    /** Service {@code name} is no longer registered: its exporter exited. */
    void serviceRemoved(final String name)
    {
        services.remove(name);
        send(":- retractall(service(" + atom(name) + ", _)).\n");
    }

    /** A dispatcher of {@code program} started on {@code core}. */
    void dispatcherStarted(final String program, final int core)
    {
        changeDispatchers(new Placement(program, core), 1);
    }

    /** A dispatcher of {@code program} on {@code core} exited. */
    void dispatcherExited(final String program, final int core)
    {
        changeDispatchers(new Placement(program, core), -1);
    }

    /** The SKB is bound: it gets everything recorded so far, then every change as it happens. */
    void attach(final SkbClient client)
    {
        skb = client;
        services.forEach((name, core) -> send(serviceClauses(name, core)));
        dispatchers.keySet().forEach(placement -> send(dispatcherClauses(placement)));
    }

    private void changeDispatchers(final Placement placement, final int delta)
    {
        final int count = dispatchers.getOrDefault(placement, 0) + delta;
        if (count < 0)
        {
            throw new IllegalStateException("no dispatcher of " + placement.program() + " runs on core "
                + placement.core() + " to exit");
        }
        if (count == 0)
        {
            dispatchers.remove(placement);
        }
        else
        {
            dispatchers.put(placement, count);
        }
        send(dispatcherClauses(placement));
    }

    private static String serviceClauses(final String name, final int core)
    {
        final String atom = atom(name);
        return ":- retractall(service(" + atom + ", _)).\nservice(" + atom + ", " + core + ").\n";
    }

    private String dispatcherClauses(final Placement placement)
    {
        final String fact = "dispatcher(" + atom(placement.program()) + ", " + placement.core() + ")";
        final StringBuilder clauses = new StringBuilder(":- retractall(").append(fact).append(").\n");
        for (int i = dispatchers.getOrDefault(placement, 0); i > 0; i--)
        {
            clauses.append(fact).append(".\n");
        }
        return clauses.toString();
    }

    private void send(final String clauses)
    {
        if (skb == null)
        {
            return; // kept above; attach sends it
        }
        skb.consult(clauses, (ok, refused) ->
        {
            if (refused != null)
            {
                throw new IllegalStateException("the SKB refused runtime facts " + clauses.strip() + ": " + refused);
            }
        });
    }

    /** A quoted Prolog atom: any program or service name reads back as itself. */
    static String atom(final String name)
    {
        return "'" + name.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
