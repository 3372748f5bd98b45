package dev.flotilla.caps.cspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.ObjectSizes;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Model-based property test: long random sequences of capability operations run against the real
 * library and against {@link CapModel}, comparing after every step the outcome, the contents of
 * every addressable slot, the set of live capabilities, and the invariants.
 *
 * <p>Each operation is ten random integers, decoded against the current state: most capability
 * references name a slot that is occupied right now, so operations keep hitting real capabilities,
 * real descendants and real page-table entries; the rest are arbitrary, to exercise every error. The
 * seed is fixed, so the run is deterministic.
 */
final class CapabilityModelTest
{
    private static final long KIB = 1024;
    private static final long ROOT_BASE = 0;
    private static final long RAM0 = 0x100000;
    private static final long RAM1 = 0x200000;
    private static final long PHYS = 0x300000;
    private static final long TABLES = 0x400000;
    private static final long FRAMES = 0x800000;

    private static final CapType[] TYPES = {
        CapType.RAM, CapType.FRAME, CapType.FRAME, CapType.DEV_FRAME, CapType.L2_CNODE, CapType.L1_CNODE,
        CapType.DISPATCHER, CapType.END_POINT, CapType.VNODE_X86_64_PTABLE, CapType.VNODE_X86_64_PDIR,
        CapType.FRAME_MAPPING, CapType.KERNEL, CapType.PHYS_ADDR,
    };
    private static final long[] ODD_SIZES = {0, KIB, 4 * KIB, 8 * KIB, 16 * KIB, 32 * KIB, 3000, 512 * KIB};
    private static final int FIELDS = 10;

