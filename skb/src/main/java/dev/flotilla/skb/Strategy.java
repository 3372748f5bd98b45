package dev.flotilla.skb;

/**
 * The fan-out strategies of the paper's Fig. 6, as {@code multicast_tree/3} names them; the rule file
 * {@code skb/multicast.pl} says what tree each one builds.
 */
public enum Strategy
{
    /** One shared message that every other core polls. */
    BROADCAST("broadcast"),
    /** One point-to-point message per other core, sent in turn. */
    UNICAST("unicast"),
    /** One message per other package to an aggregator that forwards within its package. */
    MULTICAST("multicast"),
    /** Multicast with the packages reached farthest first by measured latency. */
    NUMA("numa");

    private final String atom;

    Strategy(final String atom)
    {
        this.atom = atom;
    }

    /** The Prolog atom. */
    public String atom()
    {
        return atom;
    }

    /** The strategy named by {@code atom}, ignoring case. */
    public static Strategy of(final String atom)
    {
        for (final Strategy strategy : values())
        {
            if (strategy.atom.equalsIgnoreCase(atom))
            {
                return strategy;
            }
        }
        throw new IllegalArgumentException("no multicast strategy '" + atom + "'; choose broadcast, unicast, "
            + "multicast or numa");
    }
}
