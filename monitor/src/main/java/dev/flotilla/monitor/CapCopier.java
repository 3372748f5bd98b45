package dev.flotilla.monitor;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.CapabilityRecord;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.Completion;
import dev.flotilla.idl.Port;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.kernel.Syscalls;
import dev.flotilla.monitor.intermon.CapTransfer;
import dev.flotilla.monitor.intermon.CapTransferBinding;
import dev.flotilla.monitor.intermon.CapTransferHandler;
import java.util.HashMap;
import java.util.Map;

/**
 * Copies capabilities to other cores ({@link CapTransfer}; Barrelfish's {@code capops} copy): a local
 * dispatcher gives a capability to its CPU driver and asks this monitor to carry it; this monitor takes it,
 * has the CPU driver serialise it (which also records the remote copy and marks the local relatives'
 * remote-relation bits), and sends the record to the destination's monitor, which has its CPU driver make
 * the copy and keep it for the receiving dispatcher.
 *
 * <pre>
 *   dispatcher d on i -&gt; monitor i:   sendCapability(j, T)           (MonitorInterface)
 *   monitor i:   take T into its own CSpace, serialise, delete its own copy      TAKEN -&gt; SENT
 *   i -&gt; j:      copy(T, record)                                     j's CPU driver keeps it under (i, T)
 *   j -&gt; i:      answer (or the code j refused with)                 SENT -&gt; ANSWERED
 *   monitor i -&gt; d:   answer: d's port now sends the message whose word is T
 * </pre>
 *
 * <p>Every check that can fail on the sender's side — the capability is gone, lacks GRANT, or stays on its
 * core — fails before anything is sent to {@code j}; what {@code j} refuses comes back as its code. Both
 * answers reach the dispatcher, whose port then drops the message it held.
 */
final class CapCopier implements Protocol, CapTransferHandler
{
    /** Where one outgoing transfer is. */
    enum Step
    {
        /** The monitor took the capability from its CPU driver's transit and serialised it. */
        TAKEN,
        /** The record is on its way to the other monitor. */
        SENT,
        /** The other monitor answered (made the copy, or refused it). */
        ANSWERED
    }

    /** This monitor's own slot for a capability it is carrying: used and emptied within one handler. */
    private static final CapRef CARRIED = CapRef.of(CSpaceLayout.ROOTCN_SLOT_RECEIVECN, 0);

    private final Monitor monitor;
    private final CapTransferBinding[] peers;
    private final Map<Long, Step> outgoing = new HashMap<>();
    /** What each transfer in the SENT step carries: a revoke's mark waits until none related to it is on the wire. */
    private final Map<Long, Capability> carrying = new HashMap<>();
    /** Marks waiting for related copies on the wire to be answered: the test and what to run then. */
    private final java.util.List<Map.Entry<java.util.function.Predicate<Capability>, Runnable>> drains =
        new java.util.ArrayList<>();
    private long copiesSent;
    private long copiesReceived;
    private long refused;

    CapCopier(final Monitor monitor)
    {
        this.monitor = monitor;
        this.peers = new CapTransferBinding[monitor.config().cores()];
    }

    @Override
    public void attach(final int peer, final Port port)
    {
        peers[peer] = new CapTransferBinding(port, this);
    }

    /**
     * Carries the capability a local dispatcher gave as {@code transfer} to {@code core}; {@code done} runs when
     * {@code core}'s CPU driver holds the copy, or with why not.
     */
    void send(final int core, final long transfer, final Completion<Void> done)
    {
        if (core < 0 || core >= peers.length || core == monitor.core() || peers[core] == null)
        {
            refused++;
            done.complete(null, ErrorCode.INVALID_CORE);
            return;
        }
        final Syscalls syscalls = monitor.kernel().syscalls();
        final CapabilityRecord record;
        try
        {
            syscalls.take(transfer, CapRef.inRoot(CSpaceLayout.ROOTCN_SLOT_RECEIVECN), CARRIED.l2Slot());
        }
        catch (final CapabilityException gone)
        {
            refused++;
            done.complete(null, gone.code());
            return;
        }
        try
        {
            outgoing.put(transfer, Step.TAKEN);
            record = syscalls.sendCopy(CARRIED, core);
        }
        catch (final CapabilityException notThis)
        {
            outgoing.remove(transfer);
            refused++;
            done.complete(null, notThis.code());
            return;
        }
        finally
        {
            // the CPU driver keeps its own record of the remote copy. Deleted alone: a distributed operation may
            // hold the object (an owner's retype or delete), and a plain delete would be refused for it, leaving
            // this slot full and the handler failed; taken and deleted in one step, the carried copy never
            // changes what that operation sees.
            syscalls.deleteAlone(CARRIED);
        }
        final Capability cap = record.capability();
        outgoing.put(transfer, Step.SENT);
        carrying.put(transfer, cap);
        peers[core].copy(transfer, cap.type().name(), cap.base(), cap.size(), cap.rights().bits(), record.owner(),
            record.relations(), (none, error) ->
            {
                outgoing.remove(transfer); // ANSWERED: nothing more to track
                carrying.remove(transfer);
                drained();
                if (error == null)
                {
                    copiesSent++;
                }
                else
                {
                    refused++;
                }
                done.complete(null, error);
            });
    }

    @Override
    public void onCopy(final CapTransferBinding.CopyRequest request, final long transfer, final String type,
        final long base, final long size, final int rights, final int owner, final int relations)
    {
        final int from = Monitor.peerOf(request.binding());
        final CapabilityRecord record;
        try
        {
            record = new CapabilityRecord(Capability.of(CapType.valueOf(type), new CapRights(rights), base, size), owner,
                relations);
        }
        catch (final IllegalArgumentException bad)
        {
            request.fail(ErrorCode.INVALID_SOURCE_TYPE); // an unknown type, rights or range: nothing is made
            return;
        }
        try
        {
            monitor.kernel().syscalls().receiveCopy(from, transfer, record);
        }
        catch (final CapabilityException refusedHere)
        {
            request.fail(refusedHere.code());
            return;
        }
        catch (final IllegalArgumentException badBits)
        {
            request.fail(ErrorCode.INVALID_SOURCE_TYPE);
            return;
        }
        copiesReceived++;
        request.answer(null);
    }

    /**
     * Runs {@code then} once no copy of a capability {@code related} accepts is on its way to another core (at
     * once if none is): a revoke's mark answers only then, so every copy the sweep must find has arrived (or
     * been refused) by the time it starts.
     */
    void afterCopiesOf(final java.util.function.Predicate<Capability> related, final Runnable then)
    {
        if (carrying.values().stream().noneMatch(related))
        {
            then.run();
        }
        else
        {
            drains.add(Map.entry(related, then));
        }
    }

    private void drained()
    {
        for (final var waiting : java.util.List.copyOf(drains))
        {
            if (carrying.values().stream().noneMatch(waiting.getKey()))
            {
                drains.remove(waiting);
                waiting.getValue().run();
            }
        }
    }

    /** Where each transfer this monitor is carrying stands (empty once all are answered). */
    Map<Long, Step> outgoing()
    {
        return Map.copyOf(outgoing);
    }

    /** Copies this monitor sent that the other core made. */
    long copiesSent()
    {
        return copiesSent;
    }

    /** Copies other monitors sent that this core made. */
    long copiesReceived()
    {
        return copiesReceived;
    }

    /** Transfers that failed, here or at the other core. */
    long refused()
    {
        return refused;
    }
}
