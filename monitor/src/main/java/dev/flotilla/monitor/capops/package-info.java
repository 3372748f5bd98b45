/**
 * Distributed capability operations (Barrelfish's {@code capops}): retype, delete and revoke of capabilities
 * whose relatives live on several cores, each a protocol class with its states and message sequence
 * ({@link dev.flotilla.monitor.capops.DistributedRetype}, {@link dev.flotilla.monitor.capops.DistributedDelete},
 * {@link dev.flotilla.monitor.capops.DistributedRevoke}) over the {@code CapOps} interface (id 160), routed by
 * {@link dev.flotilla.monitor.capops.CapOpsService}.
 *
 * <p><b>Design memo.</b> Every object has one owner core, named by all its copies; the owner serialises every
 * distributed operation on the object in a queue ({@code ObjectQueue}) and holds a kernel lock on it while one
 * runs, so the CPU driver sends the owner's own conflicting system calls to the monitor too. A core whose copies
 * carry no remote-relation bits never sends a message: the CPU driver decides alone, as before. The CPU driver
 * asks for the monitor ({@code RETRY_THROUGH_MONITOR}) exactly when
 * <ul>
 *   <li>retype: the source is a foreign copy, locked, or has {@code UNTRACKED_DESCENDANTS} (the owner's own
 *       retypes stay local otherwise: only the owner makes objects from it, and every descendant that left this
 *       core is kept here as the CPU driver's record of the remote copy, so the local "revoke first" test sees
 *       every core's);</li>
 *   <li>delete: a locked object (and {@code CapOperations} brings the owner's last local copy with copies
 *       elsewhere too, which must hand the ownership on; the system call itself deletes it, leaving an orphan);
 *       the dispatcher gives its copy away and the monitor deletes it when the object is free;</li>
 *   <li>revoke: copies or descendants may live on other cores, or the object is locked.</li>
 * </ul>
 * The owner's steps on other cores ({@code find}, {@code lock}, {@code sweep}, {@code setOwner}, {@code made}) are
 * each one monitor-only system call answered at once, never queued: an operation waits only for answers, never
 * for another queue, so operations on one object cannot deadlock. Operations on different objects (an object
 * and an ancestor) are not serialised with each other; their per-core checks are what keeps ranges disjoint.
 *
 * <p>Every step is split-phase ({@link dev.flotilla.monitor.capops.Gather}): the monitor never blocks.
 */
package dev.flotilla.monitor.capops;
