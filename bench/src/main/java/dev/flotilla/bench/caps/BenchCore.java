package dev.flotilla.bench.caps;

import dev.flotilla.kernel.CpuDriver;
import dev.flotilla.kernel.Syscalls;
import dev.flotilla.kernel.Upcall;
import dev.flotilla.platform.memory.PhysicalMemory;
import java.util.List;
import java.util.function.Consumer;

/**
 * Core 0 of a machine with {@code bytes} of physical memory and one dispatcher — init, holding the initial
 * RAM — stepped by the benchmark's own thread: {@link #step} runs an action inside the dispatcher's upcall,
 * as system calls must run, in one step of the CPU driver.
 */
final class BenchCore implements Upcall, AutoCloseable
{
    final PhysicalMemory memory;
    final CpuDriver kernel;
    private Consumer<Syscalls> action;

    BenchCore(final long bytes)
    {
        memory = PhysicalMemory.reserve(bytes, List.of());
        kernel = new CpuDriver(0, memory);
        kernel.spawn("bench", this);
    }

    /** Runs {@code body} as the dispatcher, in one step. */
    void step(final Consumer<Syscalls> body)
    {
        action = body;
        kernel.doWork(0);
    }

    @Override
    public int run(final long nowNs)
    {
        final Consumer<Syscalls> body = action;
        action = null;
        if (body != null)
        {
            body.accept(kernel.syscalls());
        }
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
