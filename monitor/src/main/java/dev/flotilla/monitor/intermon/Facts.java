package dev.flotilla.monitor.intermon;

import dev.flotilla.idl.Message;
import dev.flotilla.idl.MessageInterface;

/**
 * Runtime facts: core 0 keeps the SKB's record of what runs where; every monitor reports its
 * dispatchers' starts and exits.
 *
 * <pre>
 *   dispatcherStarted(program)    i -&gt; 0   i spawned a dispatcher of program
 *   dispatcherExited(program)     i -&gt; 0   one of them exited
 * </pre>
 */
@MessageInterface(id = 9, description = "what runs where, reported to core 0")
public interface Facts
{
    @Message
    void dispatcherStarted(String program);

    @Message
    void dispatcherExited(String program);
}
