package dev.flotilla.platform;

/**
 * Where one core's kernel runs on the host and whether it is pinned there.
 *
 * @param core    the Flotilla core id (kernel number).
 * @param cpu     the host CPU it was assigned; on the simulator, the simulated core.
 * @param pinned  true if {@code sched_getaffinity} confirmed that the thread runs on {@code cpu} only.
 * @param shared  true if another core was assigned the same CPU (more kernels than CPUs).
 * @param detail  why pinning was refused, or an empty string.
 */
public record PinStatus(int core, int cpu, boolean pinned, boolean shared, String detail)
{
}
