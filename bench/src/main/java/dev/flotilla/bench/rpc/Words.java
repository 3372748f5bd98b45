package dev.flotilla.bench.rpc;

/**
 * The payload every transport of {@code bench rpc} carries, and its check. A request is six consecutive
 * words {@code base .. base + 5}; the answer is their sum, {@code 6 * base + 15}, so a lost, torn or
 * repeated message gives a wrong answer.
 */
final class Words
{
    /** What a server answers when the six words are not consecutive: never a valid answer of a small base. */
    static final long BAD_REQUEST = Long.MIN_VALUE + 1;

    private Words()
    {
    }

    /** The answer to a request of base {@code base}. */
    static long answer(final long base)
    {
        return 6 * base + 15;
    }

    /** The server's side: the sum of six consecutive words, or {@link #BAD_REQUEST} if they are not. */
    static long answer(final long w0, final long w1, final long w2, final long w3, final long w4, final long w5)
    {
        if (w1 != w0 + 1 || w2 != w0 + 2 || w3 != w0 + 3 || w4 != w0 + 4 || w5 != w0 + 5)
        {
            return BAD_REQUEST;
        }
        return w0 + w1 + w2 + w3 + w4 + w5;
    }

    /** Fails unless {@code got} answers a request of base {@code base}. */
    static void check(final String transport, final long base, final long got)
    {
        if (got != answer(base))
        {
            throw new IllegalStateException(transport + ": the answer to request " + base + " is " + got + ", expected "
                + answer(base));
        }
    }
}
