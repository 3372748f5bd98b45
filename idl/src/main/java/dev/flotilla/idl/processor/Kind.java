package dev.flotilla.idl.processor;

/**
 * The argument types a message may carry, with how the generated code writes and reads each. One word
 * per scalar; text, bytes and word arrays as a length word and their contents (see
 * {@code dev.flotilla.idl.Encoder}).
 */
enum Kind
{
    BYTE("byte", "Byte", "putLong(%s)", "getByte(%s)"),
    SHORT("short", "Short", "putLong(%s)", "getShort(%s)"),
    INT("int", "Integer", "putLong(%s)", "getInt(%s)"),
    LONG("long", "Long", "putLong(%s)", "getLong(%s)"),
    BOOLEAN("boolean", "Boolean", "putBoolean(%s)", "getBoolean(%s)"),
    STRING("String", "String", "putString(%s, %s)", "getString(%s)"),
    BYTES("byte[]", "byte[]", "putBytes(%s, %s)", "getBytes(%s)"),
    WORDS("long[]", "long[]", "putWords(%s, %s)", "getWords(%s)"),
    ERROR("ErrorCode", "ErrorCode", "putError(%s)", "getError(%s)"),
    CAPABILITY(Kind.CAPREF, Kind.CAPREF, "putCapability(port(), %s, %s)", "getCapability(port(), %s)");

    /** The capability reference type, named rather than linked so that this module needs no capability code. */
    static final String CAPREF = "dev.flotilla.caps.cspace.CapRef";

    private final String type;
    private final String boxed;
    private final String put;
    private final String get;

    Kind(final String type, final String boxed, final String put, final String get)
    {
        this.type = type;
        this.boxed = boxed;
        this.put = put;
        this.get = get;
    }

    /** The Java type as generated code spells it. */
    String type()
    {
        return type;
    }

    /** The type as a generic argument. */
    String boxed()
    {
        return boxed;
    }

    /** The encoder call that writes {@code value}. */
    String put(final String value, final String argument)
    {
        return put.contains("%s, %s") ? String.format(put, value, quote(argument)) : String.format(put, value);
    }

    /** The expression that reads an argument back. */
    String get(final String argument)
    {
        final String read = "d." + String.format(get, quote(argument));
        return this == CAPABILITY ? "(" + type + ")" + read : read;
    }

    private static String quote(final String text)
    {
        return '"' + text + '"';
    }
}
