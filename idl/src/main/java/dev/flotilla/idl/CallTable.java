package dev.flotilla.idl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A binding's outstanding calls by token: an open-addressed table with linear probing, in place of a
 * {@code HashMap<Long, Completion>} (which boxed every token and allocated an entry per call, on the
 * round trip's hot path).
 *
 * <p><b>Invariants.</b> {@code tokens.length} is a power of two and at least twice {@code size}, so a
 * probe always ends at an empty slot. Token 0 marks an empty slot: {@link Binding} hands out tokens from 1
 * upwards, and never 0 (which means "not sent"). A token lives in the first slot at or after its home
 * ({@code token & mask}, wrapping) with no empty slot between home and it; removal shifts later entries
 * back to keep that true, so no tombstones are needed. Tokens are consecutive, so outstanding calls fill
 * consecutive homes and rarely collide. Core-confined, like its binding.
 */
final class CallTable
{
    private static final int INITIAL = 16;

    private long[] tokens = new long[INITIAL];
    private Completion<Object>[] calls = newCalls(INITIAL);
    private int mask = INITIAL - 1;
    private int size;

    @SuppressWarnings("unchecked")
    private static Completion<Object>[] newCalls(final int length)
    {
        return (Completion<Object>[])new Completion<?>[length];
    }

    /** Calls held. */
    int size()
    {
        return size;
    }

    /** Holds {@code call} under {@code token}, which is not 0 and not held already. */
    void put(final long token, final Completion<Object> call)
    {
        if (2 * (size + 1) > tokens.length)
        {
            grow();
        }
        int i = (int)token & mask;
        while (tokens[i] != 0)
        {
            i = (i + 1) & mask;
        }
        tokens[i] = token;
        calls[i] = call;
        size++;
    }

    /** Takes the call held under {@code token} out of the table; null if none is (0 never is). */
    Completion<Object> remove(final long token)
    {
        int i = (int)token & mask;
        while (true)
        {
            final long held = tokens[i];
            if (held == 0)
            {
                return null;
            }
            if (held == token)
            {
                break;
            }
            i = (i + 1) & mask;
        }
        final Completion<Object> call = calls[i];
        shiftBack(i);
        size--;
        return call;
    }

    /** Takes every call out, in the order they were made (by token). */
    List<Completion<Object>> drain()
    {
        final Integer[] held = new Integer[size];
        int n = 0;
        for (int i = 0; i < tokens.length; i++)
        {
            if (tokens[i] != 0)
            {
                held[n++] = i;
            }
        }
        Arrays.sort(held, (x, y) -> Long.compare(tokens[x], tokens[y]));
        final List<Completion<Object>> all = new ArrayList<>(size);
        for (final Integer slot : held)
        {
            all.add(calls[slot]);
        }
        Arrays.fill(tokens, 0);
        Arrays.fill(calls, null);
        size = 0;
        return all;
    }

    /**
     * Empties slot {@code hole}, moving back each later entry of its run whose home does not lie
     * (cyclically) after the hole and at or before the entry, so that every entry stays reachable.
     */
    private void shiftBack(final int hole)
    {
        int empty = hole;
        int j = hole;
        while (true)
        {
            j = (j + 1) & mask;
            final long token = tokens[j];
            if (token == 0)
            {
                break;
            }
            final int home = (int)token & mask;
            // the entry at j may move to `empty` unless its home lies in (empty, j], cyclically
            final boolean homeBetween = empty <= j ? empty < home && home <= j : empty < home || home <= j;
            if (!homeBetween)
            {
                tokens[empty] = token;
                calls[empty] = calls[j];
                empty = j;
            }
        }
        tokens[empty] = 0;
        calls[empty] = null;
    }

    private void grow()
    {
        final long[] oldTokens = tokens;
        final Completion<Object>[] oldCalls = calls;
        tokens = new long[oldTokens.length * 2];
        calls = newCalls(oldTokens.length * 2);
        mask = tokens.length - 1;
        size = 0;
        for (int i = 0; i < oldTokens.length; i++)
        {
            if (oldTokens[i] != 0)
            {
                put(oldTokens[i], oldCalls[i]);
            }
        }
    }
}