    /**
     * A program: {@code length} operations drawn from a random stream seeded by {@code seed}. A shorter
     * program is a prefix of a longer one, so QuickTheories shrinks a failure to its shortest failing prefix.
     */
    record Program(long seed, int length)
    {
        int[][] operations()
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final int[][] ops = new int[length][FIELDS];
            for (final int[] op : ops)
            {
                for (int i = 0; i < FIELDS; i++)
                {
                    op[i] = random.nextInt(1 << 24);
                }
            }
            return ops;
        }
    }

    private static Gen<Program> programs(final int minLength, final int maxLength)
    {
        return longs().all().zip(integers().between(minLength, maxLength), Program::new);
    }

    @Test
    void randomOperationSequencesAgreeWithTheModel()
    {
        final Map<String, int[]> outcomes = new TreeMap<>();
        final Map<ErrorCode, Integer> codes = new EnumMap<>(ErrorCode.class);
        qt().withFixedSeed(0x5EED_CA75L).withExamples(150).withShrinkCycles(100)
            .forAll(programs(200, 400))
            .checkAssert(program -> new Run(outcomes, codes).execute(program.operations()));
        System.out.println("outcomes " + outcomes.entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue()[0] + "/" + e.getValue()[1]).toList() + " errors " + codes);
        // The programs must reach the interesting cases: every operation succeeds and fails often, and
        // every error the operations can report is reported.
        outcomes.forEach((kind, counts) ->
            assertTrue(counts[0] >= 500 && counts[1] >= 200, kind + " succeeded " + counts[0] + ", failed " + counts[1]));
        for (final ErrorCode code : EnumSet.range(ErrorCode.INVALID_CAPREF, ErrorCode.VM_MAP_SIZE))
        {
            if (code == ErrorCode.INVALID_ADDRESS || code == ErrorCode.RANGE_IN_USE)
            {
                continue; // only boot-time creation reports these
            }
            if (code.compareTo(ErrorCode.RETRY_THROUGH_MONITOR) >= 0 && code.compareTo(ErrorCode.VNODE_TYPE) < 0)
            {
                continue; // only relatives on other cores lead to these (CrossCoreTest, the monitor's capops tests)
            }
            assertTrue(codes.getOrDefault(code, 0) >= 5, code + " reported " + codes.get(code) + " times");
        }
    }

    /** One program run against a fresh core and a fresh model, booted identically. */
    private static final class Run
    {
        private final CoreCapabilities core = new CoreCapabilities(0);
        private final CSpace cspace;
        private final CapModel model = new CapModel(ROOT_BASE, ObjectSizes.L2_CNODE);
        private final Map<String, int[]> outcomes;
        private final Map<ErrorCode, Integer> codes;
        private String kind;
        private String described;

        Run(final Map<String, int[]> outcomes, final Map<ErrorCode, Integer> codes)
        {
            this.outcomes = outcomes;
            this.codes = codes;
            cspace = core.createCSpace(ROOT_BASE, ObjectSizes.L2_CNODE);
            final CapModel.Cap[] root = model.root.obj.table;
            boot(CapRef.ROOT, root, 0, CapType.L2_CNODE, 0x4000, ObjectSizes.L2_CNODE);
            boot(CapRef.ROOT, root, 1, CapType.L2_CNODE, 0x8000, ObjectSizes.L2_CNODE);
            final CapModel.Cap[] a = root[0].obj.table;
            final CapModel.Cap[] b = root[1].obj.table;
            boot(CapRef.inRoot(0), a, 0, CapType.RAM, RAM0, 256 * KIB);
            boot(CapRef.inRoot(1), b, 0, CapType.RAM, RAM1, 64 * KIB);
            boot(CapRef.inRoot(0), a, 1, CapType.PHYS_ADDR, PHYS, 64 * KIB);
            boot(CapRef.inRoot(1), b, 1, CapType.KERNEL, 0, 0);
            boot(CapRef.inRoot(0), a, 2, CapType.FRAME, FRAMES, 16 * KIB);
            boot(CapRef.inRoot(0), a, 3, CapType.FRAME, FRAMES + ObjectSizes.LARGE_PAGE, ObjectSizes.LARGE_PAGE);
            boot(CapRef.inRoot(1), b, 2, CapType.VNODE_X86_64_PTABLE, TABLES, ObjectSizes.VNODE);
            boot(CapRef.inRoot(1), b, 3, CapType.VNODE_X86_64_PDIR, TABLES + ObjectSizes.VNODE, ObjectSizes.VNODE);
            // Copies in root slots 8-9 and L2 slots 12-15, which operations name only by chance, so that one
            // unlucky delete does not empty the CSpace; a revoke still reaches them.
            bootCopy(CapRef.inRoot(0), CapRef.ROOT, 8);
            bootCopy(CapRef.inRoot(1), CapRef.ROOT, 9);
            for (int i = 0; i < 4; i++)
            {
                bootCopy(CapRef.of(0, i), CapRef.inRoot(0), 12 + i);
                bootCopy(CapRef.of(1, i), CapRef.inRoot(1), 12 + i);
            }
        }

        private void boot(final CapRef dest, final CapModel.Cap[] table, final int slot, final CapType type,
            final long base, final long size)
        {
            core.create(cspace, dest, slot, type, base, size);
            model.create(table, slot, type, base, size);
        }

        private void bootCopy(final CapRef source, final CapRef dest, final int slot)
        {
            core.copy(cspace, source, dest, slot);
            model.copy(source, dest, slot, CapRights.ALL, new ArrayList<>());
        }

        void execute(final int[][] program)
        {
            for (int step = 0; step < program.length; step++)
            {
                try
                {
                    apply(program[step]);
                    compareState();
                    core.checkInvariants();
                }
                catch (final AssertionError | RuntimeException e)
                {
                    throw new AssertionError("step " + step + " " + described + ": " + e.getMessage(), e);
                }
            }
        }

        // ---- Decoding an operation against the current state ----

        /**
         * Every addressable slot that is occupied now: slots 0-15 of the L2 CNodes in root slots 0-15, and the
         * root slots themselves except those of the boot CNodes (0, 1, 8, 9), which only a raw reference hits:
         * deleting all four empties the CSpace, which is tested, but should not end most programs.
         */
        private List<CapRef> occupied(final boolean bootCNodes)
        {
            final List<CapRef> refs = new ArrayList<>();
            if (!cspace.isLive())
            {
                return refs;
            }
            final CNode root = cspace.rootCNode();
            for (int i = 0; i < 16; i++)
            {
                final Cte cte = root.get(i);
                if (cte != null)
                {
                    if (bootCNodes || i % 8 > 1)
                    {
                        refs.add(CapRef.inRoot(i));
                    }
                    if (cte.capability().type() == CapType.L2_CNODE)
                    {
                        for (int j = 0; j < 16; j++)
                        {
                            if (!cte.namedCNode().isEmpty(j))
                            {
                                refs.add(CapRef.of(i, j));
                            }
                        }
                    }
                }
            }
            return refs;
        }

        /** Five times in six an occupied slot; else any reference, often empty or malformed for the purpose. */
        private CapRef ref(final int x)
        {
            final List<CapRef> live = occupied(false);
            if (x % 6 != 0 && !live.isEmpty())
            {
                return live.get(x / 6 % live.size());
            }
            final int pick = x / 4 % 40;
            if (pick < 30)
            {
                return CapRef.of(x / 160 % 4, x / 640 % 16);
            }
            if (pick < 37)
            {
                return CapRef.inRoot(x / 160 % 8);
            }
            return pick < 39 ? CapRef.ROOT : CapRef.of(250 + x / 160 % 10, 0);
        }

        /** Usually an occupied slot whose capability passes {@code wanted}; else {@link #ref(int)}. */
        private CapRef pick(final int x, final Predicate<Capability> wanted)
        {
            final List<CapRef> matching = occupied(true).stream().filter(r -> wanted.test(cspace.lookup(r).capability())).toList();
            return x % 5 != 0 && !matching.isEmpty() ? matching.get(x / 5 % matching.size()) : ref(x / 5);
        }

        private CapRef destCNode(final int x)
        {
            return x % 7 == 0 ? CapRef.ROOT : pick(x / 7, c -> c.type().isCNode());
        }

        /** Usually a type the source can become, else any type. */
        private CapType retypeTarget(final CapRef source, final int x)
        {
            if (x % 8 != 0 && cspace.isLive())
            {
                try
                {
                    final CapType from = cspace.lookup(source).capability().type();
                    final List<CapType> targets = List.of(TYPES).stream()
                        .filter(t -> from.canRetypeTo(t) && !t.isMapping()).toList();
                    if (!targets.isEmpty())
                    {
                        return targets.get(x / 8 % targets.size());
                    }
                }
                catch (final CapabilityException e)
                {
                    // An empty or malformed source: any type will do.
                }
            }
            return TYPES[x / 8 % TYPES.length];
        }

        private static int slot(final int x)
        {
            return x % 20 == 0 ? 254 + x / 20 % 4 : x % 12;
        }

        private static long offset(final int x)
        {
            final int pick = x % 20;
            if (pick < 2)
            {
                return pick == 0 ? KIB * (x / 20 % 8) : -4 * KIB;
            }
            return pick < 10 ? 0 : 4 * KIB * (x / 20 % 18);
        }

        private static int count(final int x)
        {
            final int pick = x % 10;
            return pick == 0 ? 0 : pick < 7 ? 1 : 2 + pick % 2;
        }

        private static long size(final CapType type, final int x)
        {
            if (x % 6 == 0)
            {
                return ODD_SIZES[x / 6 % ODD_SIZES.length];
            }
            return switch (type)
            {
                case L2_CNODE -> ObjectSizes.L2_CNODE;
                case L1_CNODE -> ObjectSizes.L2_CNODE * (1 + x % 2);
                case DISPATCHER -> ObjectSizes.DISPATCHER;
                case END_POINT, FRAME_MAPPING, KERNEL -> 0;
                case VNODE_X86_64_PTABLE, VNODE_X86_64_PDIR -> ObjectSizes.VNODE;
                default -> 4 * KIB * (1 + x % 4);
            };
        }

        // ---- Running one operation on both sides ----

        private void apply(final int[] v)
        {
            final int pick = v[0] % 100;
            final List<CapModel.Cap> made = new ArrayList<>();
            if (pick < 36)
            {
                final CapRef source = pick(v[1], c -> c.type().isRetypeSource());
                final CapType type = retypeTarget(source, v[3]);
                final long offset = offset(v[2]);
                final long size = size(type, v[4]);
                final int count = count(v[5]);
                final CapRef dest = destCNode(v[6]);
                final int slot = slot(v[7]);
                begin("retype", source + " +" + offset + " " + type + " " + size + "x" + count + " -> " + dest + "/" + slot);
                final Set<ErrorCode> expected = model.retype(source, offset, type, size, count, dest, slot, made);
                compareMade(made, outcome(expected, () -> core.retype(cspace, source, offset, type, size, count, dest, slot)));
            }
            else if (pick < 52)
            {
                final CapRef source = ref(v[1]);
                final CapRef dest = destCNode(v[2]);
                final int slot = slot(v[3]);
                final CapRights mask = v[4] % 2 == 0 ? CapRights.ALL : new CapRights(v[5] % 32);
                begin("mint", source + " -> " + dest + "/" + slot + " " + mask);
                final Set<ErrorCode> expected = model.copy(source, dest, slot, mask, made);
                final Cte real = outcome(expected, () -> core.mint(cspace, source, dest, slot, mask));
                compareMade(made, real == null ? null : List.of(real));
            }
            else if (pick < 62)
            {
                final CapRef target = ref(v[1]);
                begin("delete", target.toString());
                final Set<ErrorCode> expected = model.delete(target, made);
                compareDeleted(made, outcome(expected, () -> core.delete(cspace, target)));
            }
            else if (pick < 67)
            {
                final CapRef target = ref(v[1]);
                begin("revoke", target.toString());
                final Set<ErrorCode> expected = model.revoke(target, made);
                compareDeleted(made, outcome(expected, () -> core.revoke(cspace, target)));
            }
            else if (pick < 93)
            {
                map(v, made);
            }
            else
            {
                final CapRef target = ref(v[1]);
                begin("identify", target.toString());
                final List<CapModel.Cap> found = new ArrayList<>();
                final Set<ErrorCode> expected = model.identify(target, found);
                final Capability real = outcome(expected, () -> core.identify(cspace, target));
                if (real != null)
                {
                    assertEquals(found.get(0).describe(), describe(real));
                }
            }
        }

        private void map(final int[] v, final List<CapModel.Cap> made)
        {
            final CapRef vnode = pick(v[1], c -> c.type().isVNode());
            final CapRef source = pick(v[2], c -> v[9] % 3 == 0 ? c.type().isMappable() : c.type().isMappable() && !c.type().isVNode());
            final int first = v[3] % 10 == 0 ? 510 : v[3] % 40;
            final long offset = v[4] % 10 == 0 ? 2 * KIB : v[4] % 2 == 0 ? 0 : v[4] % 3 * 4 * KIB;
            final int count = 1 + v[5] % 3;
            final CapRights access = new CapRights(v[6] % 8 == 0 ? 31 : v[6] % 8);
            final CapRef dest = destCNode(v[7]);
            final int slot = slot(v[8]);
            begin("map", source + " into " + vnode + " @" + first + "x" + count + " +" + offset + " " + access
                + " -> " + dest + "/" + slot);
            final Set<ErrorCode> expected = model.map(vnode, source, first, offset, count, access, dest, slot, made);
            final Cte real = outcome(expected,
                () -> core.map(cspace, vnode, source, first, offset, count, access, dest, slot));
            compareMade(made, real == null ? null : List.of(real));
        }

        private void begin(final String operation, final String arguments)
        {
            kind = operation;
            described = operation + " " + arguments;
        }

        /** Runs the real operation: it must fail with one of the model's codes, or succeed when there are none. */
        private <T> T outcome(final Set<ErrorCode> expected, final Supplier<T> real)
        {
            final int[] counts = outcomes.computeIfAbsent(kind, k -> new int[2]);
            try
            {
                final T result = real.get();
                if (!expected.isEmpty())
                {
                    fail("succeeded, but the model expected one of " + expected);
                }
                counts[0]++;
                return result;
            }
            catch (final CapabilityException e)
            {
                if (!expected.contains(e.code()))
                {
                    fail("failed with " + e.getMessage() + ", but the model expected "
                        + (expected.isEmpty() ? "success" : expected));
                }
                counts[1]++;
                codes.merge(e.code(), 1, Integer::sum);
                return null;
            }
        }

        private static void compareMade(final List<CapModel.Cap> expected, final List<Cte> real)
        {
            final List<String> got = real == null ? List.of() : real.stream().map(c -> describe(c.capability())).toList();
            assertEquals(expected.stream().map(CapModel.Cap::describe).toList(), got, "capabilities made");
        }

        private void compareDeleted(final List<CapModel.Cap> expected, final List<Deletion> real)
        {
            final List<Deletion> got = real == null ? List.of() : real;
            assertEquals(sorted(expected.stream().map(CapModel.Cap::describe).toList()),
                sorted(got.stream().map(d -> describe(d.capability())).toList()), "capabilities deleted");
            assertEquals(model.objectsKilled(expected), got.stream().filter(Deletion::lastCopy).count(), "last copies");
        }

        /** Every slot the program can address, then every live capability anywhere. */
        private void compareState()
        {
            final CNode root = cspace.rootCNode();
            final CapModel.Cap[] modelRoot = model.root.obj.table;
            for (int i = 0; i < root.slotCount(); i++)
            {
                compareSlot(modelRoot[i], root.get(i), "L1[" + i + "]");
                if (root.get(i) != null && root.get(i).namedCNode() != null)
                {
                    final CNode table = root.get(i).namedCNode();
                    final CapModel.Cap[] modelTable = modelRoot[i].obj.table;
                    for (int j = 0; j < table.slotCount(); j++)
                    {
                        compareSlot(modelTable[j], table.get(j), "L1[" + i + "]/" + j);
                    }
                }
            }
            assertEquals(sorted(model.live.stream().map(CapModel.Cap::describe).toList()),
                sorted(core.mdb().toList().stream().map(c -> describe(c.capability())).toList()), "live capabilities");
        }

        private static void compareSlot(final CapModel.Cap expected, final Cte real, final String where)
        {
            if (expected != null || real != null)
            {
                assertEquals(expected == null ? null : expected.describe(),
                    real == null ? null : describe(real.capability()), where);
            }
        }

        private static String describe(final Capability c)
        {
            return c.type() + " " + c.base() + "+" + c.size() + " " + c.rights()
                + (c.mapping() == null ? "" : " e" + c.mapping().firstEntry() + "x" + c.mapping().pteCount());
        }

        private static List<String> sorted(final List<String> list)
        {
            return list.stream().sorted().toList();
        }
    }
}
