package dev.flotilla.bench.channels;

/**
 * The two sides of one link under test and what must be released after it.
 *
 * @param a       the pinger's (or producer's) side.
 * @param b       the echoer's (or consumer's) side.
 * @param release frees off-heap memory; run once both sides are done.
 */
record Link<E extends Endpoint>(E a, E b, Runnable release)
{
}
