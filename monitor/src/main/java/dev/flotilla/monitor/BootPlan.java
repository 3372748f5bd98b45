package dev.flotilla.monitor;

import java.util.List;
import java.util.Optional;

/**
 * What core 0 starts besides the monitors: services spawned on core 0 before any other core boots
 * (Barrelfish's BSP monitor starts mem_serv, ramfsd and the SKB first), and the boot task — the
 * program the system runs once it is up. With a task, the system halts when the task exits; without
 * one, right after the round-trip measurement.
 *
 * @param services programs from the boot image to spawn on core 0 first, in order.
 * @param task     the boot task's program, if any.
 * @param taskCore the core the boot task runs on.
 */
public record BootPlan(List<String> services, Optional<String> task, int taskCore)
{
    /** Boot, measure, halt: nothing else. */
    public static final BootPlan NONE = new BootPlan(List.of(), Optional.empty(), 0);

    public BootPlan
    {
        services = List.copyOf(services);
        if (taskCore < 0)
        {
            throw new IllegalArgumentException("task core must not be negative, was " + taskCore);
        }
    }
}
