package dev.flotilla.caps.mdb;

import dev.flotilla.caps.Capability;
import dev.flotilla.caps.PageMapping;

/**
 * A capability's position in {@link MdbOrder}, taken apart once so that a descent compares plain fields:
 * a probe key against the same fields cached in each {@link MdbNode}, reading one object per level
 * instead of the node, its entry, the capability and its type.
 *
 * <p>{@link #compareTo(MdbNode)} is exactly {@code MdbOrder.compare(key, node.entry)}.
 */
final class MdbKey
{
    final int root;
    final long base;
    final long size;
    final int type;
    final PageMapping mapping;
    final long serial;

    MdbKey(final Capability capability, final long serial)
    {
        this.root = capability.type().root().ordinal();
        this.base = capability.base();
        this.size = capability.size();
        this.type = capability.type().ordinal();
        this.mapping = capability.mapping();
        this.serial = serial;
    }

    MdbKey(final MdbEntry entry)
    {
        this(entry.capability(), entry.serial());
    }

    /** Negative, zero or positive as this key sorts before, with or after {@code node}'s entry. */
    int compareTo(final MdbNode<?> node)
    {
        int c = Integer.compare(root, node.root);
        if (c == 0)
        {
            c = Long.compare(base, node.base);
        }
        if (c == 0)
        {
            c = Long.compare(node.size, size);
        }
        if (c == 0)
        {
            c = Integer.compare(type, node.type);
        }
        if (c == 0 && mapping != null)
        {
            c = MdbOrder.compareEqualityFields(mapping, node.entry.capability().mapping());
        }
        return c != 0 ? c : Long.compare(serial, node.serial);
    }
}
