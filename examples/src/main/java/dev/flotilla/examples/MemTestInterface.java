package dev.flotilla.examples;

import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/** How the dispatchers of {@code memtest ... all} start together and report to the first one. */
@MessageInterface(id = 72, description = "the memtest domain's start and reports")
public interface MemTestInterface
{
    /** The dispatcher on {@code core} is ready; the reply comes once every dispatcher is: then all test at once. */
    @Rpc
    int ready(int core);

    /** The dispatcher on {@code core} checked {@code words} words; {@code error} is empty, or what went wrong. */
    @Rpc
    int done(int core, long words, String error);
}
