package dev.flotilla.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The type table against Barrelfish's {@code caps.hl}, and the properties derived from it. */
final class CapTypeTest
{
    @Test
    void retypeSourcesAreBarrelfishs()
    {
        assertEquals(List.of(), CapType.PHYS_ADDR.sources());
        assertEquals(List.of(CapType.PHYS_ADDR), CapType.RAM.sources());
        assertEquals(List.of(CapType.RAM), CapType.FRAME.sources());
        assertEquals(List.of(CapType.PHYS_ADDR), CapType.DEV_FRAME.sources());
        assertEquals(List.of(CapType.DISPATCHER), CapType.END_POINT.sources());
        assertEquals(List.of(), CapType.KERNEL.sources());
        for (final CapType t : EnumSet.of(CapType.L1_CNODE, CapType.L2_CNODE, CapType.DISPATCHER,
            CapType.VNODE_X86_64_PML4, CapType.VNODE_X86_64_PDPT, CapType.VNODE_X86_64_PDIR, CapType.VNODE_X86_64_PTABLE))
        {
            assertEquals(List.of(CapType.RAM), t.sources(), t.name());
        }
        final Set<CapType> fromSelf = EnumSet.allOf(CapType.class).stream().filter(CapType::isFromSelf)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(CapType.class)));
        assertEquals(EnumSet.of(CapType.PHYS_ADDR, CapType.RAM, CapType.FRAME, CapType.DEV_FRAME), fromSelf);
    }

    @Test
    void declarationOrderIsTopological()
    {
        for (final CapType t : CapType.values())
        {
            for (final CapType s : t.sources())
            {
                assertTrue(s.ordinal() < t.ordinal(), t + " before " + s);
            }
        }
    }

    @Test
    void everyMemoryTypeSharesThePhysicalTypeTree()
    {
        for (final CapType t : CapType.values())
        {
            assertEquals(t == CapType.KERNEL ? CapType.KERNEL : CapType.PHYS_ADDR, t.root(), t.name());
            assertEquals(t != CapType.KERNEL, t.hasRange(), t.name());
        }
    }

    @Test
    void ancestryIsTheTransitiveClosureOfRetypeAndMap()
    {
        assertTrue(CapType.PHYS_ADDR.isAncestorTypeOf(CapType.FRAME_MAPPING));
        assertTrue(CapType.RAM.isAncestorTypeOf(CapType.END_POINT));
        assertTrue(CapType.RAM.isAncestorTypeOf(CapType.VNODE_X86_64_PDIR_MAPPING));
        assertTrue(CapType.FRAME.isAncestorTypeOf(CapType.FRAME));
        assertFalse(CapType.DISPATCHER.isAncestorTypeOf(CapType.DISPATCHER));
        assertFalse(CapType.FRAME.isAncestorTypeOf(CapType.RAM));
        assertFalse(CapType.RAM.isAncestorTypeOf(CapType.DEV_FRAME));
        assertFalse(CapType.KERNEL.isAncestorTypeOf(CapType.KERNEL));
        assertFalse(CapType.FRAME_MAPPING.isRetypeSource());
        assertFalse(CapType.VNODE_X86_64_PTABLE.isRetypeSource());
        assertTrue(CapType.DISPATCHER.isRetypeSource());
    }

    @Test
    void mappableTypesPairWithTheirMappingTypes()
    {
        for (final CapType t : CapType.values())
        {
            if (t.isMappable())
            {
                assertEquals(t, t.mappingType().mappedType());
                assertTrue(t.mappingType().isMapping());
            }
            else
            {
                assertThrows(IllegalStateException.class, t::mappingType);
            }
        }
        assertFalse(CapType.VNODE_X86_64_PML4.isMappable());
        assertFalse(CapType.RAM.isMappable());
    }

    @Test
    void pageTableGeometry()
    {
        assertEquals(CapType.VNODE_X86_64_PDPT, CapType.VNODE_X86_64_PML4.pageTable().child());
        assertEquals(ObjectSizes.LARGE_PAGE, CapType.VNODE_X86_64_PDIR.pageTable().entrySpan());
        assertFalse(CapType.VNODE_X86_64_PML4.pageTable().mapsPages());
        assertEquals(512, CapType.VNODE_X86_64_PTABLE.pageTable().entries());
        assertThrows(IllegalStateException.class, CapType.FRAME::pageTable);
    }

    @Test
    void objectSizeRules()
    {
        assertTrue(CapType.FRAME.objectSize().admits(8192));
        assertFalse(CapType.FRAME.objectSize().admits(4097));
        assertFalse(CapType.FRAME.objectSize().admits(0));
        assertTrue(CapType.L2_CNODE.objectSize().admits(16384));
        assertFalse(CapType.L2_CNODE.objectSize().admits(32768));
        assertTrue(CapType.L1_CNODE.objectSize().admits(32768));
        assertFalse(CapType.L1_CNODE.objectSize().admits(ObjectSizes.L1_CNODE_MAX + ObjectSizes.L2_CNODE));
        assertTrue(CapType.END_POINT.objectSize().admits(0));
        assertFalse(CapType.KERNEL.objectSize().admits(0));
        assertEquals(1024, CapType.DISPATCHER.offsetAlignment());
        assertEquals(4096, CapType.L2_CNODE.offsetAlignment());
        assertEquals(4096, CapType.RAM.offsetAlignment());
    }
}
