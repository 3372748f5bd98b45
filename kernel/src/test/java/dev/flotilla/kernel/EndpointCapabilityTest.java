package dev.flotilla.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.platform.memory.PhysicalMemory;
import dev.flotilla.platform.topology.NumaNode;
import dev.flotilla.urpc.Channel;
import dev.flotilla.urpc.LmpChannel;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Channel endpoints as capabilities: every dispatcher holds its DISPATCHER capability; the monitor (init here, the
 * holder of the Kernel capability) derives END_POINTs naming channel ends from its copy of a dispatcher's and hands
 * them over through transit; the dispatcher binds each once, and every bad bind fails with its own code.
 */
class EndpointCapabilityTest
{
    private static final long MIB = 1L << 20;
    private static final CapRef WORK = CapRef.inRoot(CSpaceLayout.ROOTCN_SLOT_SLOT_ALLOC0);
    private static final CapRef RECEIVE = CapRef.inRoot(CSpaceLayout.ROOTCN_SLOT_RECEIVECN);

    private PhysicalMemory memory;
    private CpuDriver kernel;
    private KernelDispatcher monitor;
    private KernelDispatcher client;
    private LmpChannel[] pair;

    private static CapRef work(final int slot)
    {
        return CapRef.of(CSpaceLayout.ROOTCN_SLOT_SLOT_ALLOC0, slot);
    }

    private static CapRef received(final int slot)
    {
        return CapRef.of(CSpaceLayout.ROOTCN_SLOT_RECEIVECN, slot);
    }

    @BeforeEach
    void boot()
    {
        memory = PhysicalMemory.reserve(4 * MIB, List.of(new NumaNode(0, List.of(0), 0, List.of())));
        kernel = new CpuDriver(0, memory);
        monitor = KernelDispatcher.spawn(kernel, "monitor");
        client = KernelDispatcher.spawn(kernel, "client");
        pair = LmpChannel.pair(0, 8);
        monitor.run(sys -> kernel.keepDispatcher(client.controlBlock(), WORK, 0));
    }

    @AfterEach
    void shutDown()
    {
        memory.close();
    }

    /** The monitor derives an endpoint naming {@code end} from the client's dispatcher capability and gives it. */
    private long handOver(final Channel end)
    {
        return monitor.call(sys ->
        {
            sys.mintEndpoint(work(0), end, WORK, 1);
            final long token = sys.give(work(1));
            sys.delete(work(1));
            return token;
        });
    }

    private void fails(final ErrorCode code, final KernelDispatcher who, final Consumer<Syscalls> body)
    {
        final CapabilityException e = assertThrows(CapabilityException.class, () -> who.run(body));
        assertEquals(code, e.code(), e.getMessage());
    }

    @Test
    void everyDispatcherHoldsItsOwnDispatcherCapability()
    {
        final Capability mine = client.call(sys -> sys.identify(CSpaceLayout.dispatcherCap()));
        final Capability monitors = monitor.call(sys -> sys.identify(CSpaceLayout.dispatcherCap()));
        assertEquals(CapType.DISPATCHER, mine.type());
        assertEquals(ObjectSizes.DISPATCHER, mine.size());
        assertNotEquals(monitors.base(), mine.base());
        assertEquals(mine, monitor.call(sys -> sys.identify(work(0)))); // the monitor's copy names the same object
    }

    @Test
    void anEndpointArrivesAsAnEndPointCapabilityAndBindsToItsChannelOnce()
    {
        final long token = handOver(pair[1]);
        client.run(sys -> sys.take(token, RECEIVE, 0));
        final Capability endpoint = client.call(sys -> sys.identify(received(0)));
        assertEquals(CapType.END_POINT, endpoint.type());
        assertEquals(client.call(sys -> sys.identify(CSpaceLayout.dispatcherCap())).base(), endpoint.base());
        assertEquals(ChannelEndpoint.State.CONNECTED, client.call(sys -> sys.endpoint(received(0))).state());

        assertSame(pair[1], client.call(sys -> sys.bindEndpoint(received(0))));
        assertEquals(ChannelEndpoint.State.BOUND, client.call(sys -> sys.endpoint(received(0))).state());
        fails(ErrorCode.ENDPOINT_ALREADY_BOUND, client, sys -> sys.bindEndpoint(received(0)));
        client.run(sys -> sys.copy(received(0), RECEIVE, 1)); // a copy names the same end, bound as well
        fails(ErrorCode.ENDPOINT_ALREADY_BOUND, client, sys -> sys.bindEndpoint(received(1)));
    }

