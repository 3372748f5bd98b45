package dev.flotilla.caps.cspace;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityRecord;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.mdb.MappingDatabase;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The capability state of one core — its mapping database and the mappings it records — and the
 * capability invocations on the CSpaces it hosts.
 *
 * <p>Every invocation is decode, then invoke. {@code Xxx.decode(core, ...)} checks every argument
 * and right and changes nothing; it throws {@link CapabilityException} naming the bad argument.
 * {@code invoke()} then performs the change and cannot fail. The one-call methods here do both. A
 * decoded invocation must be invoked before any other invocation on the core (invoking it later
 * throws {@link IllegalStateException}), since the state it checked may have changed.
 *
 * <p>Single-threaded: a core's CPU driver owns its instance, and nothing in it is shared.
 *
 * <p>Deletions are reported, never hidden: delete, revoke and {@link #closeCSpace} return every
 * capability they removed, cascades included, so the kernel can clear page-table entries, destroy
 * dispatchers and reclaim memory.
 */
public final class CoreCapabilities
{
    private final int coreId;
    private final MappingDatabase<Cte> mdb = new MappingDatabase<>();
    private final MappingIndex mappings = new MappingIndex();
    /**
     * Objects a distributed operation is working on (their owner's queue is busy with them, or a revoke is
     * sweeping them): retype, delete and revoke of their copies answer {@code RETRY_THROUGH_MONITOR}, so the
     * monitor serialises them behind it. The value is true for a revoke's mark: then no copy of the object or
     * of a descendant may leave this core or arrive here either. Set and cleared only by {@link LockObject}.
     */
    private final Map<ObjectName, Boolean> locked = new HashMap<>();
    private long nextSerial;
    private long generation;

    /** @param coreId the core this state belongs to; new objects are owned by it. */
    public CoreCapabilities(final int coreId)
    {
        this.coreId = coreId;
    }

    /** The core this state belongs to. */
    public int coreId()
    {
        return coreId;
    }

    /**
     * The mapping database, for queries (relations, ranges, invariants). Change it only through the
     * invocations: they keep it, the CNodes and the mapping index in step.
     */
    public MappingDatabase<Cte> mdb()
    {
        return mdb;
    }

    MappingIndex mappings()
    {
        return mappings;
    }

    // ---- One-call invocations ----

    /** Boot: a new CSpace whose root L1 CNode is made from nothing at {@code [base, base + bytes)}. See {@link Create}. */
    public CSpace createCSpace(final long base, final long bytes)
    {
        return new CSpace(Create.decodeRoot(this, base, bytes).invoke());
    }

    /** Boot: a capability made from nothing into a slot. See {@link Create}. */
    public Cte create(final CSpace cspace, final CapRef destCNode, final int destSlot,
        final CapType type, final long base, final long size)
    {
        return Create.decode(this, cspace, destCNode, destSlot, type, base, size).invoke();
    }

    /** A new CSpace rooted at a copy of the L1 CNode capability at {@code l1CNode}. See {@link OpenCSpace}. */
    public CSpace openCSpace(final CSpace cspace, final CapRef l1CNode)
    {
        return OpenCSpace.decode(this, cspace, l1CNode).invoke();
    }

    /** Deletes the CSpace's own root copy, and everything in it if that was the last copy. See {@link Delete}. */
    public List<Deletion> closeCSpace(final CSpace cspace)
    {
        return Delete.decodeClose(this, cspace).invoke();
    }

    /** Retypes part of {@code source} into {@code count} new objects. See {@link Retype}. */
    public List<Cte> retype(final CSpace cspace, final CapRef source, final long offset, final CapType type,
        final long objectSize, final int count, final CapRef destCNode, final int destSlot)
    {
        return Retype.decode(this, cspace, source, offset, type, objectSize, count, destCNode, destSlot).invoke();
    }

    /** Retypes 16 KiB of RAM at {@code offset} into a new L2 CNode (Barrelfish {@code cnode_create_l2}). */
    public Cte createL2CNode(final CSpace cspace, final CapRef ram, final long offset,
        final CapRef destCNode, final int destSlot)
    {
        return Retype.decode(this, cspace, ram, offset, CapType.L2_CNODE, ObjectSizes.L2_CNODE, 1, destCNode, destSlot)
            .invoke().get(0);
    }

    /** Copies a capability with the same rights. See {@link Copy}. */
    public Cte copy(final CSpace cspace, final CapRef source, final CapRef destCNode, final int destSlot)
    {
        return Copy.decode(this, cspace, source, destCNode, destSlot, CapRights.ALL).invoke();
    }

    /** Copies a capability keeping only the rights in {@code mask}. See {@link Copy}. */
    public Cte mint(final CSpace cspace, final CapRef source, final CapRef destCNode, final int destSlot,
        final CapRights mask)
    {
        return Copy.decode(this, cspace, source, destCNode, destSlot, mask).invoke();
    }

    /** Copies a capability from one CSpace of this core into a CNode of another, with the same rights. See {@link Copy}. */
    public Cte transfer(final CSpace from, final CapRef source, final CSpace to, final CapRef destCNode,
        final int destSlot)
    {
        return Copy.decode(this, from, source, to, destCNode, destSlot, CapRights.ALL).invoke();
    }

    /** Serialises a capability for another core and marks its local relatives. See {@link SendCopy}. */
    public CapabilityRecord sendCopy(final CSpace cspace, final CapRef source, final int destination)
    {
        return SendCopy.decode(this, cspace, source, destination).invoke();
    }

    /** Makes the copy another core sent, with its remote relations. See {@link ForeignCopy}. */
    public Cte receiveCopy(final CSpace cspace, final CapRef destCNode, final int destSlot,
        final CapabilityRecord record)
    {
        return ForeignCopy.decode(this, cspace, destCNode, destSlot, record).invoke();
    }

    /** Deletes one capability (and its cascade). See {@link Delete}. */
    public List<Deletion> delete(final CSpace cspace, final CapRef target)
    {
        return Delete.decode(this, cspace, target).invoke();
    }

    /** Deletes every copy and descendant of a capability, keeping it. See {@link Revoke}. */
    public List<Deletion> revoke(final CSpace cspace, final CapRef target)
    {
        return Revoke.decode(this, cspace, target).invoke();
    }

    /** Maps a frame or page table into a page table, recording it in a new mapping capability. See {@link VNodeMap}. */
    public Cte map(final CSpace cspace, final CapRef vnode, final CapRef source, final int firstEntry,
        final long offset, final int pteCount, final CapRights access, final CapRef mappingCNode, final int mappingSlot)
    {
        return VNodeMap.decode(this, cspace, vnode, source, firstEntry, offset, pteCount, access, mappingCNode, mappingSlot)
            .invoke();
    }

    /** Grows the CSpace's root CNode. See {@link ResizeRoot}. */
    public Cte resizeRoot(final CSpace cspace, final CapRef newRoot, final CapRef oldRootDest)
    {
        return ResizeRoot.decode(this, cspace, newRoot, oldRootDest).invoke();
    }

    /**
     * What a capability is: type, rights, range. Needs {@link CapRights#IDENTIFY}; changes nothing.
     *
     * @throws CapabilityException as a lookup does, or {@code NO_RIGHTS}.
     */
    public Capability identify(final CSpace cspace, final CapRef target)
    {
        final Cte cte = cspace.lookup(target, "target");
        Checks.requireRight(cte, CapRights.IDENTIFY, "target");
        return cte.capability();
    }

    // ---- Shared by the invocations ----

    /** True if a distributed operation holds the object {@code cap} names (see {@link LockObject}). */
    boolean isLocked(final Capability cap)
    {
        return !locked.isEmpty() && cap.type().hasRange() && !cap.type().isMapping()
            && locked.containsKey(ObjectName.of(cap));
    }

    /** The object being revoked that {@code cap} is a copy or descendant of, or null: such a cap may not cross cores. */
    ObjectName revoking(final Capability cap)
    {
        for (final Map.Entry<ObjectName, Boolean> lock : locked.entrySet())
        {
            if (lock.getValue() && (lock.getKey().isCopy(cap) || lock.getKey().isDescendant(cap)))
            {
                return lock.getKey();
            }
        }
        return null;
    }

    Map<ObjectName, Boolean> locks()
    {
        return locked;
    }

    /** Every live copy of {@code object} on this core, in database order. */
    List<Cte> copiesOf(final ObjectName object)
    {
        final List<Cte> out = new ArrayList<>();
        for (final Cte cte : mdb.overlapping(object.type().root(), object.base(), object.size()))
        {
            if (object.isCopy(cte.capability()))
            {
                out.add(cte);
            }
        }
        return out;
    }

    long generation()
    {
        return generation;
    }

    /** Called first by every invoke: the state must be as its decode saw it. */
    void beginInvoke(final long decodedIn)
    {
        if (decodedIn != generation)
        {
            throw new IllegalStateException("invocation decoded before another invocation changed the state; decode again");
        }
        generation++;
    }

    Cte newCte(final Capability capability, final CNode namedCNode, final int owner)
    {
        return newCte(capability, namedCNode, null, owner);
    }

    Cte newCte(final Capability capability, final CNode namedCNode, final EndpointObject namedEndpoint, final int owner)
    {
        return new Cte(capability, nextSerial++, namedCNode, namedEndpoint, owner);
    }

    /** Makes {@code cte} live in {@code cnode}'s {@code slot} (or, with a null cnode, held outside every CNode). */
    void install(final Cte cte, final CNode cnode, final int slot)
    {
        mdb.insert(cte);
        if (cnode != null)
        {
            cnode.put(slot, cte);
        }
        if (cte.capability().type().isMapping())
        {
            mappings.add(cte);
        }
        cte.markLive();
    }

    /** Removes a live entry from its slot, the database and the mapping index. */
    void unlink(final Cte cte)
    {
        final CNode cnode = cte.container();
        if (cnode != null && cnode.get(cte.slot()) == cte)
        {
            cnode.clear(cte.slot());
        }
        mdb.remove(cte);
        if (cte.capability().type().isMapping())
        {
            mappings.remove(cte);
        }
        cte.markDeleted();
    }

    // ---- Invariants ----

    /**
     * Checks the mapping database's invariants and that it agrees with the CNodes and the mapping
     * index: every live entry is in the database and in its slot, every occupied slot of a live
     * CNode holds a live entry, and copies of a CNode capability share one table. O(n + slots).
     *
     * @throws IllegalStateException naming the first broken invariant.
     */
    public void checkInvariants()
    {
        mdb.checkInvariants();
        final Set<CNode> tables = Collections.newSetFromMap(new IdentityHashMap<>());
        int mappingCount = 0;
        Cte previous = null;
        for (final Cte cte : mdb.toList())
        {
            final CapType type = cte.capability().type();
            require(cte.isLive(), "entry in the database is not live: ", cte);
            require(cte.container() == null || cte.container().get(cte.slot()) == cte, "entry is not in its slot: ", cte);
            require(type.isCNode() == (cte.namedCNode() != null), "CNode capability without table (or vice versa): ", cte);
            require(type == CapType.END_POINT || cte.namedEndpoint() == null, "channel end named by a non-endpoint: ", cte);
            if (type.isCNode())
            {
                tables.add(cte.namedCNode());
                require(cte.namedCNode().base() == cte.capability().base(), "CNode table at another address: ", cte);
                if (previous != null && previous.capability().type() == type
                    && previous.capability().base() == cte.capability().base())
                {
                    require(previous.namedCNode() == cte.namedCNode(), "copies name different tables: ", cte);
                }
            }
            if (type.isMapping())
            {
                mappingCount++;
                require(mappings.contains(cte), "mapping missing from the index: ", cte);
            }
            previous = cte;
        }
        require(mappingCount == mappings.size(), "mapping index holds dead mappings", null);
        for (final CNode table : tables)
        {
            for (int i = 0; i < table.slotCount(); i++)
            {
                final Cte cte = table.get(i);
                require(cte == null || cte.isLive() && cte.container() == table && cte.slot() == i && mdb.contains(cte),
                    "slot holds an entry that is not live there: ", cte);
            }
        }
    }

    private static void require(final boolean condition, final String message, final Cte cte)
    {
        if (!condition)
        {
            throw new IllegalStateException(message + (cte == null ? "" : cte));
        }
    }
}
