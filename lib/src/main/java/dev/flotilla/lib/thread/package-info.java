/**
 * User-level threads inside one dispatcher: a round-robin {@link dev.flotilla.lib.thread.ThreadScheduler}
 * of {@link dev.flotilla.lib.thread.UThread}s built on JDK continuations, with the blocking primitives made
 * from it — wait queues, park/unpark, {@link dev.flotilla.lib.thread.Mutex},
 * {@link dev.flotilla.lib.thread.CondVar}, and the scheduler as the {@code idl.Blocker} that blocking
 * RPCs wait with.
 *
 * <p><b>Design memo.</b> A thread is a {@code jdk.internal.vm.Continuation} run by the core's own thread;
 * blocking yields the continuation, never the platform thread, so the rule "OS code never blocks" holds:
 * every wait ends in {@code runReady} returning to the dispatcher. Everything here is core-confined and
 * single-threaded, so there are no locks and no memory-ordering arguments; the races that remain are
 * orderings on one core — a message handler completing a request before or after the thread that made it
 * blocks — and each primitive says how it closes them: wait queues by a condition re-checked with no switch
 * before the block, park/unpark by a permit, completions by being a state rather than a signal.
 *
 * <p>What the JVM does not give: <em>preemption</em> — a thread that never yields keeps its core until it
 * does; and <em>unmounting a pinned stack</em> — a thread with a native frame on its stack cannot yield
 * (the operation throws {@code THREAD_PINNED}), and one holding a Java monitor can, but must not (see
 * {@code MonitorCheck}). See {@code docs/08-threads.md}.
 */
package dev.flotilla.lib.thread;
