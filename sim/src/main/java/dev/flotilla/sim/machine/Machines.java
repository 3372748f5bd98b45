package dev.flotilla.sim.machine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds a machine by the name given to {@code --sim}: one of the paper's four machines shipped with
 * Flotilla, a generic machine {@code generic:CORESxSOCKETS}, or a description file by its path (a
 * name ending in {@code .machine} or containing a {@code /}).
 */
public final class Machines
{
    /** The paper's machines, shipped as {@code machines/NAME.machine} resources. */
    public static final List<String> BUILT_IN = List.of("intel-2x4", "amd-2x2", "amd-4x4", "amd-8x4");

    private Machines()
    {
    }

    /**
     * Loads a machine.
     *
     * @throws IllegalArgumentException naming every known machine if the name is unknown, or saying why a
     *         file cannot be read; a {@link MachineFormatException} (file, line, what was expected) if a
     *         description is malformed.
     */
    public static MachineSpec load(final String name)
    {
        if (name.startsWith(GenericMachine.PREFIX))
        {
            return GenericMachine.of(name);
        }
        if (BUILT_IN.contains(name))
        {
            return builtIn(name);
        }
        if (name.endsWith(".machine") || name.contains("/"))
        {
            return file(Path.of(name));
        }
        throw new IllegalArgumentException("unknown machine '" + name + "'; known machines: " + known());
    }

    /** The names {@link #load} accepts, as one line. */
    public static String known()
    {
        return String.join(", ", BUILT_IN) + ", generic:CORESxSOCKETS (1 to " + GenericMachine.MAX_CORES
            + " cores, e.g. generic:64x8), or the path of a .machine file";
    }

    private static MachineSpec builtIn(final String name)
    {
        final String resource = "/machines/" + name + ".machine";
        try (InputStream in = Machines.class.getResourceAsStream(resource))
        {
            if (in == null)
            {
                throw new IllegalStateException("the built-in machine " + resource + " is missing from the build");
            }
            return MachineFile.parse(name + ".machine", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static MachineSpec file(final Path path)
    {
        try
        {
            return MachineFile.read(path);
        }
        catch (final NoSuchFileException ex)
        {
            throw new IllegalArgumentException("machine file " + path + " does not exist; known machines: " + known());
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read machine file " + path + ": " + ex.getMessage());
        }
    }
}
