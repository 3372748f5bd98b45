package dev.flotilla.caps.mdb;

/**
 * The mapping database found one of its invariants broken: a bug in the library or its caller,
 * never a user error.
 */
public final class MdbInvariantViolation extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    private final MdbInvariant invariant;

    MdbInvariantViolation(final MdbInvariant invariant, final String where)
    {
        super(invariant + " (" + invariant.description() + ") violated at " + where);
        this.invariant = invariant;
    }

    /** Which invariant failed. */
    public MdbInvariant invariant()
    {
        return invariant;
    }
}
