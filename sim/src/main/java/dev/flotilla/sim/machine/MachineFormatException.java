package dev.flotilla.sim.machine;

/**
 * A machine description that cannot be used: the message names the file (or built-in machine), the
 * line and what was expected there, as {@code amd-8x4.machine:12: expected ...}. Topology errors found
 * only once the whole file is read (a core in no package, packages that no link joins) name the line
 * of the directive they concern, or the end of the file when a directive is missing.
 */
public final class MachineFormatException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;

    /**
     * @param source the file or machine name the text came from.
     * @param line   the 1-based line the problem is on; one past the last line for a missing directive.
     * @param detail what was wrong and what was expected.
     */
    public MachineFormatException(final String source, final int line, final String detail)
    {
        super(source + ":" + line + ": " + detail);
        this.source = source;
        this.line = line;
    }

    /** The file or machine name the description came from. */
    public String source()
    {
        return source;
    }

    /** The 1-based line of the problem. */
    public int line()
    {
        return line;
    }
}
