package dev.flotilla.caps.cspace;

/**
 * What one core holds of an object, for the monitors' distributed operations (Barrelfish's
 * {@code monitor_domcap_remote_relations} and the owner's descendant check before a retype): how many copies,
 * the owner they name and the remote-relation bits they carry, whether any descendant lives here, and
 * whether one overlaps a range the owner is about to retype. Changes nothing.
 */
public final class FindRelatives
{
    /**
     * The answer.
     *
     * @param copies          live copies of the object here.
     * @param owner           the owner those copies name; -1 without copies.
     * @param relations       the remote-relation bits of those copies, or'ed.
     * @param descendants     true if some descendant of the object lives here.
     * @param overlapsRange   true if some descendant here overlaps the range asked about.
     */
    public record Relatives(int copies, int owner, int relations, boolean descendants, boolean overlapsRange)
    {
    }

    private final CoreCapabilities core;
    private final ObjectName object;
    private final long base;
    private final long size;

    private FindRelatives(final CoreCapabilities core, final ObjectName object, final long base, final long size)
    {
        this.core = core;
        this.object = object;
        this.base = base;
        this.size = size;
    }

    /**
     * Checks a question about {@code object} and the range {@code [base, base + size)} (size 0: no range).
     *
     * @throws IllegalArgumentException for a range outside the object.
     */
    public static FindRelatives decode(final CoreCapabilities core, final ObjectName object, final long base,
        final long size)
    {
        if (size < 0 || size > 0 && (base < object.base() || base + size > object.base() + object.size()))
        {
            throw new IllegalArgumentException("range [" + base + ", +" + size + ") is not inside " + object);
        }
        return new FindRelatives(core, object, base, size);
    }

    /** Answers; a query, so it leaves every decoded invocation valid. */
    public Relatives invoke()
    {
        int copies = 0;
        int owner = -1;
        int relations = 0;
        boolean descendants = false;
        boolean overlaps = false;
        for (final Cte cte : core.mdb().overlapping(object.type().root(), object.base(), object.size()))
        {
            final var cap = cte.capability();
            if (object.isCopy(cap))
            {
                copies++;
                owner = cte.owner();
                relations |= cte.remoteRelations();
            }
            else if (object.isDescendant(cap))
            {
                descendants = true;
                overlaps |= size > 0 && cap.base() < base + size && base < cap.end();
            }
        }
        return new Relatives(copies, owner, relations, descendants, overlaps);
    }
}
