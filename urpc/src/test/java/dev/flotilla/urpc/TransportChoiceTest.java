package dev.flotilla.urpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.platform.IdlePolicy;
import dev.flotilla.platform.linux.LinuxPlatform;
import dev.flotilla.platform.linux.SysfsDiscovery;
import org.junit.jupiter.api.Test;

/** The native interconnect makes the transport asked for: UMP within one core too; LMP across cores it refuses. */
class TransportChoiceTest
{
    @Test
    void aUmpRingJoinsTwoEndpointsOfOneCore()
    {
        try (LinuxPlatform platform = new LinuxPlatform(SysfsDiscovery.discoverHost(), 2, IdlePolicy.POLL_THEN_BLOCK))
        {
            final ChannelSetup setup = new SharedMemoryInterconnect(platform).create(1, 1, 4, Transport.UMP);
            assertNotNull(setup.peer(), "one core: the creator attached the other end itself");
            assertNotNull(setup.descriptor());
            assertEquals(Transport.UMP, setup.local().transport());
            assertEquals(Transport.UMP, setup.peer().transport());
            assertEquals(1, setup.peer().localCore());
            assertTrue(setup.local().trySend(3, 41L));
            final long[] got = new long[1];
            assertEquals(1, setup.peer().poll((c, type, payload, length) -> got[0] = payload[0] + type, 4));
            assertEquals(44L, got[0]);
        }
    }

    @Test
    void aTransportItCannotMakeIsRefusedWithItsCode()
    {
        try (LinuxPlatform platform = new LinuxPlatform(SysfsDiscovery.discoverHost(), 2, IdlePolicy.POLL_THEN_BLOCK))
        {
            final SharedMemoryInterconnect interconnect = new SharedMemoryInterconnect(platform);
            assertEquals(ErrorCode.TRANSPORT_UNAVAILABLE,
                assertThrows(FlotillaException.class, () -> interconnect.create(0, 1, 4, Transport.LMP)).code());
            assertEquals(ErrorCode.TRANSPORT_UNAVAILABLE,
                assertThrows(FlotillaException.class, () -> interconnect.create(0, 0, 4, Transport.SIM)).code());
            assertEquals(Transport.LMP, interconnect.create(0, 0, 4).local().transport(), "the built-in rule, as before");
            assertEquals(Transport.UMP, interconnect.create(0, 1, 4).local().transport());
        }
    }
}
