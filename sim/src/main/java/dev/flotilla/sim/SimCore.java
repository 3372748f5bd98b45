package dev.flotilla.sim;

import dev.flotilla.platform.Agent;
import dev.flotilla.platform.NanoClock;

/**
 * One simulated core: its virtual clock, the agent it steps, and when it next runs. Times here are
 * picoseconds ({@link VirtualTime}); the clock the OS reads is in nanoseconds.
 *
 * <p>The clock is the core's own. It jumps forward to the time of each event that runs the core,
 * and advances during the core's step as the cost model charges the work done (the step itself,
 * every slot sent and received, every empty poll), so OS code that reads it twice sees the time its
 * own work took. It never goes backwards, and it is never behind the start of any step the core takes.
 *
 * <p>Confined to the thread that drives the simulation; the fields are package-private because the
 * event loop and the channels are its only users, on the hot path.
 */
final class SimCore implements NanoClock
{
    /** {@link #scheduledAt} when no step event is pending. */
    static final long NOT_SCHEDULED = Long.MAX_VALUE;

    final int id;
    final DoorbellTimes doorbells = new DoorbellTimes();
    final CoreSlowdown[] slowdowns;

    /** Virtual time on this core, in picoseconds. */
    long now;
    /** Times the core went idle until its next event; written and read on the simulator's one thread. */
    long sleeps;
    /** The agent stepped here; null until the core is started. */
    Agent agent;
    /** True once the agent halted or failed; the core never runs again. */
    boolean halted;
    /** Time of the one valid pending step event; an event at any other time is stale and skipped. */
    long scheduledAt = NOT_SCHEDULED;
    /** Multiplier of every cost charged during the current step (a {@link CoreSlowdown}); 1 normally. */
    long costScale = 1;

    SimCore(final int id, final CoreSlowdown[] slowdowns)
    {
        this.id = id;
        this.slowdowns = slowdowns;
    }

    @Override
    public long nanoTime()
    {
        return VirtualTime.ns(now);
    }

    /** Advances this core's clock by the cost, in picoseconds, of work it did. */
    void charge(final long ps)
    {
        now += ps * costScale;
    }

    /**
     * Advances this core's clock by {@code ps} spent waiting on the interconnect (a store miss taking
     * ownership of a line): the wire's time, so a {@link CoreSlowdown} does not scale it.
     */
    void stall(final long ps)
    {
        now += ps;
    }

    /** The slowdown in force at {@code ps}, or null. */
    CoreSlowdown slowdownAt(final long ps)
    {
        for (final CoreSlowdown slowdown : slowdowns)
        {
            if (slowdown.covers(VirtualTime.ns(ps)))
            {
                return slowdown;
            }
        }
        return null;
    }

    boolean started()
    {
        return agent != null;
    }

    @Override
    public String toString()
    {
        return "sim core " + id + " at " + now + " ps";
    }
}
