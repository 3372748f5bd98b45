package dev.flotilla.bench.layouts;

/**
 * Tells a waiting echoer that no more messages will come. Read once per empty poll by every
 * handoff alike, so it paces every poll loop the same; it is written once, at the end.
 */
public final class StopFlag
{
    private volatile boolean raised;

    public boolean raised()
    {
        return raised;
    }

    public void raise()
    {
        raised = true;
    }
}
