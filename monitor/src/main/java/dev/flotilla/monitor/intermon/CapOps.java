package dev.flotilla.monitor.intermon;

import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/**
 * The distributed capability operations between monitors (Barrelfish's {@code capops} messages on
 * {@code intermon.if}), handled by {@code dev.flotilla.monitor.capops}. An object travels as its name — type
 * (by name), base and size — since slots mean nothing on another core. Requests go to the object's owner,
 * which serialises every operation on the object; the owner fans the per-core questions and steps out to every
 * other core and collects the answers.
 *
 * <pre>
 *   requester -&gt; owner (forwarded by a core that knows a newer owner; hops counts the forwards):
 *     retype(object, rights, offset, type, objectSize, count, hops, requester)   rpc: the owner retyped its
 *                                                   copy and sent each new capability to the requester (the
 *                                                   core that asked first, not the one that forwarded) as a
 *                                                   record; the answer is the first transfer number
 *     revoke(object, hops, requester)               rpc: every other core marked, then swept the object; the
 *                                                   requester (the revoker, not a core that forwarded) owns it
 *                                                   now (it holds the only copies)
 *
 *   owner -&gt; every other core:
 *     find(object, rangeBase, rangeSize)            rpc: FOUND_* bits: copies here, a descendant overlapping
 *                                                   the range, any descendant here
 *     lock(object, mode)                            rpc: LockObject mode (LOCK, MARK, UNLOCK) set here
 *     sweep(object, descendants)                    rpc: every copy (and descendant) here deleted, mappings
 *                                                   unmapped; the answer is how many went
 *     setOwner(object, owner, set, clear)           rpc: the copies here name the new owner, bits changed
 *
 *   owner -&gt; requester, before the retype's answer (the owner answers once every made was answered, since
 *   a forwarded answer goes back by another path):
 *     made(object of the new capability, rights, owner, relations, transfer)   rpc: the requester's CPU driver
 *                                                   keeps the copy under (owner, transfer)
 * </pre>
 * Interface ids 160–169 are kept for the distributed capability operations.
 */
@MessageInterface(id = 160, description = "distributed capability operations: retype, delete, revoke")
public interface CapOps
{
    /** find: this core holds copies of the object. */
    int FOUND_COPIES = 1;
    /** find: a descendant here overlaps the range. */
    int FOUND_IN_RANGE = 1 << 1;
    /** find: some descendant lives here. */
    int FOUND_DESCENDANTS = 1 << 2;

    @Rpc
    long retype(String type, long base, long size, int rights, long offset, String newType, long objectSize, int count,
        int hops, int requester);

    @Rpc
    void revoke(String type, long base, long size, int hops, int requester);

    @Rpc
    int find(String type, long base, long size, long rangeBase, long rangeSize);

    @Rpc
    void lock(String type, long base, long size, String mode);

    @Rpc
    int sweep(String type, long base, long size, boolean descendants);

    @Rpc
    void setOwner(String type, long base, long size, int owner, int set, int clear);

    @Rpc
    void made(String type, long base, long size, int rights, int owner, int relations, long transfer);
}
