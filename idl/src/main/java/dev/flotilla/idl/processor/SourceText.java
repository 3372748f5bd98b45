package dev.flotilla.idl.processor;

import dev.flotilla.idl.processor.InterfaceModel.Arg;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Generated source text with the project's layout — braces on their own lines, four spaces per level — and the
 * small pieces every writer of generated code spells the same way (parameter lists, doc comments).
 */
final class SourceText
{
    private final StringBuilder text = new StringBuilder();
    private int depth;

    void line(final String line)
    {
        text.append("    ".repeat(depth)).append(line).append('\n');
    }

    void line()
    {
        text.append('\n');
    }

    void open()
    {
        line("{");
        depth++;
    }

    void close()
    {
        close("");
    }

    void close(final String after)
    {
        depth--;
        line("}" + after);
    }

    @Override
    public String toString()
    {
        return text.toString();
    }

    /** {@code final T a, final U b}, with a leading comma if asked and not empty. */
    static String params(final List<Arg> args, final boolean leadingComma)
    {
        final String list = args.stream().map(a -> "final " + a.kind().type() + " " + a.name())
            .collect(Collectors.joining(", "));
        return leadingComma && !list.isEmpty() ? ", " + list : list;
    }

    /** {@code a, b}, with a leading comma if asked and not empty. */
    static String argList(final List<Arg> args, final boolean leadingComma)
    {
        final String list = args.stream().map(Arg::name).collect(Collectors.joining(", "));
        return leadingComma && !list.isEmpty() ? ", " + list : list;
    }

    static String pad(final String text, final int width)
    {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }

    /** A doc comment: the declaration's own, then the generated sentence as its last paragraph. */
    static void doc(final SourceText s, final String declared, final String generated)
    {
        s.line("/**");
        if (!declared.isEmpty())
        {
            for (final String line : declared.split("\n"))
            {
                s.line(" * " + line.strip());
            }
            s.line(" *");
            s.line(" * <p>" + generated);
        }
        else
        {
            s.line(" * " + generated);
        }
        s.line(" */");
    }
}
