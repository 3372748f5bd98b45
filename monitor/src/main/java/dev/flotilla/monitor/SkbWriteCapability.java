package dev.flotilla.monitor;

import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.CapabilityCarrier;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.kernel.CpuDriver;
import dev.flotilla.kernel.DispatcherControlBlock;
import dev.flotilla.lib.LocalCarrier;
import java.util.Optional;
import java.util.Set;

/**
 * The SKB write capability, as core 0's monitor (init) holds it: the authority to add and retract facts in the
 * System Knowledge Base. It is one page of RAM that init carves from its spawn reserve before it spawns the
 * first program that needs it, and that nobody uses as memory: the SKB accepts a capability as its write
 * capability when it names exactly that object (a copy: same type, base and size) with the W right.
 *
 * <p>Who holds it: init itself (its SKB binding presents it, so the round trips and the runtime facts are
 * written), and a copy in {@link CSpaceLayout#TASKCN_SLOT_SKB_WRITE} of every program init trusts — the boot
 * plan's services (but the memory service, which init starts with its RAM instead) and the boot task, when they
 * start on core 0. Holders hand it on as any capability (a copy,
 * across cores too, since it is RAM); a mint without W is a copy the SKB refuses. Nobody else can make one: a
 * copy of the page comes only from a holder, and a fresh retype of the same range from init's RAM would need
 * init's own capabilities.
 *
 * <p>With no RAM (a boot without memory) there is no capability to hold, and the SKB, given none, lets every
 * client write (see {@code SkbServer}). Core-confined, like its monitor; core 0 only.
 */
final class SkbWriteCapability
{
    private final CpuDriver kernel;
    private final SpawnMemory memory;
    private final Set<String> trusted;
    /** Null until first asked; then init's capability for good, or empty if init had no RAM to carve it from. */
    private Optional<CapRef> held;

    /**
     * @param trusted the programs that get a copy when they start on this core (the boot plan's services).
     */
    SkbWriteCapability(final CpuDriver kernel, final SpawnMemory memory, final Set<String> trusted)
    {
        this.kernel = kernel;
        this.memory = memory;
        this.trusted = Set.copyOf(trusted);
    }

    /** True if a dispatcher of {@code program} starting here gets a copy: a boot service, or the boot task. */
    boolean trusts(final String program, final boolean bootTask)
    {
        return bootTask || trusted.contains(program);
    }

    /** Init's own capability, carved on first use; empty when init has no RAM. */
    Optional<CapRef> held()
    {
        if (held == null)
        {
            held = memory.page();
        }
        return held;
    }

    /** Puts a copy in {@code child}'s task slot, if init holds one. Must run in the monitor's upcall. */
    void handTo(final DispatcherControlBlock child)
    {
        held().ifPresent(own -> kernel.giveTask(child, own, CSpaceLayout.TASKCN_SLOT_SKB_WRITE));
    }

    /**
     * How the monitor's own capabilities travel on its binding to the SKB (on core 0, as the SKB is): through
     * the CPU driver, as for dispatchers. The monitor only gives; it is never sent one.
     */
    CapabilityCarrier carrier()
    {
        return LocalCarrier.giveOnly(kernel.syscalls(), "the SKB sends the monitor no capabilities");
    }
}
