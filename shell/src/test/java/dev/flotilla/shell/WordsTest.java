package dev.flotilla.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jline.reader.Candidate;
import org.junit.jupiter.api.Test;

/** The shell's lexical rules, its listings and its completion, without a system. */
class WordsTest
{
    @Test
    void wordsSplitAtBlanksWithQuotesAndComments()
    {
        assertEquals(List.of("skb", "core(C, P, _, N)"), Words.split("skb 'core(C, P, _, N)'"));
        assertEquals(List.of("a", "say \"hi\"", "x"), Words.split("a \"say \\\"hi\\\"\" x # the rest"));
        assertEquals(List.of("a#b"), Words.split("a#b"));
        assertEquals(List.of(""), Words.split("''"));
        assertEquals(List.of(), Words.split("   # only a comment"));
        final FlotillaException unclosed = assertThrows(FlotillaException.class, () -> Words.split("skb 'oops"));
        assertEquals(ErrorCode.SHELL_USAGE, unclosed.code());
    }

    @Test
    void sizesTakeBinaryUnitsAndHex()
    {
        assertEquals(4096, Words.size("4K", "SIZE"));
        assertEquals(4096, Words.size("4k", "SIZE"));
        assertEquals(2L << 20, Words.size("2M", "SIZE"));
        assertEquals(1L << 30, Words.size("1G", "SIZE"));
        assertEquals(0x40000000L, Words.size("0x40000000", "VADDR"));
        assertEquals(12, Words.size("12", "COUNT"));
        for (final String bad : List.of("", "4Q", "-1", "0x", "1.5M", "99999999999999999999", "9000000000G"))
        {
            final FlotillaException e = assertThrows(FlotillaException.class, () -> Words.size(bad, "SIZE"), bad);
            assertEquals(ErrorCode.SHELL_USAGE, e.code());
            assertTrue(e.detail().startsWith("SIZE must be a number"), e.detail());
        }
        assertEquals(-1, Words.value("0xffffffffffffffff", "VALUE"));
        assertEquals(-5, Words.value("-5", "VALUE"));
    }

    @Test
    void coresAreCheckedAgainstTheSystem()
    {
        assertEquals(3, Words.core("3", 4));
        assertEquals(ErrorCode.INVALID_CORE, assertThrows(FlotillaException.class, () -> Words.core("4", 4)).code());
        assertEquals(ErrorCode.SHELL_USAGE, assertThrows(FlotillaException.class, () -> Words.core("two", 4)).code());
    }

    @Test
    void domainIdsReadAsHomeAndSequence()
    {
        final long id = 3L << 32 | 7;
        assertEquals("3.7", DomainIds.format(id));
        assertEquals(id, DomainIds.parse("3.7"));
        assertEquals(id, DomainIds.parse(Long.toString(id)));
        for (final String bad : List.of("x", "1.", ".2", "1.2.3", "-1.2", "1.99999999999"))
        {
            assertEquals(ErrorCode.SHELL_USAGE, assertThrows(FlotillaException.class, () -> DomainIds.parse(bad)).code(),
                bad);
        }
    }

    @Test
    void skbSolutionsSplitIntoBindingsKeepingCompoundValuesWhole()
    {
        final var b = Bindings.of("C = 3, T = node(0, [node(1, []), node(2, [])]), N = 12");
        assertEquals(List.of("C", "T", "N"), List.copyOf(b.keySet()));
        assertEquals("node(0, [node(1, []), node(2, [])])", b.get("T"));
        assertEquals(12, Bindings.integer(b, "N"));
        assertEquals(-1, Bindings.integer(b, "T"));
        assertEquals(-1, Bindings.integer(b, "Missing"));
        assertTrue(Bindings.of("true").isEmpty());
    }

    @Test
    void tablesAlignTextAndGiveJsonRowsWithCoreRuns()
    {
        final Table table = new Table("core", "name", "cores").row(0, "fish", List.of(0, 1, 2, 3, 5, 7, 8))
            .row(12, "x", List.of());
        assertEquals("core  name  cores\n   0  fish  0-3,5,7,8\n  12  x", table.text());
        assertEquals("[{\"core\":0,\"name\":\"fish\",\"cores\":[0,1,2,3,5,7,8]},{\"core\":12,\"name\":\"x\",\"cores\":[]}]",
            table.json().toString());
        assertEquals("0,1", Table.ranges(List.of(0, 1)));
    }

    @Test
    void completionOffersCommandsSubcommandsNamesAndCores()
    {
        assertTrue(offered(List.of(""), 0).containsAll(List.of("caps", "ping", "halt", "on")));
        assertEquals(List.of("alloc", "copy", "delete", "identify", "mint", "retype", "revoke"), offered(List.of("caps", ""), 1));
        assertEquals(List.of("f0", "ram"), offered(List.of("caps", "identify", ""), 2));
        assertEquals(List.of("0", "1", "2"), offered(List.of("ping", ""), 1));
        assertEquals(List.of("0", "1", "2"), offered(List.of("on", ""), 1));
        assertTrue(offered(List.of("on", "2", ""), 2).contains("caps"), "after 'on CORE' comes a command");
        assertTrue(offered(List.of("caps", "retype", "ram", ""), 3).contains("frame"));
    }

    private static List<String> offered(final List<String> words, final int index)
    {
        final List<Candidate> candidates = new ArrayList<>();
        TerminalLines.complete(words, index, new java.util.TreeSet<>(Set.of("ram", "f0")), 3, candidates);
        return candidates.stream().map(Candidate::value).toList();
    }
}
