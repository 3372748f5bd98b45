package dev.flotilla.caps;

/**
 * The rights a capability confers, as a bit set (Barrelfish {@code CAPRIGHTS_*}).
 *
 * <p>Rights only ever shrink: {@link #and(CapRights)} is the only way a capability's rights are
 * derived from another's, so a mint, a retype or a mapping can never produce a capability with a
 * right its source lacked.
 *
 * @param bits a subset of {@link #ALL}'s bits.
 */
public record CapRights(int bits)
{
    /** Read the object (and map it readable). */
    public static final CapRights READ = new CapRights(1);
    /** Write the object (and map it writable); retype and CNode updates need it. */
    public static final CapRights WRITE = new CapRights(1 << 1);
    /** Map the object executable. */
    public static final CapRights EXECUTE = new CapRights(1 << 2);
    /** Hand the capability to another domain. */
    public static final CapRights GRANT = new CapRights(1 << 3);
    /** Learn the capability's type, address and size. */
    public static final CapRights IDENTIFY = new CapRights(1 << 4);
    /** No rights. */
    public static final CapRights NONE = new CapRights(0);
    /** Every right. */
    public static final CapRights ALL = new CapRights((1 << 5) - 1);

    private static final String LETTERS = "RWXGI";

    /** @throws IllegalArgumentException if a bit outside {@link #ALL} is set. */
    public CapRights
    {
        if ((bits & ~((1 << 5) - 1)) != 0)
        {
            throw new IllegalArgumentException("unknown rights bits: 0x" + Integer.toHexString(bits));
        }
    }

    /** The rights held by both: what a mint with {@code mask} leaves. */
    public CapRights and(final CapRights mask)
    {
        return new CapRights(bits & mask.bits);
    }

    /** The rights held by either; for composing constants. */
    public CapRights or(final CapRights other)
    {
        return new CapRights(bits | other.bits);
    }

    /** True if every right in {@code required} is held here. */
    public boolean has(final CapRights required)
    {
        return (bits & required.bits) == required.bits;
    }

    /** True if this set holds no right that {@code other} lacks. */
    public boolean isSubsetOf(final CapRights other)
    {
        return other.has(this);
    }

    /** The rights as letters, {@code -} for a missing one: {@code "RW--I"}. */
    @Override
    public String toString()
    {
        final StringBuilder s = new StringBuilder(LETTERS.length());
        for (int i = 0; i < LETTERS.length(); i++)
        {
            s.append((bits & (1 << i)) != 0 ? LETTERS.charAt(i) : '-');
        }
        return s.toString();
    }
}
