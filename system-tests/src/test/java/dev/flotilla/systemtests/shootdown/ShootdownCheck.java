package dev.flotilla.systemtests.shootdown;

import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/**
 * The shootdown system test's spanned dispatchers and its first: each spanned dispatcher reports what it saw and
 * waits for the first's next command.
 *
 * <pre>
 *   next(core, observed)   spanned -&gt; first   rpc: observed is "mapped", "readable" or the code its read of the
 *                                            page faulted with; reply: 1 read the page, 2 map it again, 0 stop
 * </pre>
 */
@MessageInterface(id = 173, description = "the shootdown system test's roll call")
public interface ShootdownCheck
{
    @Rpc
    int next(int core, String observed);
}
