package dev.flotilla.examples;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.idl.Port;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainContext;
import dev.flotilla.lib.domain.DomainInfo;
import dev.flotilla.lib.vm.ScratchMemory;
import dev.flotilla.lib.vm.VSpace;
import java.util.ArrayList;
import java.util.List;

/**
 * Barrelfish's memtest: {@code memtest [BYTES] [all]} takes BYTES of RAM (a power of two from 4K to 1G; default
 * 1M) from memserv's instance of its own node, retypes it into a frame, maps it into its own address space,
 * writes every 64-bit word with a value that depends on the word's address, reads every word back, unmaps the
 * frame and gives the RAM back. With {@code all} it spans to every core first and every dispatcher does the
 * same at once, each with its own node's memory; the first collects every report.
 *
 * <p>Its exit status is the outcome: 0 when every word on every core read back what was written; a mismatch
 * (or any failure) throws, so the dispatcher is stopped (status -1) and, reported to the first, the domain with
 * it. Bad arguments throw before anything is allocated.
 */
@DomainInfo(name = "memtest", description = "write and verify a pattern in RAM from memserv: memtest [BYTES] [all]")
public final class MemTest implements Domain
{
    /** The largest test, per dispatcher. */
    static final long MAX_BYTES = 1L << 30;
    /** Where the block is mapped: 1 GiB aligned, so every block of 2 MiB and up maps as large pages. */
    static final long ADDRESS = 0x40_0000_0000L;

    private final List<Runnable> waiting = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private int ready;
    private int reported;

    @Override
    public void main(final DomainContext context)
    {
        final Args args = Args.parse(context.args());
        if (!args.all())
        {
            test(context, args.bytes());
            return;
        }
        final int cores = context.systemCores();
        context.export(service(context), this::serve);
        for (int core = 0; core < cores; core++)
        {
            if (core != context.core())
            {
                context.span(core);
            }
        }
        while (ready < cores - 1)
        {
            context.sleepNs(10_000);
        }
        waiting.forEach(Runnable::run); // every dispatcher starts now
        waiting.clear();
        test(context, args.bytes());
        while (reported < cores - 1)
        {
            context.sleepNs(10_000);
        }
        if (!failures.isEmpty())
        {
            throw new IllegalStateException("memtest failed on " + failures.size() + " of " + cores + " cores: "
                + String.join("; ", failures));
        }
    }

    @Override
    public void spanned(final DomainContext context)
    {
        final Args args = Args.parse(context.args());
        final MemTestInterfaceBinding first = new MemTestInterfaceBinding(context.bind(service(context)));
        first.ready(context.core());
        try
        {
            first.done(context.core(), test(context, args.bytes()), "");
        }
        catch (final RuntimeException e)
        {
            first.done(context.core(), 0, "core " + context.core() + ": " + e.getMessage());
            throw e;
        }
    }

    private void serve(final Port port)
    {
        new MemTestInterfaceBinding(port, new MemTestInterfaceHandler()
        {
            @Override
            public void onReady(final MemTestInterfaceBinding.ReadyRequest request, final int core)
            {
                ready++;
                waiting.add(() -> request.reply(core));
            }

            @Override
            public void onDone(final MemTestInterfaceBinding.DoneRequest request, final int core, final long words,
                final String error)
            {
                reported++;
                if (!error.isEmpty())
                {
                    failures.add(error);
                }
                request.reply(reported);
            }
        });
    }

    /** The test on this dispatcher's core; returns the words checked, throws on the first wrong one. */
    static long test(final DomainContext context, final long bytes)
    {
        final ScratchMemory memory = ScratchMemory.open(context.dispatcher());
        final ScratchMemory.Block block = memory.map(bytes, memory.nodes().getFirst(), ADDRESS);
        final VSpace vspace = memory.vspace();
        final long seed = context.domainId() ^ ((long)context.core() << 40);
        for (long offset = 0; offset < bytes; offset += Long.BYTES)
        {
            vspace.writeLong(ADDRESS + offset, pattern(seed, block.base() + offset));
        }
        for (long offset = 0; offset < bytes; offset += Long.BYTES)
        {
            final long got = vspace.readLong(ADDRESS + offset);
            final long expected = pattern(seed, block.base() + offset);
            if (got != expected)
            {
                throw new IllegalStateException("memtest: the word at physical 0x" + Long.toHexString(block.base()
                    + offset) + " (virtual 0x" + Long.toHexString(ADDRESS + offset) + ") on core " + context.core()
                    + " read 0x" + Long.toHexString(got) + ", wrote 0x" + Long.toHexString(expected));
            }
        }
        memory.release(block);
        memory.close();
        return bytes / Long.BYTES;
    }

    /** The word written at physical address {@code address}: differs from its neighbours' and from 0. */
    static long pattern(final long seed, final long address)
    {
        return Long.rotateLeft(address * 0x9E3779B97F4A7C15L, 23) ^ seed ^ ~address;
    }

    private static String service(final DomainContext context)
    {
        return "memtest-" + Long.toHexString(context.domainId());
    }

    /**
     * The arguments: {@code [BYTES] [all]}.
     *
     * @param bytes how much each dispatcher tests.
     * @param all   true to test on every core at once.
     */
    record Args(long bytes, boolean all)
    {
        static Args parse(final List<String> words)
        {
            long bytes = 1L << 20;
            boolean all = false;
            for (int i = 0; i < words.size(); i++)
            {
                final String word = words.get(i);
                if (word.equals("all") && !all)
                {
                    all = true;
                }
                else if (i == 0)
                {
                    bytes = size(word);
                }
                else
                {
                    throw new FlotillaException(ErrorCode.INVALID_DOMAIN_NAME, "usage: memtest [BYTES] [all], was "
                        + words);
                }
            }
            if (bytes < 4096 || bytes > MAX_BYTES || Long.bitCount(bytes) != 1)
            {
                throw new FlotillaException(ErrorCode.MEMSERV_INVALID_SIZE, "memtest: BYTES must be a power of two from"
                    + " 4K to 1G, was " + bytes);
            }
            return new Args(bytes, all);
        }

        /** A size: a plain number, {@code 0x} hex, or with {@code K}, {@code M} or {@code G} (powers of two). */
        static long size(final String word)
        {
            final String w = word.trim().toUpperCase(java.util.Locale.ROOT);
            final int shift = w.endsWith("K") ? 10 : w.endsWith("M") ? 20 : w.endsWith("G") ? 30 : 0;
            final String digits = shift == 0 ? w : w.substring(0, w.length() - 1);
            try
            {
                final long n = digits.startsWith("0X") ? Long.parseLong(digits.substring(2), 16) : Long.parseLong(digits);
                if (n < 0 || n > (MAX_BYTES << 1) >> shift)
                {
                    throw new FlotillaException(ErrorCode.MEMSERV_INVALID_SIZE, "memtest: BYTES must be a power of two"
                        + " from 4K to 1G, was " + word);
                }
                return n << shift;
            }
            catch (final NumberFormatException e)
            {
                throw new FlotillaException(ErrorCode.MEMSERV_INVALID_SIZE, "memtest: BYTES must be a size such as 64K"
                    + " or 1M, was '" + word + "'");
            }
        }
    }
}
