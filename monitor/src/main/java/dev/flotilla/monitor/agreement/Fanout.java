package dev.flotilla.monitor.agreement;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.lib.skb.MulticastTree;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;

/**
 * The trees rounds travel along. The SKB computes a tree over every core ({@code SkbClient.tree}: broadcast,
 * unicast, multicast per package, NUMA-aware multicast; the boot keeps its NUMA tree); a round over a set of
 * cores uses that tree cut down to the set: a core outside the set is left out and its subtrees take its place
 * under its parent, in its place in the send order, so a package's aggregator that is not in the set no longer
 * relays, and the rest of the shape — which packages are reached first, which nodes broadcast — is kept.
 */
public final class Fanout
{
    private Fanout()
    {
    }

    /**
     * {@code full} cut down to {@code cores}; its root (the coordinator) always stays, whether in the set or not.
     *
     * @throws FlotillaException AGREEMENT_EMPTY_SET for no cores; AGREEMENT_NO_SUCH_CORE for a core the tree does not
     *                           reach (the system has no such core).
     */
    public static MulticastTree restrict(final MulticastTree full, final Collection<Integer> cores)
    {
        if (cores.isEmpty())
        {
            throw new FlotillaException(ErrorCode.AGREEMENT_EMPTY_SET, "a round over no cores");
        }
        final List<Integer> known = full.cores();
        final BitSet wanted = new BitSet();
        for (final int core : cores)
        {
            if (!known.contains(core))
            {
                throw new FlotillaException(ErrorCode.AGREEMENT_NO_SUCH_CORE, "core " + core + " is not among the "
                    + known.size() + " cores of the tree " + full);
            }
            wanted.set(core);
        }
        return new MulticastTree(full.core(), kept(full.children(), wanted), full.broadcast());
    }

    /** The subtrees of {@code nodes} that stay: each wanted node with its kept children; others spliced out. */
    private static List<MulticastTree> kept(final List<MulticastTree> nodes, final BitSet wanted)
    {
        final List<MulticastTree> out = new ArrayList<>();
        for (final MulticastTree node : nodes)
        {
            final List<MulticastTree> below = kept(node.children(), wanted);
            if (wanted.get(node.core()))
            {
                out.add(new MulticastTree(node.core(), below, node.broadcast()));
            }
            else
            {
                out.addAll(below);
            }
        }
        return out;
    }

    /**
     * Checks that {@code tree} can carry a round coordinated by {@code root} on a system of {@code cores} cores.
     *
     * @return null if it can, else the code: AGREEMENT_BAD_TREE (another root, a core twice),
     *         AGREEMENT_NO_SUCH_CORE (a core outside 0..cores-1).
     */
    static ErrorCode check(final MulticastTree tree, final int root, final int cores)
    {
        if (tree.core() != root)
        {
            return ErrorCode.AGREEMENT_BAD_TREE;
        }
        final BitSet seen = new BitSet();
        for (final int core : tree.cores())
        {
            if (core >= cores)
            {
                return ErrorCode.AGREEMENT_NO_SUCH_CORE;
            }
            if (seen.get(core))
            {
                return ErrorCode.AGREEMENT_BAD_TREE;
            }
            seen.set(core);
        }
        return null;
    }
}
