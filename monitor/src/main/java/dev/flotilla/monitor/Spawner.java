package dev.flotilla.monitor;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.Completion;
import dev.flotilla.idl.Port;
import dev.flotilla.kernel.DispatcherControlBlock;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Launch;
import dev.flotilla.lib.Program;
import dev.flotilla.monitor.intermon.SpawnBinding;
import dev.flotilla.monitor.intermon.SpawnHandler;
import dev.flotilla.urpc.ChannelSetup;
import java.util.Optional;

/**
 * Spawning dispatchers from the boot image, on this core or through another core's monitor
 * ({@link dev.flotilla.monitor.intermon.Spawn}, Barrelfish's spawnd request), and reporting the boot
 * task's end to core 0.
 *
 * <pre>
 *   i -&gt; c:   spawn(program, reportsExit)   c starts it: an LMP channel to its monitor, a piece of RAM if
 *                                          c's monitor has some ({@link SpawnMemory}); PROGRAM_NOT_FOUND if
 *                                          the boot image lacks it
 *   c -&gt; 0:   programExited(status)          the boot task (reportsExit) on c exited
 * </pre>
 */
final class Spawner implements Protocol, SpawnHandler
{
    private final Monitor monitor;
    private final BootImage image;
    private final SpawnMemory memory;
    private final SpawnBinding[] peers;
    /** The boot plan's memory service, spawned on core 0 only; null on other cores or without one. */
    private final String memoryService;
    private boolean memoryServiceStarted;

    /** Core 0: init's SKB write capability and whom it hands copies to; null on other cores. */
    private final SkbWriteCapability skbWrite;

    /** @param trusted core 0: the programs that start with the SKB write capability (the boot plan's services). */
    Spawner(final Monitor monitor, final BootImage image, final String memoryService, final java.util.Set<String> trusted)
    {
        this.monitor = monitor;
        this.image = image;
        this.memory = new SpawnMemory(monitor.kernel());
        this.peers = new SpawnBinding[monitor.config().cores()];
        this.memoryService = memoryService;
        this.skbWrite = monitor.core() == 0 ? new SkbWriteCapability(monitor.kernel(), memory, trusted) : null;
    }

    /** Core 0: a piece of init's RAM for a monitor's channel frames ({@link ChannelMemory}), or empty. */
    Optional<CapRef> channelRam()
    {
        return memory.channelRam(ChannelMemory.PER_CORE);
    }

    /** After a piece of {@link #channelRam()} was copied or given away: the monitor lets go of its own copy. */
    void handedOver(final CapRef piece)
    {
        memory.handedOver(piece);
    }

    /** Core 0: init's SKB write capability; null on other cores. */
    SkbWriteCapability skbWrite()
    {
        return skbWrite;
    }

    @Override
    public void attach(final int peer, final Port port)
    {
        peers[peer] = new SpawnBinding(port, this);
    }

    /**
     * Starts {@code launch}'s program from the boot image in a new dispatcher on this core.
     *
     * @param reportsExit true if core 0 must learn when it exits (the boot task).
     * @return empty on success, else why not.
     */
    Optional<ErrorCode> spawnLocal(final Launch launch, final boolean reportsExit)
    {
        final String program = launch.program();
        final Optional<Program> code = image.instantiate(program);
        if (code.isEmpty())
        {
            return Optional.of(ErrorCode.PROGRAM_NOT_FOUND);
        }
        final int core = monitor.core();
        final ChannelSetup lmp = monitor.interconnect().create(core, core, monitor.config().ringSlots());
        final Dispatcher dispatcher = new Dispatcher(launch.inSystemOf(monitor.config().cores()), monitor.kernel(), lmp.peer(), monitor.clock(), code.get());
        if (launch.program().equals(memoryService) && !memoryServiceStarted)
        {
            // init hands the memory service its RAM, one capability per node (BootPlan.memoryService)
            memoryServiceStarted = true;
            final java.util.List<CapRef> rams = memory.grantMemoryService();
            final DispatcherControlBlock service = monitor.kernel().spawn(program, dispatcher, rams);
            rams.forEach(memory::handedOver);
            monitor.locals().add(launch, lmp.local(), reportsExit, service);
            monitor.facts().dispatcherStarted(program);
            return Optional.empty();
        }
        final Optional<CapRef> ram = memory.grant();
        final DispatcherControlBlock child;
        if (ram.isPresent())
        {
            child = monitor.kernel().spawn(program, dispatcher, ram.get());
            memory.handedOver(ram.get());
        }
        else
        {
            child = monitor.kernel().spawn(program, dispatcher);
        }
        if (skbWrite != null && skbWrite.trusts(program, reportsExit))
        {
            skbWrite.handTo(child); // before the child's first dispatch, so it starts holding it
        }
        monitor.locals().add(launch, lmp.local(), reportsExit, child);
        monitor.facts().dispatcherStarted(program);
        return Optional.empty();
    }

    /** Starts {@code program} on {@code core}, here or through that core's monitor. */
    void spawn(final int core, final String program, final boolean reportsExit, final Completion<Void> done)
    {
        if (core < 0 || core >= monitor.config().cores())
        {
            done.complete(null, ErrorCode.INVALID_CORE);
        }
        else if (core == monitor.core())
        {
            done.complete(null, spawnLocal(Launch.program(program), reportsExit).orElse(null));
        }
        else
        {
            peers[core].spawn(program, reportsExit, done);
        }
    }

    @Override
    public void onSpawn(final SpawnBinding.SpawnRequest request, final String program, final boolean reportsExit)
    {
        request.answer(spawnLocal(Launch.program(program), reportsExit).orElse(null));
    }

    /** The boot task, spawned on this core, exited with {@code status}: core 0 halts the system. */
    void programExited(final long status)
    {
        if (monitor.isBootstrap())
        {
            monitor.coordinator().onBootTaskExited(status, monitor.now());
        }
        else
        {
            peers[0].programExited(status);
        }
    }

    @Override
    public void onProgramExited(final SpawnBinding from, final long status)
    {
        monitor.coordinator().onBootTaskExited(status, monitor.now());
    }
}
