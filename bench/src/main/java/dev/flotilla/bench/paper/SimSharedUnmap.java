package dev.flotilla.bench.paper;

import dev.flotilla.platform.Agent;
import dev.flotilla.sim.SimOptions;
import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.coherence.CacheLine;
import dev.flotilla.sim.machine.MachineSpec;
import java.util.Arrays;

/**
 * The shared-memory baseline of Figs. 6–7 on a simulated machine: unmap as a shared-memory kernel does it, timed
 * by the simulator's coherence model ({@link CacheLine}) — one translation table that every core reads, guarded
 * by a lock, invalidated globally by an interrupt to every other core and a shared counter of acknowledgements
 * (Linux's and Windows' scheme, paper §5).
 *
 * <pre>
 *   core 0 (unmaps)                         core c = 1 .. N-1 (was reading the table)
 *   lock: write(lock)
 *   clear the entry: write(table)  ───────▶ (its copy of the table's line is invalidated)
 *   IPI c: write(mailbox c), c in turn ───▶ poll sees it: trap (cost syscall), drop the TLB entry
 *                                           count the ack: write(acks)      (every responder on one line)
 *   spin: read(acks) until N-1   ◀───────
 *   unlock: write(lock)                     later: read(table) again (its next walk)
 * </pre>
 * One line access per step, so the cores' accesses interleave in virtual time. Not charged: the initiator's trap
 * into its kernel, and the lock's own contention (one unmapper at a time here).
 */
final class SimSharedUnmap
{
    private SimSharedUnmap()
    {
    }

    /** The median of {@code rounds} unmaps (after {@code warmUp} more) on {@code cores} cores, ns of virtual time. */
    static double medianNs(final MachineSpec spec, final int cores, final long seed, final int warmUp,
        final int rounds)
    {
        try (SimPlatform sim = new SimPlatform(spec, cores, SimOptions.seeded(seed)))
        {
            final Shared shared = new Shared(sim, cores);
            final Initiator initiator = new Initiator(sim, shared, warmUp, rounds);
            sim.startCore(0, initiator);
            for (int core = 1; core < cores; core++)
            {
                sim.startCore(core, new Responder(sim, shared, core));
            }
            if (!sim.awaitHalt(Long.MAX_VALUE) || !sim.faults().isEmpty())
            {
                throw new IllegalStateException("shared-memory unmap on " + cores + " cores did not finish: "
                    + sim.faults());
            }
            final double[] sorted = initiator.latenciesPs.clone();
            Arrays.sort(sorted);
            return sorted[sorted.length / 2] / 1000.0;
        }
    }

    /** The lines, and what they hold (the simulator's one thread reads and writes these plain fields). */
    private static final class Shared
    {
        final CacheLine lock;
        final CacheLine table;
        final CacheLine acks;
        final CacheLine[] mailbox;
        /** The round each core's mailbox announces. */
        final long[] announced;
        int acknowledged;
        int refilled;
        boolean over;

        Shared(final SimPlatform sim, final int cores)
        {
            lock = new CacheLine(sim, 0);
            table = new CacheLine(sim, 0);
            acks = new CacheLine(sim, 0);
            mailbox = new CacheLine[cores];
            announced = new long[cores];
            for (int core = 0; core < cores; core++)
            {
                mailbox[core] = new CacheLine(sim, core);
            }
        }
    }

    /** Where the initiator is in its round: SETTLE waits for the responders, then takes the lock. */
    private enum Step { SETTLE, CLEAR, INTERRUPT, SPIN, UNLOCK }

    /** Core 0: unmaps, one round after another; each round starts once every responder has read the table again. */
    private static final class Initiator implements Agent
    {
        private final SimPlatform sim;
        private final Shared shared;
        private final int warmUp;
        final double[] latenciesPs;
        private Step step = Step.SETTLE;
        private int round = -1;
        private int next;
        private long startPs;

        Initiator(final SimPlatform sim, final Shared shared, final int warmUp, final int rounds)
        {
            this.sim = sim;
            this.shared = shared;
            this.warmUp = warmUp;
            this.latenciesPs = new double[rounds];
        }

        @Override
        public int doWork(final long nowNs)
        {
            final int others = shared.mailbox.length - 1;
            switch (step)
            {
                case SETTLE ->
                {
                    if (shared.refilled < others * (round + 2))
                    {
                        return 1; // the responders are still reading the table back
                    }
                    if (++round == warmUp + latenciesPs.length)
                    {
                        shared.over = true;
                        return 1;
                    }
                    startPs = sim.clockPs(0);
                    shared.lock.write(0);
                    step = Step.CLEAR;
                }
                case CLEAR ->
                {
                    shared.table.write(0);
                    next = 1;
                    step = others == 0 ? Step.SPIN : Step.INTERRUPT;
                }
                case INTERRUPT ->
                {
                    shared.mailbox[next].write(0);
                    shared.announced[next] = round + 1;
                    step = ++next > others ? Step.SPIN : Step.INTERRUPT;
                }
                case SPIN ->
                {
                    shared.acks.read(0);
                    if (shared.acknowledged == others * (round + 1))
                    {
                        step = Step.UNLOCK;
                    }
                }
                case UNLOCK ->
                {
                    shared.lock.write(0);
                    if (round >= warmUp)
                    {
                        latenciesPs[round - warmUp] = sim.clockPs(0) - startPs;
                    }
                    step = Step.SETTLE;
                }
            }
            return 1;
        }

        @Override
        public String roleName()
        {
            return "shm-unmap-0";
        }

        @Override
        public boolean isHalted()
        {
            return shared.over;
        }
    }

    /** Core c: polls its mailbox; on an interrupt traps, drops its entry, counts its ack, reads the table again. */
    private static final class Responder implements Agent
    {
        private final SimPlatform sim;
        private final Shared shared;
        private final int core;
        private long seen;
        private int phase;

        Responder(final SimPlatform sim, final Shared shared, final int core)
        {
            this.sim = sim;
            this.shared = shared;
            this.core = core;
        }

        @Override
        public int doWork(final long nowNs)
        {
            switch (phase)
            {
                case 0 ->
                {
                    shared.table.read(core); // the translation it caches
                    shared.refilled++;
                    phase = 1;
                }
                case 1 ->
                {
                    shared.mailbox[core].read(core);
                    if (shared.announced[core] > seen)
                    {
                        seen = shared.announced[core];
                        sim.chargePs(core, sim.costs().syscallPs()); // taking the interrupt, dropping the entry
                        phase = 2;
                    }
                }
                default ->
                {
                    shared.acks.write(core);
                    shared.acknowledged++;
                    phase = 0;
                }
            }
            return 1;
        }

        @Override
        public String roleName()
        {
            return "shm-unmap-" + core;
        }

        @Override
        public boolean isHalted()
        {
            return shared.over;
        }
    }
}
