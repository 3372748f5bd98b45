package dev.flotilla.caps.cspace;

import dev.flotilla.caps.CapType;
import dev.flotilla.caps.CapabilityException;

/**
 * Open a CSpace on an L1 CNode capability: the kernel does this when it sets up a dispatcher with a
 * root CNode the spawner retyped (Barrelfish copies the cap into the DCB's {@code cspace} field).
 *
 * <p>The new CSpace holds its own copy of the root capability, with the same rights, outside every
 * CNode; {@link CoreCapabilities#closeCSpace} deletes that copy.
 *
 * <p>Checks: the capability is there and is an L1 CNode ({@code CNODE_TYPE}).
 */
public final class OpenCSpace
{
    private final CoreCapabilities core;
    private final long generation;
    private final Cte root;

    private OpenCSpace(final CoreCapabilities core, final Cte root)
    {
        this.core = core;
        this.generation = core.generation();
        this.root = root;
    }

    /**
     * Checks the open without changing anything.
     *
     * @throws CapabilityException naming the bad argument.
     */
    public static OpenCSpace decode(final CoreCapabilities core, final CSpace cspace, final CapRef l1CNode)
    {
        return new OpenCSpace(core, cspace.lookupCNode(l1CNode, CapType.L1_CNODE, "l1CNode"));
    }

    /** Makes the root copy; returns the new CSpace. */
    public CSpace invoke()
    {
        core.beginInvoke(generation);
        final Cte copy = core.newCte(root.capability(), root.namedCNode(), root.owner());
        copy.inheritRemoteRelations(root);
        core.install(copy, null, 0);
        return new CSpace(copy);
    }
}
