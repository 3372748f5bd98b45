package dev.flotilla.examples;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainContext;
import dev.flotilla.lib.domain.DomainInfo;
import dev.flotilla.lib.vm.ScratchMemory;
import java.util.List;

/**
 * A domain that takes memory and never gives it back itself, for seeing that the system takes it back: each of its
 * dispatchers maps BYTES of RAM from memserv (0: none) and keeps it, then ends as MODE says — {@code exit}
 * returns, {@code throw} throws, {@code stay} sleeps until the domain is stopped. With {@code span} it first spans
 * to every other core, and every dispatcher does the same. Whatever the mode, memserv's free count returns to where
 * it was once the dispatchers are gone (the runtime closes their bindings; memserv takes back what went out on them).
 *
 * <p>Arguments: {@code BYTES exit|throw|stay [span]}; BYTES a power of two from 4K, or 0.
 */
@DomainInfo(name = "hold", description = "map BYTES from memserv on each core and keep them, then exit, throw or stay: hold BYTES exit|throw|stay [span]")
public final class Hold implements Domain
{
    /** Where the block is mapped. */
    static final long ADDRESS = 0x40_0000_0000L;

    /** What a dispatcher does once it holds its memory. */
    enum Mode
    {
        EXIT, THROW, STAY
    }

    /** The parsed arguments. */
    record Args(long bytes, Mode mode, boolean span)
    {
        static Args parse(final List<String> words)
        {
            if (words.size() < 2 || words.size() > 3 || words.size() == 3 && !words.get(2).equals("span"))
            {
                throw usage(words);
            }
            final long bytes = words.getFirst().equals("0") ? 0 : MemTest.Args.size(words.getFirst());
            if (bytes != 0 && (bytes < 4096 || Long.bitCount(bytes) != 1))
            {
                throw new FlotillaException(ErrorCode.MEMSERV_INVALID_SIZE, "hold: BYTES must be 0 or a power of two"
                    + " from 4K, was " + bytes);
            }
            final Mode mode = switch (words.get(1))
            {
                case "exit" -> Mode.EXIT;
                case "throw" -> Mode.THROW;
                case "stay" -> Mode.STAY;
                default -> throw usage(words);
            };
            return new Args(bytes, mode, words.size() == 3);
        }

        private static FlotillaException usage(final List<String> words)
        {
            return new FlotillaException(ErrorCode.INVALID_DOMAIN_NAME, "usage: hold BYTES exit|throw|stay [span], was "
                + words);
        }
    }

    @Override
    public void main(final DomainContext context)
    {
        final Args args = Args.parse(context.args());
        if (args.span())
        {
            for (int core = 0; core < context.systemCores(); core++)
            {
                if (core != context.core())
                {
                    context.span(core);
                }
            }
        }
        hold(context, args);
    }

    @Override
    public void spanned(final DomainContext context)
    {
        hold(context, Args.parse(context.args()));
    }

    private static void hold(final DomainContext context, final Args args)
    {
        if (args.bytes() > 0)
        {
            final ScratchMemory memory = ScratchMemory.open(context.dispatcher());
            memory.map(args.bytes(), memory.nodes().getFirst(), ADDRESS); // kept: neither released nor closed
        }
        switch (args.mode())
        {
            case EXIT -> { }
            case THROW -> throw new IllegalStateException("hold: thrown on core " + context.core() + " as asked");
            case STAY ->
            {
                while (true)
                {
                    context.sleepNs(1_000_000_000L);
                }
            }
        }
    }
}
