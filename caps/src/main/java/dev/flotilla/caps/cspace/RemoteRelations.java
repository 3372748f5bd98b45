package dev.flotilla.caps.cspace;

/**
 * Bits recording that a capability has relatives on other cores (Barrelfish {@code RRELS_*_BIT}).
 *
 * <p>A core with none of these bits set may retype and delete locally without asking anyone; the
 * monitor's distributed protocols set and clear them.
 */
public final class RemoteRelations
{
    /** Another core holds a copy. */
    public static final int COPIES = 1;
    /** Another core holds an ancestor. */
    public static final int ANCESTORS = 1 << 1;
    /** Another core holds a descendant. */
    public static final int DESCENDANTS = 1 << 2;

    private static final int ALL = COPIES | ANCESTORS | DESCENDANTS;

    private RemoteRelations()
    {
    }

    static int check(final int bits)
    {
        if ((bits & ~ALL) != 0)
        {
            throw new IllegalArgumentException("unknown remote-relation bits: " + bits);
        }
        return bits;
    }
}
