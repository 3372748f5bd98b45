package dev.flotilla.skb;

import java.util.List;

/**
 * A placement constraint for {@code place/3}; each is one Prolog term that {@code skb/placement.pl}
 * understands. Hard constraints filter cores; soft ones rank the cores left, in the order given.
 */
public sealed interface Constraint
{
    /** The Prolog term. */
    Term toTerm();

    /** Hard: on package {@code id}. */
    record OnPackage(int id) implements Constraint
    {
        @Override
        public Term toTerm()
        {
            return new Term.Compound("package", List.of(new Term.Int(id)));
        }
    }

    /** Hard: on NUMA node {@code id}. */
    record OnNode(int id) implements Constraint
    {
        @Override
        public Term toTerm()
        {
            return new Term.Compound("node", List.of(new Term.Int(id)));
        }
    }

    /** Hard: none of these cores. */
    record Exclude(List<Integer> cores) implements Constraint
    {
        public Exclude
        {
            cores = List.copyOf(cores);
        }

        @Override
        public Term toTerm()
        {
            return new Term.Compound("exclude", List.of(new Term.PList(cores.stream()
                .map(c -> (Term)new Term.Int(c)).toList())));
        }
    }

    /** Hard: a core that runs at most {@code limit} services and dispatchers already. */
    record MaxLoad(int limit) implements Constraint
    {
        @Override
        public Term toTerm()
        {
            return new Term.Compound("max_load", List.of(new Term.Int(limit)));
        }
    }

    /** Soft: nearest to NUMA node {@code node}. */
    record Near(int node) implements Constraint
    {
        @Override
        public Term toTerm()
        {
            return new Term.Compound("near", List.of(new Term.Int(node)));
        }
    }

    /** Soft: the cheapest link to core {@code core}. */
    record NearCore(int core) implements Constraint
    {
        @Override
        public Term toTerm()
        {
            return new Term.Compound("near_core", List.of(new Term.Int(core)));
        }
    }

    /** Soft: the fewest services and dispatchers already running. */
    record AvoidBusy() implements Constraint
    {
        @Override
        public Term toTerm()
        {
            return new Term.Atom("avoid_busy");
        }
    }
}
