package dev.flotilla.caps.cspace;

import java.util.ArrayList;
import java.util.List;

/**
 * Deletes what one core holds of an object, for the distributed operations: every copy (delete of a type that
 * cannot change owner), or every copy and every descendant (revoke's sweep on a core other than the
 * revoker's). Each goes with its cascade ({@link DeleteCascade}): a frame's mappings, so the CPU driver closes
 * their windows before the monitor acknowledges. The monitor only.
 *
 * <p>After a revoke's sweep this core's ancestors of the object get {@link RemoteRelations#UNTRACKED_DESCENDANTS}:
 * the revoker keeps the object, and the records of it that let this core's own retypes stay local are gone.
 *
 * <p>Checks: none can fail; a core that holds nothing deletes nothing.
 */
public final class SweepObject
{
    private final CoreCapabilities core;
    private final long generation;
    private final ObjectName object;
    private final boolean descendants;

    private SweepObject(final CoreCapabilities core, final ObjectName object, final boolean descendants)
    {
        this.core = core;
        this.generation = core.generation();
        this.object = object;
        this.descendants = descendants;
    }

    /** Checks a sweep of {@code object}'s copies, and of its descendants too if {@code descendants}. */
    public static SweepObject decode(final CoreCapabilities core, final ObjectName object, final boolean descendants)
    {
        return new SweepObject(core, object, descendants);
    }

    /** Deletes; returns every capability removed, cascades included. */
    public List<Deletion> invoke()
    {
        core.beginInvoke(generation);
        final List<Cte> victims = new ArrayList<>();
        for (final Cte cte : core.mdb().overlapping(object.type().root(), object.base(), object.size()))
        {
            if (object.isCopy(cte.capability()) || descendants && object.isDescendant(cte.capability()))
            {
                victims.add(cte);
            }
        }
        final List<Deletion> out = new ArrayList<>();
        for (final Cte victim : victims)
        {
            DeleteCascade.delete(core, victim, out); // skips what an earlier cascade already took
        }
        if (descendants && !victims.isEmpty())
        {
            // The revoker keeps its copies: the object lives on there, and this core's records of it are gone,
            // so this core's ancestors no longer know every descendant elsewhere. Their retypes must ask.
            final var cap = victims.getFirst().capability();
            for (final Cte ancestor : core.mdb().containing(object.type().root(), object.base(), object.size()))
            {
                if (dev.flotilla.caps.mdb.MdbOrder.isAncestor(cap, ancestor.capability()))
                {
                    ancestor.setRemoteRelations(ancestor.remoteRelations() | RemoteRelations.DESCENDANTS
                        | RemoteRelations.UNTRACKED_DESCENDANTS);
                }
            }
        }
        return out;
    }
}
