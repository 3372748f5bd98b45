package dev.flotilla.monitor.adder;

import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/** A service for the domain tests: blocking RPCs from user-level threads. */
@MessageInterface(id = 61, description = "adds, for the domain tests")
public interface Adder
{
    /** a + b; a negative {@code a} makes the server throw (a domain that fails). */
    @Rpc
    long add(long a, long b);
}
