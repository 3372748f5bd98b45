package dev.flotilla.platform.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * Pins the calling thread to one CPU through glibc's {@code sched_setaffinity}, called with the
 * foreign-function API: how the native platform gives each kernel its own core, as Barrelfish runs
 * one CPU driver per core.
 *
 * <p>Every operation acts on the calling thread only ({@code pid 0}), so a core's thread pins itself
 * and no thread changes another's affinity. A pin is trusted only after {@code sched_getaffinity}
 * reads back exactly the one CPU: containers and cgroup cpusets may refuse the call or narrow the
 * mask, and a core that silently runs elsewhere would make every measurement wrong. Refusals come
 * back as a {@link PinResult} with the reason, never as an exception, because a platform may
 * reasonably run unpinned (more cores than CPUs, a restricted container) and says so in its
 * {@code PinStatus}.
 *
 * <p>The kernel's {@code cpu_set_t} may be larger than glibc's 1024-bit default on big machines:
 * masks start at {@value #INITIAL_MASK_BYTES} bytes, grow to hold the CPU asked for, and
 * {@code sched_getaffinity} is retried with a doubled mask while it answers {@code EINVAL} (mask
 * smaller than the kernel's), up to {@value #MAX_MASK_BYTES} bytes.
 *
 * <p>The method handles are looked up once, in static finals, so that calls bind to constants. When
 * the host is not Linux or a symbol is missing they are null and {@link #unavailableReason()} says
 * why; {@link #pinCurrentThread} then reports {@code pinning unavailable: <reason>}, {@link #allowedCpus()}
 * is empty and {@link #currentCpu()} is -1.
 */
public final class Affinity
{
    /** glibc's {@code cpu_set_t}: 1024 CPUs. */
    static final int INITIAL_MASK_BYTES = 128;
    /** A mask for {@link CpuList#MAX_CPU} + 1 CPUs. */
    static final int MAX_MASK_BYTES = (CpuList.MAX_CPU + 1) / 8;

    private static final int EPERM = 1;
    private static final int ESRCH = 3;
    private static final int EFAULT = 14;
    private static final int EINVAL = 22;
    private static final Map<Integer, String> ERRNO_NAMES =
        Map.of(EPERM, "EPERM", ESRCH, "ESRCH", EFAULT, "EFAULT", EINVAL, "EINVAL");

    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
        CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno")).withInvokeExactBehavior();

    /** {@code int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *mask)}, errno captured. */
    private static final MethodHandle SCHED_SETAFFINITY;
    /** {@code int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *mask)}, errno captured. */
    private static final MethodHandle SCHED_GETAFFINITY;
    /** {@code int sched_getcpu(void)}: a short call that touches no Java memory, so it runs as critical. */
    private static final MethodHandle SCHED_GETCPU;
    /** Empty when the three handles are bound; otherwise why they are null. */
    private static final String UNAVAILABLE;

    static
    {
        MethodHandle set = null;
        MethodHandle get = null;
        MethodHandle getcpu = null;
        String unavailable = "";
        try
        {
            if (!System.getProperty("os.name", "").startsWith("Linux"))
            {
                unavailable = "not Linux (os.name=" + System.getProperty("os.name") + ")";
            }
            else
            {
                final Linker linker = Linker.nativeLinker();
                final MemoryLayout pidT = linker.canonicalLayouts().get("int");
                final MemoryLayout sizeT = linker.canonicalLayouts().get("size_t");
                final FunctionDescriptor maskCall =
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, pidT, sizeT, ValueLayout.ADDRESS);
                final Linker.Option errno = Linker.Option.captureCallState("errno");
                set = downcall(linker, "sched_setaffinity", maskCall, errno);
                get = downcall(linker, "sched_getaffinity", maskCall, errno);
                getcpu = downcall(linker, "sched_getcpu", FunctionDescriptor.of(ValueLayout.JAVA_INT),
                    Linker.Option.critical(false));
                if (sizeT.byteSize() != Long.BYTES || pidT.byteSize() != Integer.BYTES)
                {
                    unavailable = "unexpected C type sizes: size_t " + sizeT.byteSize() + ", int " + pidT.byteSize();
                }
            }
        }
        catch (final IllegalArgumentException | UnsupportedOperationException | IllegalCallerException e)
        {
            unavailable = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        final boolean ok = unavailable.isEmpty();
        SCHED_SETAFFINITY = ok ? set : null;
        SCHED_GETAFFINITY = ok ? get : null;
        SCHED_GETCPU = ok ? getcpu : null;
        UNAVAILABLE = unavailable;
    }

    private Affinity()
    {
    }

    /**
     * What one pin attempt achieved.
     *
     * @param cpu         the CPU asked for.
     * @param pinned      true if the thread's mask now holds exactly {@code cpu}, as read back.
     * @param allowedCpus the thread's mask after the attempt, ascending; on a refusal it is the
     *                    unchanged mask from before, and it is empty if the mask could not be read.
     * @param detail      why the thread is not pinned, or an empty string when it is.
     */
    public record PinResult(int cpu, boolean pinned, List<Integer> allowedCpus, String detail)
    {
        public PinResult
        {
            allowedCpus = List.copyOf(allowedCpus);
        }
    }

    /** True when the affinity calls are bound, that is on Linux with glibc's symbols present. */
    public static boolean available()
    {
        return UNAVAILABLE.isEmpty();
    }

    /** Why pinning is unavailable, or an empty string when it is available. */
    public static String unavailableReason()
    {
        return UNAVAILABLE;
    }

    /**
     * Restricts the calling thread to exactly {@code cpu}, then reads the mask back to confirm.
     *
     * @return the outcome; a refusal by the kernel (a CPU that is offline, absent, or outside this
     *         process's cgroup cpuset) leaves the thread's mask as it was and names the errno.
     * @throws IllegalArgumentException if {@code cpu} is negative.
     */
    public static PinResult pinCurrentThread(final int cpu)
    {
        if (cpu < 0)
        {
            throw new IllegalArgumentException("negative CPU number " + cpu);
        }
        if (!available())
        {
            return new PinResult(cpu, false, List.of(), "pinning unavailable: " + UNAVAILABLE);
        }
        if (cpu > CpuList.MAX_CPU)
        {
            return new PinResult(cpu, false, maskOrEmpty(), "cpu " + cpu + " is above the largest CPU number "
                + CpuList.MAX_CPU + " a mask is built for");
        }
        final int bytes = Math.max(INITIAL_MASK_BYTES, (cpu / Long.SIZE + 1) * Long.BYTES);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment mask = arena.allocate(bytes, Long.BYTES);
            final MemorySegment state = arena.allocate(CALL_STATE);
            mask.set(ValueLayout.JAVA_LONG, (long)(cpu / Long.SIZE) * Long.BYTES, 1L << (cpu % Long.SIZE));
            final int rc = invokeMaskCall(SCHED_SETAFFINITY, state, bytes, mask);
            if (rc != 0)
            {
                final int errno = (int)ERRNO.get(state, 0L);
                return new PinResult(cpu, false, maskOrEmpty(),
                    "sched_setaffinity to cpu " + cpu + " refused: " + errnoName(errno) + explain(errno));
            }
        }
        final MaskRead after = readMask();
        if (after.mask() == null)
        {
            return new PinResult(cpu, false, List.of(), after.failure());
        }
        final boolean exact = after.mask().cardinality() == 1 && after.mask().get(cpu);
        return new PinResult(cpu, exact, after.mask().stream().boxed().toList(), exact ? ""
            : "sched_getaffinity reads back cpus " + CpuList.format(after.mask()) + ", not just " + cpu);
    }

    /** The CPU the calling thread runs on at this instant, or -1 if unknown (pinning unavailable). */
    public static int currentCpu()
    {
        if (SCHED_GETCPU == null)
        {
            return -1;
        }
        try
        {
            return (int)SCHED_GETCPU.invokeExact();
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /**
     * The calling thread's affinity mask: bit {@code n} is set if the thread may run on CPU {@code n}.
     * A thread always may run somewhere, so an empty set can only mean "unknown": pinning is
     * unavailable ({@link #unavailableReason()}) or the kernel would not report the mask.
     *
     * @return a fresh bit set the caller owns; empty when the mask is unknown.
     */
    public static BitSet allowedCpus()
    {
        final BitSet mask = readMask().mask();
        return mask == null ? new BitSet() : mask;
    }

    /** An errno as its name and number, such as {@code EINVAL (22)}. */
    static String errnoName(final int errno)
    {
        return ERRNO_NAMES.getOrDefault(errno, "errno") + " (" + errno + ")";
    }

    private static String explain(final int errno)
    {
        return switch (errno)
        {
            case EINVAL -> ": the CPU is offline, absent, or not in this process's cpuset";
            case EPERM -> ": not permitted to change this thread's affinity";
            default -> "";
        };
    }

    private static List<Integer> maskOrEmpty()
    {
        return allowedCpus().stream().boxed().toList();
    }

    /** The mask, or null and why not. */
    private record MaskRead(BitSet mask, String failure)
    {
    }

    private static MaskRead readMask()
    {
        if (!available())
        {
            return new MaskRead(null, "pinning unavailable: " + UNAVAILABLE);
        }
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = arena.allocate(CALL_STATE);
            for (int bytes = INITIAL_MASK_BYTES; bytes <= MAX_MASK_BYTES; bytes *= 2)
            {
                final MemorySegment mask = arena.allocate(bytes, Long.BYTES);
                if (invokeMaskCall(SCHED_GETAFFINITY, state, bytes, mask) == 0)
                {
                    return new MaskRead(BitSet.valueOf(mask.toArray(ValueLayout.JAVA_LONG)), "");
                }
                final int errno = (int)ERRNO.get(state, 0L);
                if (errno != EINVAL)
                {
                    return new MaskRead(null, "sched_getaffinity failed: " + errnoName(errno));
                }
            }
            return new MaskRead(null, "sched_getaffinity refused every mask up to " + MAX_MASK_BYTES
                + " bytes: " + errnoName(EINVAL));
        }
    }

    private static int invokeMaskCall(final MethodHandle call, final MemorySegment state, final int bytes,
        final MemorySegment mask)
    {
        try
        {
            return (int)call.invokeExact(state, 0, (long)bytes, mask);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** The one place that binds native code; the descriptors above are checked against glibc's prototypes. */
    @SuppressWarnings("restricted")
    private static MethodHandle downcall(final Linker linker, final String name, final FunctionDescriptor descriptor,
        final Linker.Option... options)
    {
        final MemorySegment symbol = linker.defaultLookup().find(name)
            .orElseThrow(() -> new IllegalArgumentException("symbol " + name + " not found in the C library"));
        return linker.downcallHandle(symbol, descriptor, options);
    }

    /** A downcall declares Throwable but throws only unchecked errors; keep them as they are. */
    private static RuntimeException rethrow(final Throwable t)
    {
        if (t instanceof RuntimeException e)
        {
            throw e;
        }
        if (t instanceof Error e)
        {
            throw e;
        }
        throw new IllegalStateException("native call threw a checked exception", t);
    }
}
