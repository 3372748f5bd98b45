package dev.flotilla.skb;

import dev.flotilla.base.ErrorCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code skb/memory.pl} and {@code skb/transport.pl}. */
final class MemoryAndTransportRulesTest
{
    private static final long GIB = 1L << 30;

    private final SystemKnowledgeBase skb = PaperMachines.amd2x2().skb();

    @Test
    void localMemoryIsTheRangesOfTheCoresNode()
    {
        skb.assertMemoryRange(0, new MemoryRange(0, 4 * GIB));
        skb.assertMemoryRange(1, new MemoryRange(4 * GIB, 4 * GIB));
        skb.assertMemoryRange(1, new MemoryRange(12 * GIB, GIB));
        assertEquals(List.of(new MemoryRange(0, 4 * GIB)), skb.localMemory(1));
        assertEquals(List.of(new MemoryRange(4 * GIB, 4 * GIB), new MemoryRange(12 * GIB, GIB)), skb.localMemory(2));
        assertEquals(List.of(), skb.localMemory(9));
    }

    @Test
    void memoryNearACoreComesNearestNodeFirst()
    {
        skb.assertMemoryRange(1, new MemoryRange(4 * GIB, GIB));
        skb.assertMemoryRange(0, new MemoryRange(0, GIB));
        final QueryAnswer answer = skb.query("memory_near(3, Base, _, Distance)");
        assertEquals(List.of(Map.of("Base", new Term.Int(4 * GIB), "Distance", new Term.Int(10)),
            Map.of("Base", new Term.Int(0), "Distance", new Term.Int(16))), answer.solutions());
    }

    @Test
    void noRangesAssertedMeansNoLocalMemory()
    {
        assertEquals(List.of(), skb.localMemory(0));
    }

    @Test
    void sameCoreIsLmpAndOtherCoresAreUmp()
    {
        assertEquals(Transport.LMP, skb.transport(2, 2));
        assertEquals(Transport.UMP, skb.transport(0, 1));
        assertEquals(Transport.UMP, skb.transport(0, 3));
        assertEquals(16, skb.query("transport(A, B, T)").solutions().size());
    }

    @Test
    void aTransportOverrideFactComesBeforeTheRules()
    {
        assertTrue(skb.query("asserta(transport_override(1, 1, ump))").succeeded());
        assertEquals(Transport.UMP, skb.transport(1, 1), "a UMP ring within core 1");
        assertEquals(Transport.LMP, skb.transport(2, 2), "other pairs keep the rules' answer");
        assertEquals(16, skb.query("transport(A, B, T)").solutions().size(), "still one transport per pair");
        assertTrue(skb.query("retract(transport_override(1, 1, ump))").succeeded());
        assertEquals(Transport.LMP, skb.transport(1, 1));
    }

    @Test
    void aCoreNotOfThisMachineHasNoTransport()
    {
        assertEquals(ErrorCode.SKB_NO_ANSWER, assertThrows(SkbException.class, () -> skb.transport(0, 4)).code());
    }
}
