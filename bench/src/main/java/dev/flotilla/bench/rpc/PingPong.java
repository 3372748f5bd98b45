package dev.flotilla.bench.rpc;

import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/**
 * The benchmark's request/response interface: one call of six words, whose call message (the token and
 * the six arguments) fills exactly one 64-byte slot, and a reply of one word (token, status, value: three
 * words, one slot). Stubs are generated ({@code PingPongBinding}, {@code PingPongHandler}).
 *
 * <p>Bench-only: no part of the system speaks it.
 */
@MessageInterface(id = 40, description = "the rpc benchmark's round trip")
public interface PingPong
{
    /**
     * Asks the server for a word computed from the six arguments; the benchmarks send consecutive values
     * {@code w0, w0 + 1, ..., w0 + 5} and check the answer against what they sent.
     */
    @Rpc
    long ping(long w0, long w1, long w2, long w3, long w4, long w5);
}
