package dev.flotilla.monitor;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Completion;
import dev.flotilla.idl.Port;
import dev.flotilla.lib.Launch;
import dev.flotilla.monitor.intermon.DomainsBinding;
import dev.flotilla.monitor.intermon.DomainsHandler;
import dev.flotilla.monitor.agreement.SpanTable;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Domains that span cores ({@link dev.flotilla.monitor.intermon.Domains}): starting a domain on a core,
 * spanning it to others, noticing its dispatchers end, and stopping it. This monitor is the home of the
 * domains that started on its core and keeps their records; for the others it asks their home.
 *
 * <pre>
 *   a domain's record, at its home:
 *     STARTING/RUNNING  -- span(core): core exists, not yet spanned -- cores += core, start() there
 *     RUNNING           -- the first dispatcher ends, or kill() -------- ENDING: stop() every other core
 *     ENDING            -- the last dispatcher ends ------------------- record dropped (its id is free)
 * </pre>
 * A span that fails on the target core gives its core back. After each change of a record the home publishes
 * the domain's state to every core's replica of the domain table ({@link ReplicatedSpans}), where listings and
 * anyone else read it with no message; a spawn or span answers once every replica holds its domain.
 * Core-confined, like its monitor.
 */
final class DomainManager implements Protocol, DomainsHandler
{
    /** What the home monitor knows of one domain. */
    private static final class Record
    {
        final String program;
        final String args;
        final BitSet cores = new BitSet();
        boolean ending;

        Record(final String program, final String args)
        {
            this.program = program;
            this.args = args;
        }
    }

    private final Monitor monitor;
    private final DomainsBinding[] peers;
    private final Map<Long, Record> homed = new HashMap<>();
    private long sequence;
    private long unpublished;

    DomainManager(final Monitor monitor)
    {
        this.monitor = monitor;
        this.peers = new DomainsBinding[monitor.config().cores()];
    }

    @Override
    public void attach(final int peer, final Port port)
    {
        peers[peer] = new DomainsBinding(port, this);
    }

    private static int home(final long domain)
    {
        return (int)(domain >>> 32);
    }

    /**
     * Starts domain {@code program} on {@code core}; the completion gets its id.
     *
     * @param reportsExit true for the boot task: core 0 hears when its first dispatcher ends.
     */
    void spawn(final int core, final String program, final String args, final boolean reportsExit,
        final Completion<Long> done)
    {
        if (core < 0 || core >= monitor.config().cores())
        {
            done.complete(null, ErrorCode.INVALID_CORE);
        }
        else if (core == monitor.core())
        {
            create(program, args, reportsExit, done);
        }
        else
        {
            peers[core].create(program, args, reportsExit, done);
        }
    }

    /**
     * Starts a domain at home here: its record, then its first dispatcher; {@code done} gets its id once every
     * replica of the domain table holds it.
     */
    private void create(final String program, final String args, final boolean reportsExit,
        final Completion<Long> done)
    {
        final long domain = (long)monitor.core() << 32 | ++sequence;
        final Record record = new Record(program, args);
        record.cores.set(monitor.core());
        homed.put(domain, record);
        final Optional<ErrorCode> refused = monitor.spawner().spawnLocal(
            new Launch(program, domain, Launch.splitArgs(args), true, 0), reportsExit);
        if (refused.isPresent())
        {
            homed.remove(domain);
            done.complete(null, refused.get());
            return;
        }
        publish(domain, (none, error) -> done.complete(domain, null)); // it runs, recorded or not
    }

    /**
     * Publishes {@code domain}'s state, as its record here says, to every replica of the domain table. A state
     * that could not be published (its rounds kept aborting) stays behind until the domain's next change.
     */
    private void publish(final long domain, final Completion<Void> done)
    {
        monitor.spans().publish(domain, (none, error) ->
        {
            if (error != null)
            {
                unpublished++;
            }
            done.complete(null, null);
        });
    }

    /** The state of a domain homed here, as the domain table holds it; null if it has no record here. */
    SpanTable.Span state(final long domain)
    {
        final Record record = homed.get(domain);
        return record == null ? null
            : new SpanTable.Span(record.program, record.cores.stream().boxed().toList(), record.ending);
    }

    /** Starts a dispatcher of {@code domain} on {@code core}, asking the domain's home. */
    void span(final long domain, final int core, final Completion<Void> done)
    {
        final int home = home(domain);
        if (home < 0 || home >= monitor.config().cores())
        {
            done.complete(null, ErrorCode.DOMAIN_NOT_FOUND);
        }
        else if (home == monitor.core())
        {
            spanFromHome(domain, core, done);
        }
        else
        {
            peers[home].span(domain, core, done);
        }
    }

