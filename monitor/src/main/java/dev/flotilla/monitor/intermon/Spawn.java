package dev.flotilla.monitor.intermon;

import dev.flotilla.idl.Message;
import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/**
 * Spawning on another core (Barrelfish's spawnd request), and the boot task's end.
 *
 * <pre>
 *   spawn(program, reportsExit)    i -&gt; c   rpc: PROGRAM_NOT_FOUND if the boot image lacks it
 *   programExited(status)          c -&gt; 0   the boot task on c exited
 * </pre>
 */
@MessageInterface(id = 7, description = "spawning dispatchers on another core")
public interface Spawn
{
    @Rpc
    void spawn(String program, boolean reportsExit);

    @Message
    void programExited(long status);
}
