package dev.flotilla.caps.cspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flotilla.caps.CapType;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.ObjectSizes;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A booted core for tests: a CSpace whose 256-slot root holds L2 CNodes in L1 slots 0 and 1, made
 * from nothing below 64 KiB. Tests put sources in L1[0] and destinations in L1[1].
 */
final class Fixture
{
    static final long KIB = 1024;
    static final long PAGE = ObjectSizes.BASE_PAGE;
    /** The L2 CNode in root slot 1, the usual destination. */
    static final CapRef DEST = CapRef.inRoot(1);

    final CoreCapabilities core = new CoreCapabilities(3);
    final CSpace cspace;

    Fixture()
    {
        cspace = core.createCSpace(0, ObjectSizes.L2_CNODE);
        core.create(cspace, CapRef.ROOT, 0, CapType.L2_CNODE, 16 * KIB, ObjectSizes.L2_CNODE);
        core.create(cspace, CapRef.ROOT, 1, CapType.L2_CNODE, 32 * KIB, ObjectSizes.L2_CNODE);
    }

    /** Slot {@code i} of the source CNode, L1[0]. */
    static CapRef src(final int i)
    {
        return CapRef.of(0, i);
    }

    /** Slot {@code i} of the destination CNode, L1[1]. */
    static CapRef dst(final int i)
    {
        return CapRef.of(1, i);
    }

    /** Makes a capability from nothing into L1[0]/{@code slot}. */
    CapRef boot(final int slot, final CapType type, final long base, final long size)
    {
        core.create(cspace, CapRef.inRoot(0), slot, type, base, size);
        return src(slot);
    }

    Cte at(final CapRef ref)
    {
        return cspace.lookup(ref);
    }

    /** Everything observable: the database in order, every slot of every live table, the mapping index size. */
    String snapshot()
    {
        final StringBuilder s = new StringBuilder();
        final Set<CNode> tables = Collections.newSetFromMap(new IdentityHashMap<>());
        for (final Cte cte : core.mdb().toList())
        {
            s.append(cte.serial()).append(' ').append(cte).append('\n');
            if (cte.namedCNode() != null)
            {
                tables.add(cte.namedCNode());
            }
        }
        tables.stream().sorted((a, b) -> Long.compare(a.base(), b.base())).forEach(t ->
        {
            for (int i = 0; i < t.slotCount(); i++)
            {
                if (t.get(i) != null)
                {
                    s.append(t).append('[').append(i).append("]=").append(t.get(i).serial()).append('\n');
                }
            }
        });
        s.append("mappings ").append(core.mappings().size()).append(" generation ").append(core.generation());
        return s.toString();
    }

    /** Runs {@code op}, expects it to fail with {@code code}, and checks it changed nothing. */
    CapabilityException fails(final ErrorCode code, final Runnable op)
    {
        final String before = snapshot();
        final CapabilityException e = assertThrows(CapabilityException.class, op::run);
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(before, snapshot(), "a failed operation changed the state");
        core.checkInvariants();
        return e;
    }
}
