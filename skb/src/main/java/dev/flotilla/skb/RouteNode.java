package dev.flotilla.skb;

import java.util.ArrayList;
import java.util.List;

/**
 * One node of a multicast routing tree: a core that receives the message, forwards it to its
 * children in list order and acknowledges once all of them have. The Java form of the SKB's
 * {@code node(Core, Children)} terms.
 *
 * @param core     the core.
 * @param children the cores it forwards to, in send order.
 */
public record RouteNode(int core, List<RouteNode> children)
{
    public RouteNode
    {
        children = List.copyOf(children);
    }

    /** A node that forwards to nobody. */
    public static RouteNode leaf(final int core)
    {
        return new RouteNode(core, List.of());
    }

    /** Every core of the tree, this one first, depth first in send order. */
    public List<Integer> cores()
    {
        final List<Integer> cores = new ArrayList<>();
        collect(this, cores);
        return cores;
    }

    /** How many cores the tree reaches, this one included. */
    public int size()
    {
        return cores().size();
    }

    /** Levels of messages below this core: 0 for a leaf. */
    public int depth()
    {
        int deepest = 0;
        for (final RouteNode child : children)
        {
            deepest = Math.max(deepest, 1 + child.depth());
        }
        return deepest;
    }

    /** The children that forward further: in a multicast tree, the aggregators. */
    public List<RouteNode> forwarders()
    {
        return children.stream().filter(c -> !c.children.isEmpty()).toList();
    }

    /** The tree as the SKB's {@code node(Core, Children)} term. */
    public Term toTerm()
    {
        return new Term.Compound("node", List.of(new Term.Int(core),
            new Term.PList(children.stream().map(RouteNode::toTerm).toList())));
    }

    /**
     * Reads a {@code node(Core, Children)} term.
     *
     * @throws IllegalArgumentException if the term is not such a tree.
     */
    public static RouteNode fromTerm(final Term term)
    {
        if (term instanceof Term.Compound(final String name, final List<Term> args) && name.equals("node")
            && args.size() == 2 && args.get(0) instanceof Term.Int(final long core)
            && args.get(1) instanceof Term.PList(final List<Term> elements))
        {
            return new RouteNode(Math.toIntExact(core), elements.stream().map(RouteNode::fromTerm).toList());
        }
        throw new IllegalArgumentException("not a node(Core, Children) tree: " + term);
    }

    /** Indented text, one core a line, children below their parent in send order. */
    public String render()
    {
        final StringBuilder text = new StringBuilder();
        render(this, 0, text);
        return text.toString();
    }

    private static void collect(final RouteNode node, final List<Integer> into)
    {
        into.add(node.core);
        node.children.forEach(child -> collect(child, into));
    }

    private static void render(final RouteNode node, final int level, final StringBuilder into)
    {
        into.append("  ".repeat(level)).append(node.core).append('\n');
        node.children.forEach(child -> render(child, level + 1, into));
    }

    @Override
    public String toString()
    {
        return toTerm().toString();
    }
}
