package dev.flotilla.bench.soak;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityRecord;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.kernel.Syscalls;
import dev.flotilla.lib.CapOperations;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.mem.RamAllocator;
import dev.flotilla.lib.mem.SlotAllocator;
import dev.flotilla.lib.vm.VSpace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Capability commands by name, as the capability soak and the distributed-capability tests run them on each core
 * (in a user-level thread: the operations block it while the monitors work). Each command answers {@code ok},
 * what it read, or the code of the refusal:
 *
 * <pre>
 *   retype SRC OFFSET TYPE SIZE NAME   one object of TYPE (a CapType name) through CapOperations
 *   delete NAME | revoke NAME          through CapOperations
 *   describe NAME                      TYPE size owner N relations B, or empty
 *   tables NAME                        an address space whose page tables come from RAM NAME
 *   map NAME VA | read VA | write VA V frame mapping, read and write of one word
 *   (a NAME that starts with '!' is never picked by random: the page tables' RAM, say)
 *   random SEED COUNT                  COUNT random operations on what this core holds (java.util.Random(SEED)):
 *                                      retypes, local copies, copies sent to the peers, deletes, revokes, maps
 *                                      (each with a poke and a peek through it, in the address space
 *                                      of the last tables command), peeks and unmaps; answers how
 *                                      often each "operation outcome" came, as {key=count, ...}
 * </pre>
 *
 * <p>A {@link Witness} sees what every core holds; with one, {@code random} checks as it goes that a revoke leaves
 * nothing of the revoked object on any other core and nothing derived from it anywhere, that a poke through a new
 * mapping reads back, and that a peek reaches memory only while some core still holds the frame. What breaks is
 * in {@link #problems()}. Confined to its dispatcher.
 */
public final class CapScript
{
    /** Where {@code random} maps its frames: one 64 KiB region each, the largest frame it makes. */
    private static final long VA_BASE = 0x10_0000_0000L;
    private static final long VA_STRIDE = 64 * 1024;
    /** Objects this large (what the soak hands every core) are revoked rarely, and late: a revoke takes all of them. */
    private static final long ROOT_SIZE = 1L << 20;

    /** What the whole machine holds, for the checks {@code random} makes as it goes. */
    public interface Witness
    {
        /** None: nothing is checked. */
        Witness NONE = new Witness()
        {
            @Override
            public List<String> afterRevoke(final int core, final Capability revoked)
            {
                return List.of();
            }

            @Override
            public boolean frameLive(final Capability frame)
            {
                return true;
            }
        };

        /**
         * What is wrong right after a revoke of {@code revoked} on {@code core} answered: anything of it left on
         * another core, or anything derived from it left anywhere.
         */
        List<String> afterRevoke(int core, Capability revoked);

        /** True if some core holds a capability to {@code frame}'s object. */
        boolean frameLive(Capability frame);
    }

    private final Syscalls sys;
    private final CapOperations ops;
    private final SlotAllocator slots;
    private final int core;
    private final Map<String, CapRef> names = new HashMap<>();
    /** What {@code random} picks from: every name given or made here, until it is found gone. */
    private final List<String> held = new ArrayList<>();
    private final List<CapHolderBinding> peers = new ArrayList<>();
    /** The regions {@code random} mapped and has not unmapped: address, and the frame as it was mapped. */
    private final Map<Long, Capability> mapped = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private Witness witness = Witness.NONE;
    private VSpace vspace;
    private long nextRegion;

    /** The commands of dispatcher {@code self}, whose new capabilities go to {@code slots}. */
    public CapScript(final Dispatcher self, final SlotAllocator slots)
    {
        this.sys = self.syscalls();
        this.ops = new CapOperations(self);
        this.slots = slots;
        this.core = self.core();
    }

    /** Checks {@code random}'s operations against what {@code witness} sees. */
    public CapScript witnessedBy(final Witness w)
    {
        this.witness = w;
        return this;
    }

    /** A holder on another core, which {@code random} sends copies to. */
    public void addPeer(final CapHolderBinding peer)
    {
        peers.add(peer);
    }

    /** Names the capability in {@code ref}; {@code random} picks from it too, unless the name starts with '!'. */
    public void name(final String name, final CapRef ref)
    {
        names.put(name, ref);
        if (!name.startsWith("!"))
        {
            held.add(name);
        }
    }

    /** The slot named {@code name}. */
    public CapRef ref(final String name)
    {
        final CapRef ref = names.get(name);
        if (ref == null)
        {
            throw new IllegalArgumentException("no capability is named " + name);
        }
        return ref;
    }

    /** What broke so far, empty while all is well. */
    public List<String> problems()
    {
        return problems;
    }

    /** The regions mapped now, as far as accesses reach memory; after a revoke of their frames, none. */
    public List<Long> reachable()
    {
        return vspace == null ? List.of() : mapped.keySet().stream().filter(vspace::isMapped).toList();
    }

    /**
     * A copy of {@code arrived} in a slot of its own under {@code name}, the arrived one deleted (through the
     * monitor if a distributed operation holds the object: call it in a user-level thread); answers as
     * {@code describe}, or the code of the refusal (the capability may have been revoked on its way).
     */
    public String keep(final CapRef arrived, final String name)
    {
        final CapRef slot = slots.allocate();
        try
        {
            sys.copy(arrived, CapRef.inRoot(slot.l1Index()), slot.l2Slot());
        }
        catch (final FlotillaException e)
        {
            return e.code().name(); // revoked on its way: the receive slot is empty
        }
        name(name, slot);
        ops.delete(arrived);
        return describe(name);
    }

    /** Runs one command; see the class comment. */
    public String run(final String command)
    {
        final String[] w = command.trim().split("\\s+");
        try
        {
            return switch (w[0])
            {
                case "retype" ->
                {
                    final CapRef slot = slots.allocate();
                    ops.retype(ref(w[1]), Long.decode(w[2]), CapType.valueOf(w[3]), Long.decode(w[4]), 1,
                        CapRef.inRoot(slot.l1Index()), slot.l2Slot());
                    names.put(w[5], slot);
                    yield "ok";
                }
                case "delete" ->
                {
                    ops.delete(ref(w[1]));
                    yield "ok";
                }
                case "revoke" ->
                {
                    ops.revoke(ref(w[1]));
                    yield "ok";
                }
                case "describe" -> describe(w[1]);
                case "random" -> random(Long.parseLong(w[1]), Integer.parseInt(w[2]));
                case "tables" ->
                {
                    vspace = VSpace.create(sys, slots, new RamAllocator(sys, List.of(ref(w[1]))), ops);
                    yield "ok";
                }
                case "map" ->
                {
                    vspace.map(ref(w[1]), Long.decode(w[2]), CapRights.READ.or(CapRights.WRITE));
                    yield "ok";
                }
                case "read" -> "0x" + Long.toHexString(vspace.readLong(Long.decode(w[1])));
                case "write" ->
                {
                    vspace.writeLong(Long.decode(w[1]), Long.decode(w[2]));
                    yield "ok";
                }
                default -> throw new IllegalArgumentException("unknown command " + command);
            };
        }
        catch (final FlotillaException e)
        {
            return e.code().name();
        }
    }

    private String random(final long seed, final int count)
    {
        final Random random = new Random(seed);
        final List<String> given = new ArrayList<>(held);
        given.sort(null);
        for (final String name : given)
        {
            final CapRef slot = slots.allocate(); // a second copy of each, so one delete does not end the run
            try
            {
                sys.copy(ref(name), CapRef.inRoot(slot.l1Index()), slot.l2Slot());
                name(name + "'", slot);
            }
            catch (final FlotillaException gone)
            {
                // revoked from another core before this run began
            }
        }
        final Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < count && !held.isEmpty(); i++)
        {
            final String name = held.get(random.nextInt(held.size()));
            final int choice = random.nextInt(20);
            String outcome;
            try
            {
                outcome = step(random, name, choice, i, count);
            }
            catch (final FlotillaException e)
            {
                outcome = "failed " + e.code().name(); // a copy or a send the CPU driver refused
            }
            outcomes.merge(outcome, 1, Integer::sum);
            if (outcome.endsWith(" CAP_NOT_FOUND") && held.size() > 1)
            {
                held.remove(name); // deleted, or revoked from here or elsewhere
            }
        }
        return outcomes.toString();
    }

    /** One random operation on {@code name}; answers "operation outcome". */
    private String step(final Random random, final String name, final int choice, final int i, final int count)
    {
        final Capability cap;
        try
        {
            cap = sys.describe(ref(name)).capability();
        }
        catch (final FlotillaException e)
        {
            return "describe " + e.code().name();
        }
        final long size = cap.size();
        if (choice < 7 && cap.type() == CapType.RAM && size >= 8 * 4096)
        {
            final long piece = size >= 16 * 65536 ? 65536 : 4096;
            final long offset = piece * random.nextInt((int)(size / piece));
            final String made = name + "." + core + "." + i;
            final String outcome = run("retype " + name + " " + offset + " " + (random.nextBoolean() ? "RAM" : "FRAME")
                + " " + piece + " " + made);
            if (outcome.equals("ok"))
            {
                held.add(made);
            }
            return "retype " + outcome;
        }
        if ((choice == 9 || choice == 10) && !peers.isEmpty())
        {
            final String sent = name + "@" + core + "." + i;
            final String answer = peers.get(random.nextInt(peers.size())).keep(ref(name), sent);
            return "send " + (answer.startsWith(cap.type().name()) ? "ok" : answer);
        }
        if (choice == 11 || choice == 12)
        {
            final String frame = cap.type() == CapType.FRAME ? name : aFrame(random);
            if (frame != null)
            {
                return "map " + map(frame, sys.describe(ref(frame)).capability(), 0x5eed_0000_0000L ^ (long)core << 16 ^ i);
            }
        }
        if (choice == 13 && !mapped.isEmpty())
        {
            return "peek " + peek(List.copyOf(mapped.keySet()).get(random.nextInt(mapped.size())));
        }
        if (choice == 14 && !mapped.isEmpty())
        {
            final long address = List.copyOf(mapped.keySet()).get(random.nextInt(mapped.size()));
            mapped.remove(address);
            try
            {
                vspace.unmap(address);
                return "unmap ok";
            }
            catch (final FlotillaException e)
            {
                return "unmap " + e.code().name();
            }
        }
        if (choice < 15)
        {
            final CapRef slot = slots.allocate();
            sys.copy(ref(name), CapRef.inRoot(slot.l1Index()), slot.l2Slot());
            name(name + "'" + i, slot);
            return "copy ok";
        }
        if (choice < 18 || random.nextInt(3) > 0 || cap.size() >= ROOT_SIZE && (i < count / 2 || random.nextInt(4) > 0))
        {
            return "delete " + run("delete " + name);
        }
        final String outcome = run("revoke " + name);
        if (outcome.equals("ok"))
        {
            problems.addAll(witness.afterRevoke(core, cap));
        }
        return "revoke " + outcome;
    }

    /** A held frame's name, the first found from a random place in what is held; null if none is. */
    private String aFrame(final Random random)
    {
        final int from = random.nextInt(held.size());
        for (int k = 0; k < held.size(); k++)
        {
            final String name = held.get((from + k) % held.size());
            try
            {
                if (sys.describe(ref(name)).capability().type() == CapType.FRAME)
                {
                    return name;
                }
            }
            catch (final FlotillaException gone)
            {
                // deleted or revoked: not a frame to map
            }
        }
        return null;
    }

    /** Maps frame {@code name} in a region of its own, pokes {@code value} and peeks it back. */
    private String map(final String name, final Capability frame, final long value)
    {
        if (vspace == null)
        {
            return "NO_TABLES"; // no tables command came
        }
        final long address = VA_BASE + VA_STRIDE * nextRegion++;
        try
        {
            vspace.map(ref(name), address, CapRights.READ.or(CapRights.WRITE));
        }
        catch (final FlotillaException e)
        {
            return e.code().name();
        }
        mapped.put(address, frame);
        vspace.writeLong(address, value);
        final long read = vspace.readLong(address);
        if (read != value)
        {
            problems.add("core " + core + " poked 0x" + Long.toHexString(value) + " through a new mapping of " + frame
                + " and peeked 0x" + Long.toHexString(read));
        }
        return "ok";
    }

    /** Reads through the region at {@code address}: it may reach memory only while some core holds its frame. */
    private String peek(final long address)
    {
        try
        {
            vspace.readLong(address);
        }
        catch (final FlotillaException e)
        {
            return e.code().name();
        }
        final Capability frame = mapped.get(address);
        if (!witness.frameLive(frame))
        {
            problems.add("core " + core + " read at 0x" + Long.toHexString(address) + " through a mapping of " + frame
                + ", which no core holds any more");
        }
        return "ok";
    }

    private String describe(final String name)
    {
        try
        {
            final CapabilityRecord r = sys.describe(ref(name));
            return r.capability().type() + " " + r.capability().size() + " owner " + r.owner() + " relations "
                + r.relations();
        }
        catch (final FlotillaException e)
        {
            return e.code() == ErrorCode.CAP_NOT_FOUND ? "empty" : e.code().name();
        }
    }
}