    @Test
    void badBindsFailWithTheirCodes()
    {
        fails(ErrorCode.CAP_NOT_FOUND, client, sys -> sys.bindEndpoint(received(7)));
        fails(ErrorCode.ENDPOINT_TYPE, client, sys -> sys.bindEndpoint(CSpaceLayout.dispatcherCap()));
        client.run(sys -> sys.retype(CSpaceLayout.dispatcherCap(), 0, CapType.END_POINT, 0, 1, RECEIVE, 2));
        fails(ErrorCode.ENDPOINT_NOT_CONNECTED, client, sys -> sys.bindEndpoint(received(2)));

        // an endpoint whose listener is the monitor cannot be bound by the client that was given it
        final long theMonitors = monitor.call(sys ->
        {
            sys.mintEndpoint(CSpaceLayout.dispatcherCap(), pair[0], WORK, 2);
            return sys.give(work(2));
        });
        client.run(sys -> sys.take(theMonitors, RECEIVE, 3));
        fails(ErrorCode.NO_RIGHTS, client, sys -> sys.bindEndpoint(received(3)));
        assertSame(pair[0], monitor.call(sys -> sys.bindEndpoint(work(2))));
    }

    @Test
    void onlyTheMonitorMintsAndOnlyFromADispatcherForAnEndOfItsCore()
    {
        fails(ErrorCode.NO_RIGHTS, client, sys -> sys.mintEndpoint(CSpaceLayout.dispatcherCap(), pair[1], RECEIVE, 0));
        monitor.run(sys -> sys.retype(CSpaceLayout.superRam(0), 0, CapType.FRAME, ObjectSizes.BASE_PAGE, 1, WORK, 5));
        fails(ErrorCode.INVALID_SOURCE_TYPE, monitor, sys -> sys.mintEndpoint(work(5), pair[1], WORK, 6));
        final Channel elsewhere = LmpChannel.pair(3, 8)[0];
        fails(ErrorCode.INVALID_CORE, monitor, sys -> sys.mintEndpoint(work(0), elsewhere, WORK, 6));
        fails(ErrorCode.CHANNEL_FRAME_GONE, monitor, sys -> sys.mintEndpoint(work(0), pair[1], work(0), WORK, 6));
        fails(ErrorCode.SLOT_IN_USE, monitor, sys -> sys.mintEndpoint(work(0), pair[1], WORK, 5));
    }

    @Test
    void anEndWhoseFrameIsDeletedCannotBeBound()
    {
        final CapRef frame = work(5);
        monitor.run(sys -> sys.retype(CSpaceLayout.superRam(0), 0, CapType.FRAME, ObjectSizes.BASE_PAGE, 1, WORK, 5));
        final long[] tokens = monitor.call(sys ->
        {
            sys.mintEndpoint(work(0), pair[1], frame, WORK, 1);
            sys.mintEndpoint(work(0), pair[0], frame, WORK, 2);
            return new long[] {sys.give(work(1)), sys.give(work(2))};
        });
        client.run(sys ->
        {
            sys.take(tokens[0], RECEIVE, 0);
            sys.take(tokens[1], RECEIVE, 1);
        });
        final ChannelEndpoint named = client.call(sys -> sys.endpoint(received(0)));
        assertEquals(CapType.FRAME, named.frame().type());
        assertEquals(monitor.call(sys -> sys.identify(frame)).base(), named.frame().base());
        assertSame(pair[1], client.call(sys -> sys.bindEndpoint(received(0))));

        monitor.run(sys -> sys.delete(frame));
        fails(ErrorCode.CHANNEL_FRAME_GONE, client, sys -> sys.bindEndpoint(received(1)));
    }

    @Test
    void revokingTheRamTheFrameCameFromTearsTheUnboundEndDown()
    {
        monitor.run(sys ->
        {
            sys.retype(CSpaceLayout.superRam(0), 0, CapType.RAM, 64 * ObjectSizes.BASE_PAGE, 1, WORK, 4);
            sys.retype(work(4), 0, CapType.FRAME, ObjectSizes.BASE_PAGE, 1, WORK, 5);
        });
        final long token = monitor.call(sys ->
        {
            sys.mintEndpoint(work(0), pair[1], work(5), WORK, 1);
            return sys.give(work(1));
        });
        client.run(sys -> sys.take(token, RECEIVE, 0));
        monitor.run(sys -> sys.revoke(work(4)));
        fails(ErrorCode.CAP_NOT_FOUND, monitor, sys -> sys.identify(work(5)));
        fails(ErrorCode.CHANNEL_FRAME_GONE, client, sys -> sys.bindEndpoint(received(0)));
        assertEquals(ChannelEndpoint.State.CONNECTED, client.call(sys -> sys.endpoint(received(0))).state());
    }

    @Test
    void aDispatcherThatExitsTakesItsEndpointsWithIt()
    {
        final long token = handOver(pair[1]);
        client.run(sys -> sys.take(token, RECEIVE, 0));
        final int before = kernel.capabilitySnapshot().size();
        client.exit();
        final long endpoints = kernel.capabilitySnapshot().stream()
            .filter(record -> record.capability().type() == CapType.END_POINT).count();
        assertEquals(0, endpoints);
        assertEquals(CapType.DISPATCHER, monitor.call(sys -> sys.identify(work(0))).type()); // the monitor's copy lives on
        assertNotEquals(before, kernel.capabilitySnapshot().size());
    }
}
