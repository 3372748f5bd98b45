package dev.flotilla.skb.facts;

import dev.flotilla.skb.FactKind;
import dev.flotilla.skb.Term;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Collects facts as Prolog text, one clause a line, ready to consult. Arguments are {@link Term}s, so
 * atoms are quoted where Prolog needs it and no caller writes Prolog syntax by hand.
 */
public final class FactWriter
{
    private final StringBuilder text = new StringBuilder(1024);
    private int count;

    /** Adds {@code kind(args...)}; the number of arguments must match the kind's arity. */
    public FactWriter add(final FactKind kind, final Term... args)
    {
        if (args.length != kind.arity())
        {
            throw new IllegalArgumentException(kind.signature() + " takes " + kind.arity() + " arguments, not "
                + args.length);
        }
        text.append(new Term.Compound(kind.functor(), List.of(args))).append(".\n");
        count++;
        return this;
    }

    /** The clauses written so far. */
    public String text()
    {
        return text.toString();
    }

    /** How many facts were written. */
    public int count()
    {
        return count;
    }

    /** An integer argument. */
    public static Term integer(final long value)
    {
        return new Term.Int(value);
    }

    /** An atom argument. */
    public static Term atom(final String name)
    {
        return new Term.Atom(name);
    }

    /** A list of integers. */
    public static Term integers(final Collection<Integer> values)
    {
        final List<Term> elements = new ArrayList<>(values.size());
        values.forEach(v -> elements.add(new Term.Int(v)));
        return new Term.PList(elements);
    }
}
