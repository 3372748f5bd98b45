package dev.flotilla.caps.cspace;

/**
 * Tells every local copy of an object what the monitors agreed (Barrelfish's {@code monitor_set_cap_owner} and
 * {@code monitor_remote_relations}): a new owner, and remote-relation bits to set or clear. Copies on one core
 * always agree on both, so all change together. The monitor only.
 *
 * <p>Checks: the bits are remote-relation bits; the owner is a core number, or -1 to keep it.
 */
public final class UpdateCopies
{
    private final CoreCapabilities core;
    private final long generation;
    private final ObjectName object;
    private final int owner;
    private final int set;
    private final int clear;

    private UpdateCopies(final CoreCapabilities core, final ObjectName object, final int owner, final int set,
        final int clear)
    {
        this.core = core;
        this.generation = core.generation();
        this.object = object;
        this.owner = owner;
        this.set = set;
        this.clear = clear;
    }

    /**
     * Checks an update of {@code object}'s copies here: owner {@code owner} (-1: unchanged), bits {@code set}
     * added and bits {@code clear} removed (set wins where both name a bit).
     *
     * @throws IllegalArgumentException for unknown bits or an owner below -1.
     */
    public static UpdateCopies decode(final CoreCapabilities core, final ObjectName object, final int owner,
        final int set, final int clear)
    {
        RemoteRelations.check(set);
        RemoteRelations.check(clear);
        if (owner < -1)
        {
            throw new IllegalArgumentException("owner: core " + owner + " does not exist");
        }
        return new UpdateCopies(core, object, owner, set, clear);
    }

    /** Updates; returns how many copies this core holds. */
    public int invoke()
    {
        core.beginInvoke(generation);
        int copies = 0;
        for (final Cte cte : core.copiesOf(object))
        {
            copies++;
            cte.setRemoteRelations(cte.remoteRelations() & ~clear | set);
            if (owner >= 0)
            {
                cte.setOwner(owner);
            }
        }
        return copies;
    }
}
