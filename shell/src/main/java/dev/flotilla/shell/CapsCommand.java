package dev.flotilla.shell;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.CapabilityRecord;
import dev.flotilla.caps.cspace.RemoteRelations;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.lib.CapOperations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code caps}: the capabilities the shell holds on this core, by the names the user gave them, and the
 * capability operations on them — each a system call of this core's CPU driver on the shell dispatcher's
 * own CSpace, or, for retype, delete and revoke of a capability with relatives on other cores, the monitors'
 * distributed operation ({@link CapOperations}). Names are this dispatcher's: {@code on 1 caps} lists what the
 * shell holds on core 1, {@code on 1 caps revoke NAME} revokes from there.
 */
@Command(name = "caps", description = "The shell's capabilities here: name, type, base, size, rights, owner core, remote relations.")
final class CapsCommand implements Callable<Result>
{
    private static final String RIGHT_LETTERS = "RWXGI";
    private static final CapRights[] RIGHTS = {CapRights.READ, CapRights.WRITE, CapRights.EXECUTE, CapRights.GRANT,
        CapRights.IDENTIFY};

    private final Session session;

    CapsCommand(final Session session)
    {
        this.session = session;
    }

    @Override
    public Result call()
    {
        session.caps().dropEmptyNames();
        final Table table = new Table("name", "slot", "type", "base", "size", "rights", "owner", "remote");
        for (final Map.Entry<String, CapRef> entry : session.caps().names().entrySet())
        {
            final Optional<CapabilityRecord> record = described(entry.getValue());
            final Optional<Capability> cap = record.map(CapabilityRecord::capability);
            table.row(entry.getKey(), entry.getValue().toString(), cap.map(c -> typeName(c.type())).orElse("(no I right)"),
                cap.map(c -> Words.hex(c.base())).orElse(null), cap.map(c -> (Object)c.size()).orElse(null),
                cap.map(c -> c.rights().toString()).orElse(null), record.map(r -> (Object)r.owner()).orElse(null),
                record.map(r -> remote(r.relations())).orElse(null));
        }
        final ObjectNode fields = Result.object();
        fields.set("caps", table.json());
        return new Result(table.size() == 0 ? "no capabilities are named on core " + session.core() : table.text(), fields);
    }

    @Command(name = "alloc", description = "RAM from memserv: caps alloc NAME SIZE [node N].")
    Result alloc(@Parameters(index = "0", paramLabel = "NAME") final String name,
        @Parameters(index = "1", paramLabel = "SIZE") final String size,
        @Parameters(index = "2..*", arity = "0..*", paramLabel = "node N") final String[] node)
    {
        session.caps().checkFree(name);
        final long bytes = Words.size(size, "SIZE");
        final Integer from = node == null || node.length == 0 ? null : node(node);
        final CapRef arrived = from == null ? session.memserv().allocate(bytes) : session.memserv().allocate(bytes, from);
        // the capability arrived in the receive CNode: a copy in a session slot, the receive slot emptied
        final CapRef slot;
        try
        {
            slot = session.caps().freeSlot();
        }
        catch (final RuntimeException e)
        {
            session.memserv().free(arrived);
            throw e;
        }
        try
        {
            session.syscalls().copy(arrived, CapRef.inRoot(slot.l1Index()), slot.l2Slot());
        }
        catch (final RuntimeException e)
        {
            session.caps().freeSlot(slot);
            session.memserv().free(arrived);
            throw e;
        }
        session.syscalls().delete(arrived);
        session.caps().bind(name, slot);
        final Capability cap = session.syscalls().identify(slot);
        final int at = nodeOf(cap.base());
        return new Result(name + ": RAM of " + cap.size() + " bytes at " + Words.hex(cap.base()) + " from node " + at,
            Result.object().put("name", name).put("type", "ram").put("base", Words.hex(cap.base())).put("size", cap.size())
                .put("node", at));
    }

