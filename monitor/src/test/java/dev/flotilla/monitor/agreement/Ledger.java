package dev.flotilla.monitor.agreement;

import dev.flotilla.base.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test participant: records what each core was asked, keeps the changes it committed in the order it
 * committed them, holds what it prepared, and votes no when told to (every change, or one text).
 */
final class Ledger implements Participant
{
    final int core;
    final List<String> committed = new ArrayList<>();
    final List<String> prepared = new ArrayList<>();
    final List<String> aborted = new ArrayList<>();
    /** Every decision applied here, in order: "+x" committed, "-x" aborted. */
    final List<String> decisions = new ArrayList<>();
    private final boolean refuseAll;
    String refuse;

    Ledger(final int core, final boolean refuseAll)
    {
        this.core = core;
        this.refuseAll = refuseAll;
    }

    static byte[] change(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(final byte[] change)
    {
        return new String(change, StandardCharsets.UTF_8);
    }

    @Override
    public ErrorCode prepare(final long round, final byte[] change)
    {
        if (refuseAll || text(change).equals(refuse))
        {
            return ErrorCode.AGREEMENT_VOTED_NO;
        }
        prepared.add(text(change));
        return null;
    }

    @Override
    public void commit(final long round, final byte[] change)
    {
        prepared.remove(text(change));
        committed.add(text(change));
        decisions.add("+" + text(change));
    }

    @Override
    public void abort(final long round, final byte[] change)
    {
        if (!prepared.remove(text(change)))
        {
            throw new AssertionError("core " + core + " told to abort " + text(change) + ", which it never prepared");
        }
        aborted.add(text(change));
        decisions.add("-" + text(change));
    }
}
