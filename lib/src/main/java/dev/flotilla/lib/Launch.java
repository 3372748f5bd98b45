package dev.flotilla.lib;

import java.util.List;

/**
 * Who a dispatcher is: the program it runs and, for a domain, which domain, with what arguments, and
 * whether it is the domain's first dispatcher or one it spanned to. Plain programs (services, boot tasks)
 * have domain id 0.
 *
 * @param program  the boot-image name of the program.
 * @param domainId the domain's id; 0 for a plain program.
 * @param args     the domain's arguments.
 * @param first    true for the dispatcher a domain started in.
 * @param systemCores how many cores the system has (0 where nobody said).
 */
public record Launch(String program, long domainId, List<String> args, boolean first, int systemCores)
{
    public Launch
    {
        args = List.copyOf(args);
    }

    /** A plain program, not a domain. */
    public static Launch program(final String program)
    {
        return new Launch(program, 0, List.of(), true, 0);
    }

    /** This launch in a system of {@code cores} cores. */
    public Launch inSystemOf(final int cores)
    {
        return new Launch(program, domainId, args, first, cores);
    }

    /** True if the dispatcher belongs to a domain. */
    public boolean isDomain()
    {
        return domainId != 0;
    }

    /** The arguments as they travel in messages: one line each. */
    public static String joinArgs(final List<String> args)
    {
        return String.join("\n", args);
    }

    /** The arguments back from {@link #joinArgs}. */
    public static List<String> splitArgs(final String joined)
    {
        return joined.isEmpty() ? List.of() : List.of(joined.split("\n", -1));
    }
}
