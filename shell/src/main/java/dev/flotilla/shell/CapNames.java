package dev.flotilla.shell;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityException;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.kernel.CSpaceLayout;
import dev.flotilla.kernel.Syscalls;
import dev.flotilla.lib.mem.SlotAllocator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The names a shell session binds to slots of its dispatcher's CSpace (names are per core, as CSpaces are), and
 * the slots it takes for new capabilities. The CSpace is the truth: a name whose slot a revoke or delete emptied
 * is dropped when next looked over ({@link #dropEmptyNames}).
 *
 * <p>Invariant: every bound slot came from this session's slot allocator or is one the monitor filled at start
 * (the RAM and SKB-write slots), and only the former go back to the allocator. Core-confined.
 */
final class CapNames
{
    private final Syscalls syscalls;
    private final SlotAllocator slots;
    private final int core;
    /** The console's completion candidates, kept in step on the console's dispatcher; null elsewhere. */
    private final Set<String> completion;
    private final Map<String, CapRef> names = new LinkedHashMap<>();

    CapNames(final Syscalls syscalls, final SlotAllocator slots, final int core, final Set<String> completion)
    {
        this.syscalls = syscalls;
        this.slots = slots;
        this.core = core;
        this.completion = completion;
    }

    /** Every name and its slot, in the order they were bound. */
    Map<String, CapRef> names()
    {
        return names;
    }

    /** The slot bound to {@code name}; {@code SHELL_NAME_NOT_BOUND} if none. */
    CapRef slot(final String name)
    {
        final CapRef ref = names.get(name);
        if (ref == null)
        {
            throw new FlotillaException(ErrorCode.SHELL_NAME_NOT_BOUND, "no capability is named '" + name + "' on core "
                + core + (names.isEmpty() ? " (none is bound here)" : "; bound: " + String.join(", ", names.keySet())));
        }
        return ref;
    }

    /** Checks that {@code name} is a valid name and free. */
    void checkFree(final String name)
    {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_.-]{0,63}"))
        {
            throw new FlotillaException(ErrorCode.SHELL_USAGE, "NAME must be a word of letters, digits, '_', '.' or '-'"
                + " starting with a letter or '_' (at most 64 characters), got '" + name + "'");
        }
        if (names.containsKey(name))
        {
            throw new FlotillaException(ErrorCode.SHELL_NAME_IN_USE, "'" + name + "' is already bound on core " + core
                + "; delete it or choose another name");
        }
    }

    void bind(final String name, final CapRef slot)
    {
        names.put(name, slot);
        if (completion != null)
        {
            completion.add(name);
        }
    }

    void unbind(final String name)
    {
        final CapRef slot = names.remove(name);
        if (slot != null && CSpaceLayout.ROOTCN_SLOT_SLOT_ALLOC0 <= slot.l1Index())
        {
            slots.free(slot);
        }
        if (completion != null)
        {
            completion.remove(name);
        }
    }

    /** A free slot for a new capability. */
    CapRef freeSlot()
    {
        return slots.allocate();
    }

    void freeSlot(final CapRef slot)
    {
        slots.free(slot);
    }

    /** Drops names whose slot has become empty (after a revoke or delete removed capabilities); returns them. */
    List<String> dropEmptyNames()
    {
        final List<String> gone = new ArrayList<>();
        for (final Map.Entry<String, CapRef> entry : List.copyOf(names.entrySet()))
        {
            if (!holds(entry.getValue()))
            {
                gone.add(entry.getKey());
                unbind(entry.getKey());
            }
        }
        return gone;
    }

    /** True if {@code slot} holds a capability (one without the identify right counts). */
    boolean holds(final CapRef slot)
    {
        try
        {
            return identify(slot).isPresent();
        }
        catch (final CapabilityException e)
        {
            if (e.code() == ErrorCode.NO_RIGHTS)
            {
                return true;
            }
            throw e;
        }
    }

    /**
     * The capability in {@code slot}, or empty if the slot is empty.
     *
     * @throws CapabilityException {@code NO_RIGHTS} if it lacks the identify right.
     */
    Optional<Capability> identify(final CapRef slot)
    {
        try
        {
            return Optional.of(syscalls.identify(slot));
        }
        catch (final CapabilityException e)
        {
            if (e.code() == ErrorCode.CAP_NOT_FOUND)
            {
                return Optional.empty();
            }
            throw e;
        }
    }
}
