package dev.flotilla.runtime;

import dev.flotilla.monitor.BootOutcome;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.platform.PinStatus;
import dev.flotilla.platform.topology.Machine;
import java.util.List;
import java.util.Optional;

/**
 * Everything the boot report shows.
 *
 * @param machine      the (discovered or simulated) machine.
 * @param platformName {@code native} or {@code sim:<machine>}.
 * @param simulated    true if every time in it is virtual.
 * @param config       what the monitors were told.
 * @param pins         where each started core ran and whether it was pinned.
 * @param outcome      the bootstrap monitor's record, if core 0 halted in order.
 * @param error        why the boot failed, if it did.
 */
public record BootResult(Machine machine, String platformName, boolean simulated, MonitorConfig config,
    List<PinStatus> pins, Optional<BootOutcome> outcome, Optional<String> error)
{
    /** True if every core booted, was measured and halted in order. */
    public boolean succeeded()
    {
        return error.isEmpty() && outcome.isPresent();
    }
}
