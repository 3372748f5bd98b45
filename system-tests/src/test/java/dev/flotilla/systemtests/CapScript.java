package dev.flotilla.systemtests;

import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.CapabilityRecord;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.kernel.Syscalls;
import dev.flotilla.lib.CapOperations;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.mem.RamAllocator;
import dev.flotilla.lib.mem.SlotAllocator;
import dev.flotilla.lib.vm.VSpace;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Capability commands by name, as the distributed-capability tests run them on each core (in a user-level
 * thread: the operations block it while the monitors work). Each command answers {@code ok}, what it read, or
 * the code of the refusal:
 *
 * <pre>
 *   retype SRC OFFSET TYPE SIZE NAME   one object of TYPE (a CapType name) through CapOperations
 *   delete NAME | revoke NAME          through CapOperations
 *   describe NAME                      TYPE size owner N relations B, or empty
 *   tables NAME                        an address space whose page tables come from RAM NAME
 *   map NAME VA | read VA | write VA V frame mapping, read and write of one word
 *   random SEED COUNT                  COUNT random retypes, copies, deletes and revokes of what this core holds
 *                                      (java.util.Random(SEED)); answers how often each outcome came
 * </pre>
 */
final class CapScript
{
    private final Syscalls sys;
    private final CapOperations ops;
    private final SlotAllocator slots;
    private final Map<String, CapRef> names = new HashMap<>();
    private VSpace vspace;

    CapScript(final Dispatcher self, final SlotAllocator slots)
    {
        this.sys = self.syscalls();
        this.ops = new CapOperations(self);
        this.slots = slots;
    }

    void name(final String name, final CapRef ref)
    {
        names.put(name, ref);
    }

    CapRef ref(final String name)
    {
        final CapRef ref = names.get(name);
        if (ref == null)
        {
            throw new IllegalArgumentException("no capability is named " + name);
        }
        return ref;
    }

    /** A copy of {@code arrived} in a slot of its own under {@code name}; the arrived one deleted. */
    CapRef keep(final CapRef arrived, final String name)
    {
        final CapRef slot = slots.allocate();
        sys.copy(arrived, CapRef.inRoot(slot.l1Index()), slot.l2Slot());
        sys.delete(arrived);
        names.put(name, slot);
        return slot;
    }

    String run(final String command)
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
                    final RamAllocator tables = new RamAllocator(sys, List.of(ref(w[1])));
                    vspace = VSpace.create(sys, slots, tables);
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
        final java.util.Random random = new java.util.Random(seed);
        final java.util.List<String> held = new java.util.ArrayList<>(names.keySet());
        held.sort(null);
        for (final String name : List.copyOf(held))
        {
            final CapRef slot = slots.allocate(); // a second copy of each, so one delete does not end the run
            try
            {
                sys.copy(ref(name), CapRef.inRoot(slot.l1Index()), slot.l2Slot());
                names.put(name + "'", slot);
                held.add(name + "'");
            }
            catch (final FlotillaException gone)
            {
                // revoked from another core before this run began
            }
        }
        final java.util.Map<String, Integer> outcomes = new java.util.TreeMap<>();
        for (int i = 0; i < count; i++)
        {
            final String name = held.get(random.nextInt(held.size()));
            final int choice = random.nextInt(10);
            String outcome;
            try
            {
                final CapabilityRecord r = sys.describe(ref(name));
                final long size = r.capability().size();
                final String op;
                if (choice < 5 && r.capability().type() == CapType.RAM && size >= 8 * 4096)
                {
                    final long piece = size >= 16 * 65536 ? 65536 : 4096;
                    final long offset = piece * random.nextInt((int)(size / piece));
                    final String made = name + "." + i;
                    op = "retype " + name + " " + offset + " " + (random.nextBoolean() ? "RAM" : "FRAME") + " " + piece
                        + " " + made;
                    outcome = run(op);
                    if (outcome.equals("ok"))
                    {
                        held.add(made);
                    }
                }
                else if (choice < 7)
                {
                    final CapRef slot = slots.allocate();
                    sys.copy(ref(name), CapRef.inRoot(slot.l1Index()), slot.l2Slot());
                    names.put(name + "'" + i, slot);
                    held.add(name + "'" + i);
                    outcome = "copy";
                }
                else if (choice < 9 || random.nextInt(3) > 0 || !name.contains(".") && i < count / 2)
                {
                    outcome = run("delete " + name);
                }
                else
                {
                    outcome = run("revoke " + name);
                }
            }
            catch (final FlotillaException e)
            {
                outcome = e.code().name();
            }
            outcomes.merge(outcome, 1, Integer::sum);
            if (outcome.equals("CAP_NOT_FOUND") && held.size() > 1)
            {
                held.remove(name); // deleted, or revoked from here or elsewhere
            }
        }
        return outcomes.toString();
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
            return e.code() == dev.flotilla.base.ErrorCode.CAP_NOT_FOUND ? "empty" : e.code().name();
        }
    }
}
