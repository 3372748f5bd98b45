package dev.flotilla.examples;

import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/** How the dispatchers of {@link SpanAll} report to the first one. */
@MessageInterface(id = 70, description = "the span-all example's roll call")
public interface Rollcall
{
    /** The dispatcher on {@code core} is up; the reply is how many are, this one included. */
    @Rpc
    int present(int core);
}
