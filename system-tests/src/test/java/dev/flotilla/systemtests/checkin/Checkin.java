package dev.flotilla.systemtests.checkin;

import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/** Every dispatcher of a spanned domain checks in with its first one: a blocking RPC from a user-level thread. */
@MessageInterface(id = 62, description = "spanned dispatchers check in, for the domain system tests")
public interface Checkin
{
    /** Core {@code core} is up; the reply is how many have checked in so far, this one included. */
    @Rpc
    int checkIn(int core);
}
