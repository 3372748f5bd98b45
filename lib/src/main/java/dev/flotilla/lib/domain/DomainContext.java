package dev.flotilla.lib.domain;

import dev.flotilla.lib.Dispatcher;
import java.util.List;

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

    /** Starts another user-level thread in this dispatcher. */
    void thread(String name, Runnable body);

    /** Suspends the calling thread for {@code ns} nanoseconds of the platform's clock (virtual time on the simulator). */
    void sleepNs(long ns);

    /** The dispatcher itself: channels, services, capabilities, threads — the whole dispatcher runtime. */
    Dispatcher dispatcher();
}
