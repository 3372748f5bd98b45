package dev.flotilla.kernel;

import dev.flotilla.caps.cspace.CapRef;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A dispatcher for kernel tests: each {@link #call} runs one piece of code inside this dispatcher's upcall,
 * in one step of its CPU driver, so that the code's system calls act on this dispatcher's CSpace.
 */
final class KernelDispatcher implements Upcall
{
    private final CpuDriver kernel;
    private Function<Syscalls, ?> action;
    private Object result;
    private boolean exit;
    private DispatcherControlBlock controlBlock;

    private KernelDispatcher(final CpuDriver kernel)
    {
        this.kernel = kernel;
    }

    /** Spawns a test dispatcher on {@code kernel}. */
    static KernelDispatcher spawn(final CpuDriver kernel, final String name)
    {
        final KernelDispatcher dispatcher = new KernelDispatcher(kernel);
        dispatcher.controlBlock = kernel.spawn(name, dispatcher);
        return dispatcher;
    }

    /** Spawns a test dispatcher from inside a running one, handing it the caller's RAM at {@code ram}. */
    static KernelDispatcher spawnWith(final CpuDriver kernel, final String name, final CapRef ram)
    {
        final KernelDispatcher dispatcher = new KernelDispatcher(kernel);
        kernel.spawn(name, dispatcher, ram);
        return dispatcher;
    }

    /** The CPU driver's record of this dispatcher (null for one spawned from inside another). */
    DispatcherControlBlock controlBlock()
    {
        return controlBlock;
    }

    /** Runs {@code body} as this dispatcher, in one step of the core; its exception, if any, propagates. */
    @SuppressWarnings("unchecked")
    <T> T call(final Function<Syscalls, T> body)
    {
        action = body;
        result = null;
        try
        {
            kernel.doWork(0);
        }
        finally
        {
            action = null;
        }
        return (T)result;
    }

    /** Runs {@code body} as this dispatcher. */
    void run(final Consumer<Syscalls> body)
    {
        call(sys ->
        {
            body.accept(sys);
            return null;
        });
    }

    /** Leaves the run queue at the next step; the CPU driver then closes the CSpace. */
    void exit()
    {
        exit = true;
        kernel.doWork(0);
    }

    @Override
    public int run(final long nowNs)
    {
        if (action == null)
        {
            return 0;
        }
        final Function<Syscalls, ?> body = action;
        action = null;
        result = body.apply(kernel.syscalls());
        return 1;
    }

    @Override
    public boolean hasExited()
    {
        return exit;
    }
}
