package dev.flotilla.caps;

import java.util.Objects;

/**
 * One capability as a value: its type, its rights and the physical range it names (Barrelfish
 * {@code struct capability}).
 *
 * <p>Base and size are longs because a capability names real physical memory, {@code [base,
 * base + size)}. A capability that names no memory ({@link CapType#KERNEL}) has base and size 0.
 * A mapping capability carries where the mapping lives ({@link PageMapping}) and takes the range of
 * the object it maps, so it sorts and revokes with that object.
 *
 * <p>Two capabilities are copies when they name the same object; that relation ignores rights and
 * is defined in {@code MdbOrder}, not by {@link #equals(Object)}, which compares every field.
 *
 * @param type    what the capability names.
 * @param rights  what it allows.
 * @param base    first physical address named.
 * @param size    bytes named; positive for every type that names memory.
 * @param mapping for a mapping type, where the mapping lives; else null.
 */
public record Capability(CapType type, CapRights rights, long base, long size, PageMapping mapping)
{
    /** @throws IllegalArgumentException if the range or mapping does not suit the type. */
    public Capability
    {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(rights, "rights");
        if (type.hasRange())
        {
            if (base < 0 || size <= 0 || base > Long.MAX_VALUE - size)
            {
                throw new IllegalArgumentException(type + " needs a non-empty range inside the address space: base 0x"
                    + Long.toHexString(base) + " size " + size);
            }
        }
        else if (base != 0 || size != 0)
        {
            throw new IllegalArgumentException(type + " names no memory; base and size must be 0");
        }
        if (type.isMapping() != (mapping != null))
        {
            throw new IllegalArgumentException(type + (type.isMapping() ? " needs" : " takes no") + " page mapping");
        }
    }

    /** A capability that names a range, or no memory when {@code type} has none. */
    public static Capability of(final CapType type, final CapRights rights, final long base, final long size)
    {
        return new Capability(type, rights, base, size, null);
    }

    /** One past the last physical address named. */
    public long end()
    {
        return base + size;
    }

    /** The same capability with other rights. */
    public Capability withRights(final CapRights newRights)
    {
        return new Capability(type, newRights, base, size, mapping);
    }

    @Override
    public String toString()
    {
        final String range = type.hasRange()
            ? " [0x" + Long.toHexString(base) + ", 0x" + Long.toHexString(end()) + ")"
            : "";
        return type + range + " " + rights + (mapping == null ? "" : " " + mapping);
    }
}
