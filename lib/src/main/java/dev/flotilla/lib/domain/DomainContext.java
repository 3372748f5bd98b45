package dev.flotilla.lib.domain;

import dev.flotilla.idl.Port;
import dev.flotilla.lib.Dispatcher;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a domain's code sees of the system, in one of its dispatchers. Blocking calls ({@link #span},
 * {@link #sleepNs}) must be made in one of the dispatcher's user-level threads: they yield the thread, never
 * the core.
 */
public interface DomainContext
{
    /** The domain's id: unique in the system while it runs (its first core in the high 32 bits). */
    long domainId();

    /** The name it was started by. */
    String domainName();

    /** The arguments it was started with (the same in every dispatcher). */
    List<String> args();

    /** The core this dispatcher runs on. */
    int core();

    /** How many cores the system has: a domain may span to cores 0 .. systemCores() - 1. */
    int systemCores();

    /** True in the dispatcher the domain started in; false in those it spanned to. */
    boolean isFirst();

    /**
     * Starts a dispatcher of this domain on {@code core}, which runs {@link Domain#spanned}; returns once it
     * runs.
     *
     * @throws dev.flotilla.base.FlotillaException {@code INVALID_CORE} for a core that does not exist,
     *         {@code DOMAIN_ALREADY_ON_CORE} if the domain already has a dispatcher there.
     */
    void span(int core);

    /**
     * Starts domain {@code name} on {@code core} with {@code args}; returns its id once it runs.
     *
     * @throws dev.flotilla.base.FlotillaException {@code PROGRAM_NOT_FOUND}, {@code INVALID_CORE},
     *         {@code INVALID_DOMAIN_NAME} (an argument with a line break).
     */
    long spawn(int core, String name, List<String> args);

    /**
     * Exports service {@code name}; returns once the name service has it. Each client that binds later
     * arrives as a port this dispatcher already polls, handed to {@code onClient} (put a generated binding on
     * it there).
     *
     * @throws dev.flotilla.base.FlotillaException {@code SERVICE_EXISTS} if the name is taken.
     */
    void export(String name, Consumer<Port> onClient);

    /**
     * Binds to service {@code name}; returns a port this dispatcher polls (put a generated binding on it).
     *
     * @throws dev.flotilla.base.FlotillaException {@code SERVICE_NOT_FOUND} if nothing exports it.
     */
    Port bind(String name);

    /**
     * Binds to service {@code name} as {@link #bind} does, but while nothing exports it yet — a dispatcher just
     * spanned or spawned that has still to export it — tries again a millisecond apart, {@code tries} times in all.
     *
     * @throws dev.flotilla.base.FlotillaException {@code SERVICE_NOT_FOUND} after the last try, or what else the
     *         bind failed with.
     */
    default Port bindOnceExported(final String name, final int tries)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return bind(name);
            }
            catch (final dev.flotilla.base.FlotillaException e)
            {
                if (e.code() != dev.flotilla.base.ErrorCode.SERVICE_NOT_FOUND || attempt >= tries)
                {
                    throw e;
                }
                sleepNs(1_000_000);
            }
        }
    }

    /** Starts another user-level thread in this dispatcher. */
    void thread(String name, Runnable body);

    /** Suspends the calling thread for {@code ns} nanoseconds of the platform's clock (virtual time on the simulator). */
    void sleepNs(long ns);

    /**
     * The dispatcher itself: channels, capabilities, threads — the whole dispatcher runtime. Built-in domains
     * only: a domain loaded from a jar cannot name {@link Dispatcher} (it is not part of the domain API).
     */
    Dispatcher dispatcher();
}
