package dev.flotilla.sim;

import dev.flotilla.platform.Agent;

/** An agent whose step is a lambda, with a settable timer and halt, for platform tests. */
final class TestAgent implements Agent
{
    /** What one step does; returns the work done. */
    @FunctionalInterface
    interface Body
    {
        int step(TestAgent self, long nowNs);
    }

    private final String role;
    private final Body body;
    long deadlineNs = Long.MAX_VALUE;
    boolean halted;
    int steps;

    TestAgent(final String role, final Body body)
    {
        this.role = role;
        this.body = body;
    }

    @Override
    public int doWork(final long nowNs)
    {
        steps++;
        return body.step(this, nowNs);
    }

    @Override
    public String roleName()
    {
        return role;
    }

    @Override
    public long wakeupDeadlineNs()
    {
        return deadlineNs;
    }

    @Override
    public boolean isHalted()
    {
        return halted;
    }
}
