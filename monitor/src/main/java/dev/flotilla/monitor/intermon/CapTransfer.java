package dev.flotilla.monitor.intermon;

import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/**
 * Capabilities copied from one core to another (Barrelfish's {@code cap_send_request} and
 * {@code capops_recv_copy} on {@code intermon.if}): the sending monitor serialises a capability a local
 * dispatcher gave it and sends the record; the receiving monitor has its CPU driver make the copy.
 *
 * <pre>
 *   copy(transfer, type, base, size, rights, owner, relations)   i -&gt; j   rpc: answered once j's CPU driver
 *                                                                holds the copy under (i, transfer);
 *                                                                CAP_NOT_TRANSFERABLE, RANGE_IN_USE,
 *                                                                SLOT_ALLOC_NO_SPACE, INVALID_SOURCE_TYPE
 *                                                                (a type j does not know) if not
 * </pre>
 * The type travels by name (stable across builds, unlike an ordinal); rights and relations as their bits.
 */
@MessageInterface(id = 130, description = "capabilities copied from one core to another")
public interface CapTransfer
{
    /**
     * Makes a copy of the capability described, which the sender's core numbered {@code transfer}, for the
     * dispatcher that will receive the message carrying it.
     */
    @Rpc
    void copy(long transfer, String type, long base, long size, int rights, int owner, int relations);
}
