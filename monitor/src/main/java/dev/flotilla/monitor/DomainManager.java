package dev.flotilla.monitor;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Completion;
import dev.flotilla.idl.Port;
import dev.flotilla.lib.Launch;
import dev.flotilla.monitor.intermon.DomainsBinding;
import dev.flotilla.monitor.intermon.DomainsHandler;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

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
 * A span that fails on the target core gives its core back. Core-confined, like its monitor.
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
            final long[] id = new long[1];
            final Optional<ErrorCode> refused = create(program, args, reportsExit, id);
            done.complete(refused.isEmpty() ? id[0] : null, refused.orElse(null));
        }
        else
        {
            peers[core].create(program, args, reportsExit, done);
        }
    }

    /** Starts a domain at home here: its record, then its first dispatcher. */
    private Optional<ErrorCode> create(final String program, final String args, final boolean reportsExit,
        final long[] id)
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
            return refused;
        }
        id[0] = domain;
        return Optional.empty();
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
                record.cores.clear(core);
            }
            done.complete(null, error);
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
    }

    /** The domain ends: every dispatcher it still has is told to stop. */
    private void end(final long domain, final Record record)
    {
        if (record.ending)
        {
            return;
        }
        record.ending = true;
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

    /** The domains whose home is this core, with the cores each spans. */
    Map<Long, List<Integer>> homedDomains()
    {
        final Map<Long, List<Integer>> view = new HashMap<>();
        homed.forEach((id, record) -> view.put(id, record.cores.stream().boxed().toList()));
        return view;
    }

    /** The records kept here, one line each: {@code id<TAB>program<TAB>cores<TAB>state}, by id. */
    private String homedLines()
    {
        final StringBuilder lines = new StringBuilder();
        homed.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry ->
        {
            final Record record = entry.getValue();
            lines.append(entry.getKey()).append('\t').append(record.program).append('\t')
                .append(record.cores.stream().mapToObj(Integer::toString).collect(Collectors.joining(",")))
                .append('\t').append(record.ending ? "ENDING" : "RUNNING").append('\n');
        });
        return lines.toString();
    }

    /**
     * Every domain in the system: this core's records and every other home's, asked of each in turn (one
     * request at a time, so a listing costs one round trip per core and holds no more than one reply).
     */
    void list(final Completion<String> done)
    {
        gather(0, new StringBuilder(), done);
    }

    private void gather(final int core, final StringBuilder lines, final Completion<String> done)
    {
        if (core == monitor.config().cores())
        {
            done.complete(lines.toString(), null);
        }
        else if (core == monitor.core())
        {
            lines.append(homedLines());
            gather(core + 1, lines, done);
        }
        else
        {
            peers[core].homed((part, error) ->
            {
                if (error != null)
                {
                    done.complete(null, error);
                    return;
                }
                lines.append(part);
                gather(core + 1, lines, done);
            });
        }
    }

    @Override
    public void onHomed(final DomainsBinding.HomedRequest request)
    {
        request.reply(homedLines());
    }

    @Override
    public void onCreate(final DomainsBinding.CreateRequest request, final String program, final String args,
        final boolean reportsExit)
    {
        final long[] id = new long[1];
        final Optional<ErrorCode> refused = create(program, args, reportsExit, id);
        if (refused.isPresent())
        {
            request.fail(refused.get());
        }
        else
        {
            request.reply(id[0]);
        }
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
