package dev.flotilla.skb;

/** The interconnect driver for a channel, as {@code transport/3} names it. */
public enum Transport
{
    /** Same core: local message passing through the CPU driver. */
    LMP("lmp"),
    /** Different cores of one machine: a shared-memory ring of cache-line messages. */
    UMP("ump");

    private final String atom;

    Transport(final String atom)
    {
        this.atom = atom;
    }

    /** The Prolog atom. */
    public String atom()
    {
        return atom;
    }

    /** The transport named by {@code atom}. */
    public static Transport of(final String atom)
    {
        for (final Transport transport : values())
        {
            if (transport.atom.equals(atom))
            {
                return transport;
            }
        }
        throw new IllegalArgumentException("no transport '" + atom + "'");
    }
}
