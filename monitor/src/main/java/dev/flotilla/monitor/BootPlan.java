package dev.flotilla.monitor;

import java.util.List;
import java.util.Optional;

/**
 * What core 0 starts besides the monitors: services spawned on core 0 before any other core boots
 * (Barrelfish's BSP monitor starts mem_serv, ramfsd and the SKB first), and the boot task — the
 * program the system runs once it is up. With a task, the system halts when the task exits; without
 * one, right after the round-trip measurement.
 *
 * @param services      programs from the boot image to spawn on core 0 first, in order.
 * @param task          the boot task's program, if any.
 * @param taskCore      the core the boot task runs on.
 * @param memoryService the service among {@code services} that init gives its RAM to (memserv): one RAM
 *                      capability per NUMA node, all of init's memory but the spawn reserve
 *                      ({@link SpawnMemory#reserveFor}). Without one, init keeps all its RAM for spawns.
 * @param memoryCores   the other cores the memory service starts on once every core is up, before the task:
 *                      one per NUMA node with memory but core 0's (the runtime knows the topology; monitors
 *                      do not).
 * @param everyCore     programs started on every core once every core is up, before the task (spawnd), core 0
 *                      first; a core that fails to start one is a boot failure.
 */
public record BootPlan(List<String> services, Optional<String> task, int taskCore, Optional<String> memoryService,
    List<Integer> memoryCores, List<String> everyCore)
{
    /** Boot, measure, halt: nothing else. */
    public static final BootPlan NONE = new BootPlan(List.of(), Optional.empty(), 0);

    public BootPlan
    {
        services = List.copyOf(services);
        memoryCores = List.copyOf(memoryCores);
        everyCore = List.copyOf(everyCore);
        if (taskCore < 0)
        {
            throw new IllegalArgumentException("task core must not be negative, was " + taskCore);
        }
        if (memoryService.isPresent() && !services.contains(memoryService.get()))
        {
            throw new IllegalArgumentException("the memory service '" + memoryService.get() + "' is not among the"
                + " services " + services);
        }
    }

    /** A plan with nothing started on every core. */
    public BootPlan(final List<String> services, final Optional<String> task, final int taskCore,
        final Optional<String> memoryService, final List<Integer> memoryCores)
    {
        this(services, task, taskCore, memoryService, memoryCores, List.of());
    }

    /** A plan without a memory service. */
    public BootPlan(final List<String> services, final Optional<String> task, final int taskCore)
    {
        this(services, task, taskCore, Optional.empty(), List.of());
    }
}
