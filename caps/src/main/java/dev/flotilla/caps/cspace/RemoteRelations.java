package dev.flotilla.caps.cspace;

/**
 * Bits recording that a capability has relatives on other cores (Barrelfish {@code RRELS_*_BIT}).
 *
 * <p>A core with none of these bits set retypes, deletes and revokes locally without asking anyone; the
 * monitor's distributed protocols ({@code dev.flotilla.monitor.capops}) set and clear them. They are a cache
 * that may say more than is true (a remote copy since deleted), never less.
 */
public final class RemoteRelations
{
    /** Another core holds a copy. */
    public static final int COPIES = 1;
    /** Another core holds an ancestor. */
    public static final int ANCESTORS = 1 << 1;
    /** Another core holds a descendant. */
    public static final int DESCENDANTS = 1 << 2;
    /**
     * Descendants may exist on other cores that this core keeps no record of: ownership moved here from a core
     * that had some (distributed delete). Until a revoke clears it, a retype here asks every core first.
     */
    public static final int UNTRACKED_DESCENDANTS = 1 << 3;

    /** Every bit. */
    public static final int ALL = COPIES | ANCESTORS | DESCENDANTS | UNTRACKED_DESCENDANTS;

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
