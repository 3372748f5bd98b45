package dev.flotilla.kernel;

import dev.flotilla.urpc.Channel;
import java.util.HashMap;
import java.util.Map;

/**
 * Channel endpoints in transit between dispatchers of one core: when the monitor binds a channel for
 * a dispatcher it deposits the endpoint here and sends the slot number over LMP, and the dispatcher
 * withdraws it — the CPU driver's part of handing over an endpoint capability (Barrelfish's kernel
 * copies the capability into a receive slot of the receiver's CSpace).
 *
 * <p>Core-confined; a slot is withdrawn at most once.
 */
public final class EndpointTable
{
    private final CpuDriver kernel;
    private final Map<Integer, Channel> slots = new HashMap<>();
    private int next = 1;

    EndpointTable(final CpuDriver kernel)
    {
        this.kernel = kernel;
    }

    /** Stores {@code endpoint} and returns the slot that names it. */
    public int deposit(final Channel endpoint)
    {
        kernel.assertOnCore();
        if (endpoint.localCore() != kernel.core())
        {
            throw new IllegalArgumentException("endpoint of core " + endpoint.localCore() + " deposited on core "
                + kernel.core());
        }
        final int slot = next++;
        slots.put(slot, endpoint);
        return slot;
    }

    /**
     * Takes the endpoint out of {@code slot}.
     *
     * @throws IllegalArgumentException if the slot holds nothing.
     */
    public Channel withdraw(final int slot)
    {
        kernel.assertOnCore();
        final Channel endpoint = slots.remove(slot);
        if (endpoint == null)
        {
            throw new IllegalArgumentException("endpoint slot " + slot + " on core " + kernel.core() + " is empty");
        }
        return endpoint;
    }

    /** Endpoints deposited and not yet withdrawn. */
    public int size()
    {
        return slots.size();
    }
}
