package dev.flotilla.caps.cspace;

import dev.flotilla.caps.Capability;
import dev.flotilla.caps.mdb.MdbEntry;

/**
 * A capability table entry: one capability held in one place, and its node identity in the mapping
 * database (Barrelfish {@code struct cte}).
 *
 * <p>The capability never changes; a slot that gets a new capability gets a new {@code Cte}. What
 * can change is where the entry lives (a root resize moves entries between CNodes) and whether it
 * is still live. An entry is <em>live</em> from the moment it is inserted into its core's mapping
 * database and placed in a slot until it is deleted; a deleted entry stays readable, so a kernel can
 * learn from a {@link Deletion} what was deleted and where it was.
 *
 * <p>Invariant (checked by {@link CoreCapabilities#checkInvariants()}): a live entry is in the
 * mapping database, and either its CNode's slot holds exactly it, or it is held outside every CNode
 * as the root of a {@link CSpace}.
 */
public final class Cte implements MdbEntry
{
    private final Capability capability;
    private final long serial;
    private final CNode namedCNode;
    private final EndpointObject namedEndpoint;
    private int owner;

    private CNode container;
    private int slot;
    private boolean live;
    private int remoteRelations;
    private Cte mappedAs;

    Cte(final Capability capability, final long serial, final CNode namedCNode, final EndpointObject namedEndpoint,
        final int owner)
    {
        this.capability = capability;
        this.serial = serial;
        this.namedCNode = namedCNode;
        this.namedEndpoint = namedEndpoint;
        this.owner = owner;
    }

    @Override
    public Capability capability()
    {
        return capability;
    }

    @Override
    public long serial()
    {
        return serial;
    }

    /** For a CNode capability, the table it names (shared by all its copies); else null. */
    public CNode namedCNode()
    {
        return namedCNode;
    }

    /** For an END_POINT capability, the channel end it names (shared by all its copies); else null. */
    public EndpointObject namedEndpoint()
    {
        return namedEndpoint;
    }

    /**
     * The core that owns the object, the sequencer for distributed operations on it (Barrelfish
     * {@code mdbnode.owner}), and the only core that may retype it. Retype sets it to the retyping core;
     * copies inherit it; sending a copy to another core may move it there ({@link SendCopy}). Invariant: all
     * copies of one object on one core name the same owner, and a core that names itself is right (only the
     * owner moves ownership, and it updates its own copies at once).
     */
    public int owner()
    {
        return owner;
    }

    void setOwner(final int core)
    {
        owner = core;
    }

    /**
     * Cached knowledge of copies, ancestors or descendants on other cores, as the bits of
     * {@link RemoteRelations}; kept by the monitor, inherited by copies.
     */
    public int remoteRelations()
    {
        return remoteRelations;
    }

    /** Records what the monitor learned about other cores' relatives of this capability. */
    public void setRemoteRelations(final int bits)
    {
        remoteRelations = RemoteRelations.check(bits);
    }

    /**
     * True while the mapping made from this entry lives: an entry maps at most once ({@link VNodeMap}), so a
     * second mapping of the same object goes through a copy, which has its own entry.
     */
    public boolean isMapped()
    {
        return mappedAs != null && mappedAs.isLive();
    }

    void mappedAs(final Cte mapping)
    {
        mappedAs = mapping;
    }

    /** The mapping made from this entry (live or not); null if it was never mapped. */
    Cte mapping()
    {
        return mappedAs;
    }

    /** The CNode whose slot holds this entry; null for a CSpace root held outside every CNode. */
    public CNode container()
    {
        return container;
    }

    /** The slot index in {@link #container()}; meaningless when there is none. */
    public int slot()
    {
        return slot;
    }

    /** True until the entry is deleted. */
    public boolean isLive()
    {
        return live;
    }

    void place(final CNode cnode, final int index)
    {
        container = cnode;
        slot = index;
    }

    void markLive()
    {
        live = true;
    }

    void markDeleted()
    {
        live = false;
    }

    void inheritRemoteRelations(final Cte from)
    {
        remoteRelations = from.remoteRelations;
    }

    @Override
    public String toString()
    {
        final String where = container == null ? "root" : "0x" + Long.toHexString(container.base()) + "[" + slot + "]";
        return capability + " @" + where + (live ? "" : " (deleted)");
    }
}
