package dev.flotilla.lib.vm;

import dev.flotilla.caps.CapType;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.kernel.CpuDriver;
import dev.flotilla.kernel.Syscalls;
import dev.flotilla.kernel.Upcall;
import dev.flotilla.lib.mem.RamAllocator;
import dev.flotilla.lib.mem.SlotAllocator;
import dev.flotilla.platform.memory.PhysicalMemory;
import java.util.List;
import java.util.function.Consumer;

/**
 * Core 0 with {@code bytes} of physical memory and its first dispatcher, which holds the initial RAM; each
 * {@link #run} executes code inside that dispatcher's upcall, in one step, with its allocators and vspace.
 */
public final class TestDomain implements Upcall, AutoCloseable
{
    public final PhysicalMemory memory;
    public final CpuDriver kernel;
    public SlotAllocator slots;
    public RamAllocator ram;
    public VSpace vspace;
    private Consumer<TestDomain> action;

    public TestDomain(final long bytes)
    {
        memory = PhysicalMemory.reserve(bytes, List.of());
        kernel = new CpuDriver(0, memory);
        kernel.spawn("domain", this);
        run(d ->
        {
            ram = new RamAllocator(d.sys(), List.of(CSpaceLayout.superRam(0)));
            slots = SlotAllocator.forDispatcher().growFrom(ram);
            vspace = VSpace.create(d.sys(), slots, ram);
        });
    }

    /** A fresh frame of {@code bytes} from the domain's RAM, aligned to {@code alignment}, in a fresh slot. */
    public CapRef frame(final long bytes, final long alignment)
    {
        final CapRef slot = slots.allocate();
        ram.retype(CapType.FRAME, bytes, alignment, slot);
        return slot;
    }

    public Syscalls sys()
    {
        return kernel.syscalls();
    }

    /** Runs {@code body} as the dispatcher; its exception propagates. */
    public void run(final Consumer<TestDomain> body)
    {
        action = body;
        try
        {
            kernel.doWork(0);
        }
        finally
        {
            action = null;
        }
    }

    @Override
    public int run(final long nowNs)
    {
        if (action == null)
        {
            return 0;
        }
        final Consumer<TestDomain> body = action;
        action = null;
        body.accept(this);
        return 1;
    }

    @Override
    public boolean hasExited()
    {
        return false;
    }

    @Override
    public void close()
    {
        memory.close();
    }
}
