package dev.flotilla.skb.engine;

import dev.flotilla.skb.Term;
import java.util.ArrayList;
import java.util.List;
import org.projog.core.math.Numeric;
import org.projog.core.term.Atom;
import org.projog.core.term.DecimalFraction;
import org.projog.core.term.IntegerNumberCache;
import org.projog.core.term.ListFactory;
import org.projog.core.term.StructureFactory;
import org.projog.core.term.TermFormatter;
import org.projog.core.term.TermType;

/** Converts between Projog's mutable terms and the SKB's immutable {@link Term}s. Stateless. */
final class TermBridge
{
    private TermBridge()
    {
    }

    /** The SKB form of a Projog term, following its variable bindings. */
    static Term fromProjog(final org.projog.core.term.Term projogTerm, final TermFormatter formatter)
    {
        final org.projog.core.term.Term t = projogTerm.getTerm();
        return switch (t.getType())
        {
            case INTEGER -> new Term.Int(((Numeric)t).getLong());
            case FRACTION -> new Term.Real(((Numeric)t).getDouble());
            case ATOM -> new Term.Atom(t.getName());
            case EMPTY_LIST -> new Term.PList(List.of());
            case VARIABLE, CLP_VARIABLE -> new Term.Var(formatter.formatTerm(t));
            case LIST -> list(t, formatter);
            case STRUCTURE -> compound(t, formatter);
        };
    }

    /** The Projog form of an SKB term; variables are not accepted as inputs. */
    static org.projog.core.term.Term toProjog(final Term term)
    {
        return switch (term)
        {
            case Term.Int i -> IntegerNumberCache.valueOf(i.value());
            case Term.Real r -> new DecimalFraction(r.value());
            case Term.Atom a -> new Atom(a.name());
            case Term.PList l -> ListFactory.createList(l.elements().stream().map(TermBridge::toProjog).toList());
            case Term.Compound c -> StructureFactory.createStructure(c.name(),
                c.args().stream().map(TermBridge::toProjog).toArray(org.projog.core.term.Term[]::new));
            case Term.Var v -> throw new IllegalArgumentException("an input must be bound, not the variable " + v);
        };
    }

    private static Term compound(final org.projog.core.term.Term t, final TermFormatter formatter)
    {
        final List<Term> args = new ArrayList<>(t.getNumberOfArguments());
        for (int i = 0; i < t.getNumberOfArguments(); i++)
        {
            args.add(fromProjog(t.getArgument(i), formatter));
        }
        return new Term.Compound(t.getName(), args);
    }

    /** Walks a list iteratively (lists of every core can be long); an improper tail becomes {@code '.'/2}. */
    private static Term list(final org.projog.core.term.Term t, final TermFormatter formatter)
    {
        final List<Term> elements = new ArrayList<>();
        org.projog.core.term.Term cell = t;
        while (cell.getType() == TermType.LIST)
        {
            elements.add(fromProjog(cell.getArgument(0), formatter));
            cell = cell.getArgument(1).getTerm();
        }
        if (cell.getType() == TermType.EMPTY_LIST)
        {
            return new Term.PList(elements);
        }
        Term tail = fromProjog(cell, formatter);
        for (int i = elements.size() - 1; i >= 0; i--)
        {
            tail = new Term.Compound(".", List.of(elements.get(i), tail));
        }
        return tail;
    }
}
