package dev.flotilla.monitor.intermon;

import dev.flotilla.idl.Message;
import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/**
 * Domains across cores. A domain's home is the core it started on (its id carries it in the high 32 bits);
 * the home monitor keeps the domain's record — its program, arguments and the cores it spans — so every
 * span and exit of the domain is decided there, one at a time.
 *
 * <pre>
 *   create(program, args, reportsExit) i -&gt; c  rpc: c starts the domain, becomes its home; reply: the id
 *                                             (reportsExit: the boot task, whose end core 0 hears of)
 *   span(domain, core)                i -&gt; h   rpc to the home: checks the core, then start() there
 *   start(domain, program, args)      h -&gt; c   rpc: c starts a spanned dispatcher of the domain
 *   dispatcherGone(domain)            c -&gt; h   a dispatcher of the domain on c ended
 *   kill(domain)                      i -&gt; h   rpc: stop every dispatcher of the domain
 *   stop(domain)                      h -&gt; c   stop the domain's dispatcher on c
 * </pre>
 * The domain ends when its first dispatcher does: the home then stops the others. Who spans what is replicated
 * on every core by agreement (the domain table, {@code ReplicatedSpans}), so listing domains asks nobody.
 */
@MessageInterface(id = 10, description = "domains that span cores")
public interface Domains
{
    @Rpc
    long create(String program, String args, boolean reportsExit);

    @Rpc
    void span(long domain, int core);

    @Rpc
    void start(long domain, String program, String args);

    @Message
    void dispatcherGone(long domain);

    @Rpc
    void kill(long domain);

    @Message
    void stop(long domain);
}
