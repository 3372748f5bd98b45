package dev.flotilla.platform.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Reserves host memory with an anonymous private {@code mmap(MAP_NORESERVE)} through the foreign-function
 * API, so that a large physical memory costs nothing until it is used: Linux supplies each page, zero-filled,
 * when it is first touched, and reserves no swap for the rest.
 *
 * <p>Only on Linux, with the C library's {@code mmap} and {@code munmap} found; otherwise, or when the kernel
 * refuses the mapping (strict overcommit), {@link #map} answers empty and the caller allocates from an arena,
 * which commits and zeroes everything at once.
 */
final class AnonymousMapping
{
    private static final int PROT_READ = 0x1;
    private static final int PROT_WRITE = 0x2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;
    /** {@code MAP_FAILED}, {@code (void *) -1}. */
    private static final long MAP_FAILED = -1L;
    /** {@code MADV_DONTNEED}: on a private anonymous mapping, the pages read as zeros afterwards. */
    private static final int MADV_DONTNEED = 4;

    /** {@code void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)}. */
    private static final MethodHandle MMAP;
    /** {@code int munmap(void *addr, size_t length)}. */
    private static final MethodHandle MUNMAP;
    /** {@code int madvise(void *addr, size_t length, int advice)}. */
    private static final MethodHandle MADVISE;

    static
    {
        MethodHandle mmap = null;
        MethodHandle munmap = null;
        MethodHandle madvise = null;
        if (System.getProperty("os.name", "").startsWith("Linux"))
        {
            try
            {
                final Linker linker = Linker.nativeLinker();
                mmap = downcall(linker, "mmap", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_LONG));
                munmap = downcall(linker, "munmap",
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
                madvise = downcall(linker, "madvise", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
            }
            catch (final IllegalArgumentException | UnsupportedOperationException | IllegalCallerException e)
            {
                mmap = null;
                munmap = null;
                madvise = null;
            }
        }
        MMAP = mmap;
        MUNMAP = munmap;
        MADVISE = madvise;
    }

    private AnonymousMapping()
    {
    }

    /**
     * Maps {@code bytes} of zero-filled memory whose lifetime is {@code arena}'s: closing the arena unmaps it.
     *
     * @return the mapping, or empty when mmap is unavailable or refused.
     */
    @SuppressWarnings("restricted")
    static Optional<MemorySegment> map(final long bytes, final Arena arena)
    {
        if (MMAP == null)
        {
            return Optional.empty();
        }
        final long address;
        try
        {
            address = (long)MMAP.invokeExact(0L, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                -1, 0L);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("mmap of " + bytes + " bytes threw", t);
        }
        if (address == MAP_FAILED || address == 0)
        {
            return Optional.empty();
        }
        return Optional.of(MemorySegment.ofAddress(address).reinterpret(bytes, arena, unused -> unmap(address, bytes)));
    }

    /**
     * Gives the pages of {@code [address, address + bytes)}, which must lie inside a mapping made by
     * {@link #map} and start and end on page boundaries, back to Linux: they read as zeros afterwards and
     * hold no host memory until touched again.
     *
     * @return false if the call is unavailable or failed; the memory is then unchanged.
     */
    static boolean discard(final long address, final long bytes)
    {
        if (MADVISE == null)
        {
            return false;
        }
        try
        {
            return (int)MADVISE.invokeExact(address, bytes, MADV_DONTNEED) == 0;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("madvise threw", t);
        }
    }

    private static void unmap(final long address, final long bytes)
    {
        try
        {
            final int status = (int)MUNMAP.invokeExact(address, bytes);
            if (status != 0)
            {
                throw new IllegalStateException("munmap of 0x" + Long.toHexString(address) + " failed");
            }
        }
        catch (final RuntimeException | Error e)
        {
            throw e;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("munmap threw", t);
        }
    }

    @SuppressWarnings("restricted")
    private static MethodHandle downcall(final Linker linker, final String name, final FunctionDescriptor descriptor)
    {
        final MemorySegment symbol = linker.defaultLookup().find(name)
            .orElseThrow(() -> new IllegalArgumentException("symbol " + name + " not found in the C library"));
        return linker.downcallHandle(symbol, descriptor);
    }
}