    private void spanFromHome(final long domain, final int core, final Completion<Void> done)
    {
        final Record record = homed.get(domain);
        if (record == null || record.ending)
        {
            done.complete(null, ErrorCode.DOMAIN_NOT_FOUND);
            return;
        }
        if (core < 0 || core >= monitor.config().cores())
        {
            done.complete(null, ErrorCode.INVALID_CORE);
            return;
        }
        if (record.cores.get(core))
        {
            done.complete(null, ErrorCode.DOMAIN_ALREADY_ON_CORE);
            return;
        }
        record.cores.set(core); // taken now, so a second span to the core is refused while this one is under way
        final Completion<Void> started = (none, error) ->
        {
            if (error != null)
            {
                record.cores.clear(core); // never published: the replicas still hold the state before the span
                done.complete(null, error);
                return;
            }
            publish(domain, done);
        };
        if (core == monitor.core())
        {
            started.complete(null, startLocal(domain, record.program, record.args).orElse(null));
        }
        else
        {
            peers[core].start(domain, record.program, record.args, started);
        }
    }

    private Optional<ErrorCode> startLocal(final long domain, final String program, final String args)
    {
        return monitor.spawner().spawnLocal(new Launch(program, domain, Launch.splitArgs(args), false, 0), false);
    }

    /** A dispatcher of {@code domain} on this core ended. */
    void dispatcherGone(final long domain)
    {
        if (home(domain) == monitor.core())
        {
            gone(domain, monitor.core());
        }
        else
        {
            peers[home(domain)].dispatcherGone(domain);
        }
    }

    private void gone(final long domain, final int core)
    {
        final Record record = homed.get(domain);
        if (record == null)
        {
            return;
        }
        record.cores.clear(core);
        if (core == monitor.core())
        {
            end(domain, record);
        }
        if (record.cores.isEmpty())
        {
            homed.remove(domain);
        }
        publish(domain, (none, error) -> { });
    }

    /** The domain ends: every dispatcher it still has is told to stop. */
    private void end(final long domain, final Record record)
    {
        if (record.ending)
        {
            return;
        }
        record.ending = true;
        publish(domain, (none, error) -> { });
        record.cores.stream().forEach(core -> stopOn(core, domain));
    }

    private void stopOn(final int core, final long domain)
    {
        if (core == monitor.core())
        {
            monitor.locals().stop(domain);
        }
        else
        {
            peers[core].stop(domain);
        }
    }

    /** Stops every dispatcher of {@code domain}, asking its home. */
    void kill(final long domain, final Completion<Void> done)
    {
        final int home = home(domain);
        if (home < 0 || home >= monitor.config().cores())
        {
            done.complete(null, ErrorCode.DOMAIN_NOT_FOUND);
        }
        else if (home == monitor.core())
        {
            final Record record = homed.get(domain);
            if (record == null || record.ending)
            {
                done.complete(null, ErrorCode.DOMAIN_NOT_FOUND);
                return;
            }
            end(domain, record);
            done.complete(null, null);
        }
        else
        {
            peers[home].kill(domain, done);
        }
    }

    /**
     * Every domain in the system, one line each ({@code id<TAB>program<TAB>cores<TAB>state}, by id): this core's
     * replica of the domain table, read with no message.
     */
    void list(final Completion<String> done)
    {
        done.complete(monitor.spans().replica().lines(), null);
    }

    /** States whose publication failed after every retry (each is made good by the domain's next change). */
    long unpublished()
    {
        return unpublished;
    }

    @Override
    public void onCreate(final DomainsBinding.CreateRequest request, final String program, final String args,
        final boolean reportsExit)
    {
        create(program, args, reportsExit, (id, error) ->
        {
            if (error != null)
            {
                request.fail(error);
            }
            else
            {
                request.reply(id);
            }
        });
    }

    @Override
    public void onSpan(final DomainsBinding.SpanRequest request, final long domain, final int core)
    {
        spanFromHome(domain, core, (none, error) -> request.answer(error));
    }

    @Override
    public void onStart(final DomainsBinding.StartRequest request, final long domain, final String program,
        final String args)
    {
        request.answer(startLocal(domain, program, args).orElse(null));
    }

    @Override
    public void onDispatcherGone(final DomainsBinding from, final long domain)
    {
        gone(domain, Monitor.peerOf(from));
    }

    @Override
    public void onKill(final DomainsBinding.KillRequest request, final long domain)
    {
        kill(domain, (none, error) -> request.answer(error));
    }

    @Override
    public void onStop(final DomainsBinding from, final long domain)
    {
        monitor.locals().stop(domain);
    }
}
