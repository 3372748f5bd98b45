package dev.flotilla.lib.domain;

/**
 * A program users write for Flotilla: Barrelfish's domain, a set of dispatchers — one on each core it runs
 * on — each with its own user-level threads. A domain starts on one core, by name; {@link #main} runs there
 * as its first thread. It may {@link DomainContext#span span} to other cores: each new dispatcher gets its
 * own instance of the domain class, made on its own core, and runs {@link #spanned} as its first thread. The
 * dispatchers share nothing in memory; they talk by messages.
 *
 * <p>A dispatcher ends when its last thread ends; the domain ends when the dispatcher it started on ends,
 * and its dispatchers on other cores are stopped with it. A domain whose code throws is stopped, and its
 * capabilities and channels are reclaimed; the core and every other domain go on.
 *
 * <p>Domains are found by name: implement this interface in a public class with a public no-argument
 * constructor, annotate it with {@link DomainInfo}, and list it in
 * {@code META-INF/services/dev.flotilla.lib.domain.Domain} (the built-ins do; so may a jar given with
 * {@code --domains DIR}).
 */
public interface Domain
{
    /** The domain's entry point, in its first dispatcher's first user-level thread. */
    void main(DomainContext context) throws Exception;

    /** The entry point of every further dispatcher the domain spans to; by default nothing (the dispatcher then ends). */
    default void spanned(final DomainContext context) throws Exception
    {
    }
}
