package dev.flotilla.caps;

/**
 * What object sizes a capability type admits, and so what a retype's {@code objectSize} must be.
 *
 * @param kind how the size is constrained.
 * @param unit for {@link Kind#MULTIPLE} the step, for {@link Kind#FIXED} the size; else 0.
 * @param max  the largest admitted size.
 */
public record SizeRule(Kind kind, long unit, long max)
{
    /** How a type constrains its object size. */
    public enum Kind
    {
        /** Any positive multiple of {@code unit}, up to {@code max}. */
        MULTIPLE,
        /** Exactly {@code unit}. */
        FIXED,
        /** No size of its own: the capability names (part of) its source object and inherits its range; retype passes 0. */
        INHERITED,
        /** The capability names no memory at all. */
        NONE
    }

    /** Any positive multiple of {@code unit}. */
    public static SizeRule multipleOf(final long unit)
    {
        return new SizeRule(Kind.MULTIPLE, unit, Long.MAX_VALUE - Long.MAX_VALUE % unit);
    }

    /** A positive multiple of {@code unit} no greater than {@code max}. */
    public static SizeRule multipleOf(final long unit, final long max)
    {
        return new SizeRule(Kind.MULTIPLE, unit, max);
    }

    /** Exactly {@code size} bytes. */
    public static SizeRule fixed(final long size)
    {
        return new SizeRule(Kind.FIXED, size, size);
    }

    /** The range of the source object. */
    public static SizeRule inherited()
    {
        return new SizeRule(Kind.INHERITED, 0, 0);
    }

    /** No memory. */
    public static SizeRule none()
    {
        return new SizeRule(Kind.NONE, 0, 0);
    }

    /** True if a retype may ask for objects of {@code objectSize} bytes. */
    public boolean admits(final long objectSize)
    {
        return switch (kind)
        {
            case MULTIPLE -> objectSize > 0 && objectSize <= max && objectSize % unit == 0;
            case FIXED -> objectSize == unit;
            case INHERITED -> objectSize == 0;
            case NONE -> false;
        };
    }

    /** The rule in words, for error details. */
    public String describe()
    {
        return switch (kind)
        {
            case MULTIPLE -> "a positive multiple of " + unit + (max < Long.MAX_VALUE - unit ? " up to " + max : "");
            case FIXED -> "exactly " + unit;
            case INHERITED -> "0 (the object inherits its source's range)";
            case NONE -> "not applicable (the type names no memory)";
        };
    }
}
