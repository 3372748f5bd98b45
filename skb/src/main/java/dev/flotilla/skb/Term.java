package dev.flotilla.skb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Prolog term as the SKB hands it out: engine-neutral and immutable, so answers outlive the query
 * that produced them and the engine behind {@link SystemKnowledgeBase} can be swapped. {@link #toString()}
 * is Prolog text that reads back as the same term; {@link #toJson()} is a JSON value for the shell and
 * the SKB service.
 */
public sealed interface Term
{
    /** JSON form: numbers as numbers, atoms and variables as strings, lists as arrays, compounds as objects. */
    JsonNode toJson();

    /** An atom such as {@code numa} or {@code 'Intel Xeon'}. */
    record Atom(String name) implements Term
    {
        private static final Pattern PLAIN = Pattern.compile("[a-z][A-Za-z0-9_]*|\\[]|[+\\-*/\\\\^<>=~:.?@#&$]+");

        @Override
        public String toString()
        {
            return PLAIN.matcher(name).matches() ? name : quoted(name);
        }

        @Override
        public JsonNode toJson()
        {
            return JsonNodeFactory.instance.textNode(name);
        }

        /** {@code text} as a quoted atom, escaping quotes and backslashes. */
        public static String quoted(final String text)
        {
            return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
    }

    /** An integer. */
    record Int(long value) implements Term
    {
        @Override
        public String toString()
        {
            return Long.toString(value);
        }

        @Override
        public JsonNode toJson()
        {
            return JsonNodeFactory.instance.numberNode(value);
        }
    }

    /** A floating-point number. */
    record Real(double value) implements Term
    {
        @Override
        public String toString()
        {
            return Double.toString(value);
        }

        @Override
        public JsonNode toJson()
        {
            return Double.isFinite(value) ? JsonNodeFactory.instance.numberNode(value)
                : JsonNodeFactory.instance.textNode(toString());
        }
    }

    /** A variable left unbound in an answer, named as the engine names it. */
    record Var(String name) implements Term
    {
        @Override
        public String toString()
        {
            return name;
        }

        @Override
        public JsonNode toJson()
        {
            return JsonNodeFactory.instance.textNode(name);
        }
    }

    /** A proper list. */
    record PList(List<Term> elements) implements Term
    {
        public PList
        {
            elements = List.copyOf(elements);
        }

        @Override
        public String toString()
        {
            return "[" + String.join(",", elements.stream().map(Term::toString).toList()) + "]";
        }

        @Override
        public JsonNode toJson()
        {
            final ArrayNode array = JsonNodeFactory.instance.arrayNode();
            elements.forEach(element -> array.add(element.toJson()));
            return array;
        }
    }

    /** A compound term {@code name(arg, ...)} with at least one argument; improper lists come out as {@code '.'/2}. */
    record Compound(String name, List<Term> args) implements Term
    {
        public Compound
        {
            args = List.copyOf(args);
            if (args.isEmpty())
            {
                throw new IllegalArgumentException("a compound term needs arguments; " + name + " is an atom");
            }
        }

        /** Argument {@code index}, 0-based. */
        public Term arg(final int index)
        {
            return args.get(index);
        }

        @Override
        public String toString()
        {
            return new Atom(name) + "(" + String.join(",", args.stream().map(Term::toString).toList()) + ")";
        }

        @Override
        public JsonNode toJson()
        {
            final ObjectNode object = JsonNodeFactory.instance.objectNode().put("functor", name);
            final ArrayNode array = object.putArray("args");
            args.forEach(arg -> array.add(arg.toJson()));
            return object;
        }
    }
}
