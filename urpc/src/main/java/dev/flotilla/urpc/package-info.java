/**
 * URPC: message channels between cores — UMP rings of cache-line messages in shared memory, LMP
 * within a core, and the {@link dev.flotilla.urpc.Interconnect} SPI that binds a channel to one of
 * them (or to the simulator's transport) when it is created.
 *
 * <h2>Design memo</h2>
 *
 * <p><b>Messages are cache lines.</b> A UMP message is seven payload words and a header word in one
 * 64-byte line (the paper's URPC; Barrelfish {@code ump_impl.h}). The receiver polls only the header
 * word of the next slot, so an idle channel costs one cached load per poll and a message costs one
 * cache-line transfer from sender to receiver. Longer messages span consecutive slots; every slot
 * carries the message type and a "more" bit, and the handler sees the message only when the last
 * slot arrived.
 *
 * <p><b>Ordering vocabulary.</b> Shared words are accessed only through {@code VarHandle}s, and the
 * access mode is part of every call:
 * <ul>
 *   <li>plain — payload words, written before the header and read after it;</li>
 *   <li>release ({@code setRelease}) — the header word and the acknowledgement lines: every earlier
 *       write (the payload) and read (the consumed slot) is ordered before it;</li>
 *   <li>acquire ({@code getAcquire}) — polling the header and reading an acknowledgement line: later
 *       reads cannot see older data than the header promised;</li>
 *   <li>opaque — counters, read by other cores without ordering;</li>
 *   <li>full fence — only in the wake-up handshake (the platform's doorbell), never on a core that
 *       busy-spins.</li>
 * </ul>
 * On x86 release and acquire compile to plain moves; only the doorbell's fence costs anything.
 *
 * <p><b>Single writer per line.</b> The sender writes its ring; the receiver writes its
 * acknowledgement line; neither ever writes a line the other writes, so no line bounces on writes
 * from both sides (Barrelfish's 2011 protocol, chosen over the later "used bit" that the receiver
 * clears, which makes every slot line move both ways).
 *
 * <p><b>Broadcast.</b> A broadcast channel ({@link dev.flotilla.urpc.BroadcastDescriptor}) is one ring written by one
 * core and polled by R readers, each of which publishes its own position on a line only it writes; the writer reads
 * those lines only when short of room. Same slot format and ordering modes as UMP; one-way, so answers go back on
 * point-to-point channels. It exists for the paper's broadcast shootdown, whose cost is exactly what it shares: R
 * fetches of every message's line from the writer's cache, and R copies invalidated before a slot is rewritten.
 *
 * <p><b>Invariants</b> (per direction, N slots): the sender's written count minus the receiver's
 * consumed count is always in [0, N]; the sender's knowledge of consumption lags reality but never
 * passes it; a slot is rewritten only after the receiver's acknowledgement covers it. Checked by the
 * contract tests, and for every interleaving the JMM allows by the jcstress tests in {@code stress}.
 */
package dev.flotilla.urpc;
