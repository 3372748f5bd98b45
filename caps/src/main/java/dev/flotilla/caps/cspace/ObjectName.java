package dev.flotilla.caps.cspace;

import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.mdb.MdbOrder;

/**
 * An object as every core names it: the type and range its copies share (rights differ between copies and
 * do not matter). The distributed capability operations address objects by it, since a slot means nothing
 * on another core.
 *
 * @param type a type whose capabilities have a range.
 * @param base its first byte.
 * @param size its length in bytes.
 */
public record ObjectName(CapType type, long base, long size)
{
    public ObjectName
    {
        if (!type.hasRange() || type.isMapping() || base < 0 || size <= 0 || base > Long.MAX_VALUE - size)
        {
            throw new IllegalArgumentException("not an object with a range: " + type + " [" + base + ", +" + size + ")");
        }
    }

    /** The object {@code cap} names. */
    public static ObjectName of(final Capability cap)
    {
        return new ObjectName(cap.type(), cap.base(), cap.size());
    }

    /** True if {@code cap} is a copy of this object. */
    public boolean isCopy(final Capability cap)
    {
        return cap.type() == type && cap.base() == base && cap.size() == size;
    }

    /** True if {@code cap} descends from this object (by type and range, as {@link MdbOrder#isAncestor} judges). */
    public boolean isDescendant(final Capability cap)
    {
        return MdbOrder.isAncestor(cap, Capability.of(type, dev.flotilla.caps.CapRights.ALL, base, size));
    }

    @Override
    public String toString()
    {
        return type + " [0x" + Long.toHexString(base) + ", +" + size + ")";
    }
}