    /** The N of {@code node N}. */
    private static int node(final String[] words)
    {
        if (words.length != 2 || !words[0].equals("node"))
        {
            throw new FlotillaException(ErrorCode.SHELL_USAGE, "after SIZE only 'node N'; usage: caps alloc NAME SIZE"
                + " [node N]");
        }
        final long n = Words.size(words[1], "N");
        if (n > Integer.MAX_VALUE)
        {
            throw new FlotillaException(ErrorCode.MEMSERV_INVALID_NODE, "node " + words[1] + " does not exist");
        }
        return (int)n;
    }

    /** The NUMA node whose memory holds {@code base} (the SKB's memory_range/3), -1 if none. */
    private int nodeOf(final long base)
    {
        for (final String solution : session.ask("memory_range(N, B, S)", 4096).solutions())
        {
            final Map<String, String> b = Bindings.of(solution);
            final long from = Bindings.integer(b, "B");
            if (base >= from && base < from + Bindings.integer(b, "S"))
            {
                return (int)Bindings.integer(b, "N");
            }
        }
        return -1;
    }

    @Command(name = "retype", description = "New capabilities from SRC: NAME if COUNT is 1, else NAME0 ... NAME(COUNT-1).")
    Result retype(@Parameters(index = "0", paramLabel = "SRC") final String source,
        @Parameters(index = "1", paramLabel = "TYPE", description = "ram, frame, devframe, cnode, vnode (ptable), pdir, pdpt, pml4, dispatcher, endpoint")
        final String type,
        @Parameters(index = "2", paramLabel = "OFFSET") final String offset,
        @Parameters(index = "3", paramLabel = "OBJSIZE") final String objectSize,
        @Parameters(index = "4", paramLabel = "COUNT") final String count,
        @Parameters(index = "5", paramLabel = "NAME") final String name)
    {
        final CapRef from = session.caps().slot(source);
        final CapType to = type(type);
        final long at = Words.size(offset, "OFFSET");
        final long bytes = Words.size(objectSize, "OBJSIZE");
        final long n = Words.size(count, "COUNT");
        if (n < 1 || n > 256)
        {
            throw new FlotillaException(ErrorCode.SHELL_USAGE, "COUNT must be 1 to 256, got " + count);
        }
        final List<String> made = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            session.caps().checkFree(n == 1 ? name : name + i);
        }
        // one object per retype, at consecutive offsets, each into a slot of its own; undone if one fails
        try
        {
            for (int i = 0; i < n; i++)
            {
                final String each = n == 1 ? name : name + i;
                final CapRef slot = session.caps().freeSlot();
                try
                {
                    ops().retype(from, at + i * bytes, to, bytes, 1, CapRef.inRoot(slot.l1Index()), slot.l2Slot());
                }
                catch (final RuntimeException e)
                {
                    session.caps().freeSlot(slot);
                    throw e;
                }
                session.caps().bind(each, slot);
                made.add(each);
            }
        }
        catch (final FlotillaException e)
        {
            for (final String undo : made)
            {
                session.syscalls().delete(session.caps().slot(undo));
                session.caps().unbind(undo);
            }
            throw new FlotillaException(e.code(), e.detail() + (made.isEmpty() ? "" : " (the " + made.size()
                + " made before were deleted again)"));
        }
        final ObjectNode fields = Result.object().put("type", typeName(to)).put("size", bytes);
        fields.putArray("names").addAll(made.stream().map(fields::textNode).toList());
        return new Result(made.size() == 1 ? made.getFirst() + ": " + typeName(to) + " of " + bytes + " bytes"
            : made.size() + " " + typeName(to) + " capabilities of " + bytes + " bytes: " + String.join(" ", made), fields);
    }

    @Command(name = "identify", description = "Type, base, size and rights of NAME.")
    Result identify(@Parameters(index = "0", paramLabel = "NAME") final String name)
    {
        final Capability cap = session.caps().identify(session.caps().slot(name)).orElseThrow(() -> gone(name));
        final ObjectNode fields = Result.object().put("name", name).put("type", typeName(cap.type()))
            .put("base", cap.base()).put("size", cap.size()).put("rights", cap.rights().toString());
        return new Result(name + ": " + typeName(cap.type()) + " base " + Words.hex(cap.base()) + " size " + cap.size()
            + " (" + Words.hex(cap.size()) + ") rights " + cap.rights(), fields);
    }

    @Command(name = "copy", description = "Copy SRC as NAME: caps copy SRC NAME [to CORE].")
    Result copy(@Parameters(index = "0", paramLabel = "SRC") final String source,
        @Parameters(index = "1", paramLabel = "NAME") final String name,
        @Parameters(index = "2..*", arity = "0..*", paramLabel = "to CORE") final String[] to)
    {
        final CapRef from = session.caps().slot(source);
        if (to != null && to.length > 0)
        {
            if (to.length != 2 || !to[0].equals("to"))
            {
                throw new FlotillaException(ErrorCode.SHELL_USAGE, "after NAME comes 'to CORE' or nothing; usage: caps copy SRC NAME [to CORE]");
            }
            final int core = Words.core(to[1], session.cores());
            if (core != session.core())
            {
                try
                {
                    session.peer(core).receive(name, from);
                }
                catch (final FlotillaException e)
                {
                    throw new FlotillaException(e.code(), "copy of '" + source + "' to core " + core + " as '" + name
                        + "': " + e.detail());
                }
                return new Result(name + ": copy of " + source + " on core " + core, Result.object().put("name", name)
                    .put("core", core));
            }
        }
        return mintInto(from, name, CapRights.ALL, "copy");
    }

    @Command(name = "mint", description = "Copy SRC as NAME with only RIGHTS (letters of R W X G I).")
    Result mint(@Parameters(index = "0", paramLabel = "SRC") final String source,
        @Parameters(index = "1", paramLabel = "NAME") final String name,
        @Parameters(index = "2", paramLabel = "RIGHTS") final String rights)
    {
        return mintInto(session.caps().slot(source), name, rights(rights), "mint");
    }

    private Result mintInto(final CapRef from, final String name, final CapRights mask, final String what)
    {
        session.caps().checkFree(name);
        final CapRef slot = session.caps().freeSlot();
        try
        {
            session.syscalls().mint(from, CapRef.inRoot(slot.l1Index()), slot.l2Slot(), mask);
        }
        catch (final RuntimeException e)
        {
            session.caps().freeSlot(slot);
            throw e;
        }
        session.caps().bind(name, slot);
        final Optional<Capability> cap = identifiable(slot);
        final String type = cap.map(c -> typeName(c.type())).orElse("capability");
        final String rights = cap.map(c -> c.rights().toString()).orElse(mask.toString());
        return new Result(name + ": " + what + " of " + type + " rights " + rights,
            Result.object().put("name", name).put("type", type).put("rights", rights));
    }

    @Command(name = "delete", description = "Delete the capability NAME (its slot is freed; if it was the owner's last"
        + " copy, a core that still holds one becomes the owner).")
    Result delete(@Parameters(index = "0", paramLabel = "NAME") final String name)
    {
        ops().delete(session.caps().slot(name));
        session.caps().unbind(name);
        final List<String> gone = session.caps().dropEmptyNames();
        return new Result("deleted " + name + also(gone), named(Result.object().put("deleted", name), gone));
    }

    @Command(name = "revoke", description = "Delete every copy and descendant of NAME, on every core; NAME stays.")
    Result revoke(@Parameters(index = "0", paramLabel = "NAME") final String name)
    {
        ops().revoke(session.caps().slot(name));
        final List<String> gone = session.caps().dropEmptyNames();
        return new Result("revoked " + name + also(gone), named(Result.object().put("revoked", name), gone));
    }

    /**
     * Retype, delete and revoke as a domain makes them: the CPU driver's system call, or, where other cores hold
     * relatives, the monitors' distributed operation (the shell's command thread waits for it).
     */
    private CapOperations ops()
    {
        return new CapOperations(session.self());
    }

    /** What {@code slot} holds with its owner core and remote relations; empty if it may not be identified. */
    private Optional<CapabilityRecord> described(final CapRef slot)
    {
        try
        {
            return Optional.of(session.syscalls().describe(slot));
        }
        catch (final FlotillaException e)
        {
            if (e.code() == ErrorCode.NO_RIGHTS)
            {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Remote relations as letters: {@code c} copies, {@code a} ancestors, {@code d} descendants exist on other
     * cores, {@code -} where not; {@code ---} for a capability known only here.
     */
    static String remote(final int relations)
    {
        return ((relations & RemoteRelations.COPIES) != 0 ? "c" : "-")
            + ((relations & RemoteRelations.ANCESTORS) != 0 ? "a" : "-")
            + ((relations & RemoteRelations.DESCENDANTS) != 0 ? "d" : "-");
    }

    /** The capability in {@code slot}; empty if it may not be identified (no I right). */
    private Optional<Capability> identifiable(final CapRef slot)
    {
        try
        {
            return session.caps().identify(slot);
        }
        catch (final FlotillaException e)
        {
            if (e.code() == ErrorCode.NO_RIGHTS)
            {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static String also(final List<String> gone)
    {
        return gone.isEmpty() ? "" : "; gone with it: " + String.join(" ", gone);
    }

    private static ObjectNode named(final ObjectNode fields, final List<String> gone)
    {
        fields.putArray("gone").addAll(gone.stream().map(fields::textNode).toList());
        return fields;
    }

    private static FlotillaException gone(final String name)
    {
        return new FlotillaException(ErrorCode.CAP_NOT_FOUND, "'" + name + "' names an empty slot");
    }

    /** The shell's name of a type. */
    static String typeName(final CapType type)
    {
        return switch (type)
        {
            case RAM -> "ram";
            case FRAME -> "frame";
            case DEV_FRAME -> "devframe";
            case L2_CNODE -> "cnode";
            case L1_CNODE -> "l1cnode";
            case VNODE_X86_64_PTABLE -> "vnode";
            case VNODE_X86_64_PDIR -> "pdir";
            case VNODE_X86_64_PDPT -> "pdpt";
            case VNODE_X86_64_PML4 -> "pml4";
            case DISPATCHER -> "dispatcher";
            case END_POINT -> "endpoint";
            default -> type.name().toLowerCase(Locale.ROOT);
        };
    }

    private static CapType type(final String name)
    {
        return switch (name.toLowerCase(Locale.ROOT))
        {
            case "ram" -> CapType.RAM;
            case "frame" -> CapType.FRAME;
            case "devframe" -> CapType.DEV_FRAME;
            case "cnode" -> CapType.L2_CNODE;
            case "vnode", "ptable" -> CapType.VNODE_X86_64_PTABLE;
            case "pdir" -> CapType.VNODE_X86_64_PDIR;
            case "pdpt" -> CapType.VNODE_X86_64_PDPT;
            case "pml4" -> CapType.VNODE_X86_64_PML4;
            case "dispatcher" -> CapType.DISPATCHER;
            case "endpoint" -> CapType.END_POINT;
            default -> throw new FlotillaException(ErrorCode.SHELL_USAGE, "TYPE must be one of ram, frame, devframe,"
                + " cnode, vnode (ptable), pdir, pdpt, pml4, dispatcher, endpoint; got '" + name + "'");
        };
    }

    /** Rights written as letters: any of R W X G I in any order, {@code -} ignored; {@code none} for none. */
    static CapRights rights(final String text)
    {
        if (text.equalsIgnoreCase("none"))
        {
            return CapRights.NONE;
        }
        CapRights rights = CapRights.NONE;
        for (final char c : text.toUpperCase(Locale.ROOT).toCharArray())
        {
            final int index = RIGHT_LETTERS.indexOf(c);
            if (index < 0 && c != '-')
            {
                throw new FlotillaException(ErrorCode.SHELL_USAGE, "RIGHTS are letters of R (read), W (write),"
                    + " X (execute), G (grant), I (identify), or 'none'; got '" + text + "'");
            }
            if (index >= 0)
            {
                rights = rights.or(RIGHTS[index]);
            }
        }
        return rights;
    }
}
