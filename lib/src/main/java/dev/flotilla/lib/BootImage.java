package dev.flotilla.lib;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The programs the system can spawn, by name — Barrelfish's boot modules. Immutable, so every core's
 * monitor may hold it; spawning a program calls its factory on the spawning core, so no program
 * state is shared between cores.
 */
public final class BootImage
{
    private final Map<String, Supplier<Program>> programs;

    private BootImage(final Map<String, Supplier<Program>> programs)
    {
        this.programs = Map.copyOf(programs);
    }

    /** A boot image with no programs. */
    public static BootImage empty()
    {
        return new BootImage(Map.of());
    }

    /** This image plus {@code name}, which {@code factory} instantiates. */
    public BootImage with(final String name, final Supplier<Program> factory)
    {
        if (name.isBlank() || name.length() > 64)
        {
            throw new IllegalArgumentException("a program name must be 1..64 characters, was '" + name + "'");
        }
        final Map<String, Supplier<Program>> more = new TreeMap<>(programs);
        if (more.putIfAbsent(name, factory) != null)
        {
            throw new IllegalArgumentException("the boot image already has a program '" + name + "'");
        }
        return new BootImage(more);
    }

    /** A new instance of the named program, if the image has it. */
    public Optional<Program> instantiate(final String name)
    {
        return Optional.ofNullable(programs.get(name)).map(Supplier::get);
    }

    /** The program names, sorted. */
    public java.util.Set<String> names()
    {
        return new java.util.TreeSet<>(programs.keySet());
    }
}
