package dev.flotilla.shell;

import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;
import dev.flotilla.lib.CoreStatus;

/**
 * Between the shell's dispatchers: the dispatcher on core 0 reads the command lines and hands
 * {@code on CORE COMMAND} to the dispatcher on CORE; {@code ping} measures round trips between two of them.
 * Every dispatcher {@code N > 0} exports {@code fish.N}; a dispatcher binds to another the first time it
 * needs it.
 *
 * <pre>
 *   run(line, json)   caller -&gt; fish.N   rpc: N runs the command in its own session: Outcome(ok, error, text)
 *   echo(value)       caller -&gt; fish.N   rpc: the value back (one round trip of ping)
 *   status()          caller -&gt; fish.N   rpc: N's monitor's view of core N (for cores and top)
 *   threads()         caller -&gt; fish.N   rpc: the threads of each domain's dispatcher on core N (for ps)
 *   receive(name, cap) caller -&gt; fish.N  rpc: N binds name to the capability (caps copy SRC NAME to N);
 *                                         the monitors carry the capability, the message waits for it
 * </pre>
 */
@MessageInterface(id = 100, description = "the shell's dispatchers on different cores")
public interface FishInterface
{
    /** The shell's dispatcher on core N exports this prefix followed by N. */
    String SERVICE_PREFIX = "fish.";

    /**
     * What one command did.
     *
     * @param ok    whether it succeeded.
     * @param error the error code's name when it failed, else empty.
     * @param text  what it prints: its output (a JSON line in JSON mode), or the one-line error.
     */
    record Outcome(boolean ok, String error, String text)
    {
    }

    /** Runs {@code line} in the receiving dispatcher's session; {@code json} selects the one-line JSON form. */
    @Rpc
    Outcome run(String line, boolean json);

    /** Answers {@code value}: one round trip. */
    @Rpc
    long echo(long value);

    /** The receiving core's status, from its monitor. */
    @Rpc
    CoreStatus status();

    /** The receiving core's dispatchers of domains and their threads ({@code domain<TAB>threads} lines). */
    @Rpc
    String threads();

    /** The receiver binds {@code name} to {@code capability}, a copy of the sender's, in a slot of its own. */
    @Rpc
    void receive(String name, CapRef capability);
}
