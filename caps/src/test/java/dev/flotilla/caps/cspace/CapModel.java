package dev.flotilla.caps.cspace;

import dev.flotilla.caps.CapRights;
import dev.flotilla.caps.CapType;
import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.ObjectSizes;
import dev.flotilla.caps.PageTableLevel;
import dev.flotilla.caps.SizeRule;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A deliberately naive reference model of one core's capabilities, for model-based tests.
 *
 * <p>It shares nothing with the implementation but the declared type table: no ordering, no
 * ranges-as-ancestry. Each object records the object it was made from, so "descendant" is a walk up
 * explicit parent links and "copy" is "same object"; every query is a linear scan. Where an
 * operation would fail, the model returns every error code whose condition holds (among the
 * conditions the real decoder could reach), and the real code must be one of them.
 */
final class CapModel
{
    /** A kernel object: what copies share. */
    static final class Obj
    {
        final CapType type;
        final long base;
        final long size;
        final Obj parent;
        final Cap[] table;
        final Obj vnode;
        final int firstEntry;
        final int pteCount;
        Obj endpoint;

        Obj(final CapType type, final long base, final long size, final Obj parent, final Obj vnode, final int firstEntry,
            final int pteCount)
        {
            this.type = type;
            this.base = base;
            this.size = size;
            this.parent = parent;
            this.table = type.isCNode() ? new Cap[(int)(size / ObjectSizes.CTE)] : null;
            this.vnode = vnode;
            this.firstEntry = firstEntry;
            this.pteCount = pteCount;
        }

        boolean descendsFrom(final Obj ancestor)
        {
            for (Obj p = parent; p != null; p = p.parent)
            {
                if (p == ancestor)
                {
                    return true;
                }
            }
            return false;
        }
    }

    /** One capability: an object, rights, and a place. */
    static final class Cap
    {
        final Obj obj;
        final CapRights rights;
        Cap[] where;
        int slot;
        boolean live = true;
        /** The mapping made from this capability, if any: a capability maps at most once. */
        Cap mappedAs;

        Cap(final Obj obj, final CapRights rights)
        {
            this.obj = obj;
            this.rights = rights;
        }

        String describe()
        {
            return obj.type + " " + obj.base + "+" + obj.size + " " + rights
                + (obj.type.isMapping() ? " e" + obj.firstEntry + "x" + obj.pteCount : "");
        }
    }

    /** A resolved slot, or null fields when resolution failed (its errors are then recorded). */
    record Place(Cap[] table, int index, Cap via)
    {
    }

    final List<Cap> live = new ArrayList<>();
    final Cap root;

    CapModel(final long rootBase, final long rootSize)
    {
        root = new Cap(new Obj(CapType.L1_CNODE, rootBase, rootSize, null, null, 0, 0), CapRights.ALL);
        live.add(root);
    }

    /** Boot: a capability from nothing, all rights. */
    void create(final Cap[] table, final int slot, final CapType type, final long base, final long size)
    {
        place(new Cap(new Obj(type, base, size, null, null, 0, 0), CapRights.ALL), table, slot);
    }

    private void place(final Cap cap, final Cap[] table, final int slot)
    {
        table[slot] = cap;
        cap.where = table;
        cap.slot = slot;
        live.add(cap);
    }

    // ---- Addressing ----

    Place slot(final CapRef ref, final Set<ErrorCode> errors)
    {
        final Cap[] l1 = root.obj.table;
        if (ref.level() == 0)
        {
            errors.add(ErrorCode.INVALID_CAPREF);
            return null;
        }
        if (!root.live)
        {
            errors.add(ErrorCode.CAP_NOT_FOUND);
            return null;
        }
        if (ref.l1Index() >= l1.length)
        {
            errors.add(ErrorCode.L1_CNODE_INDEX);
            return null;
        }
        if (ref.level() == 1)
        {
            return new Place(l1, ref.l1Index(), root);
        }
        final Cap l2 = l1[ref.l1Index()];
        if (l2 == null)
        {
            errors.add(ErrorCode.CAP_NOT_FOUND);
            return null;
        }
        if (l2.obj.type != CapType.L2_CNODE)
        {
            errors.add(ErrorCode.CNODE_TYPE);
            return null;
        }
        return new Place(l2.obj.table, ref.l2Slot(), l2);
    }

    Cap lookup(final CapRef ref, final Set<ErrorCode> errors)
    {
        if (ref.level() == 0)
        {
            if (!root.live)
            {
                errors.add(ErrorCode.CAP_NOT_FOUND);
                return null;
            }
            return root;
        }
        final Place p = slot(ref, errors);
        if (p == null)
        {
            return null;
        }
        if (p.table()[p.index()] == null)
        {
            errors.add(ErrorCode.CAP_NOT_FOUND);
        }
        return p.table()[p.index()];
    }

    /** A writable CNode at {@code ref} whose slots [first, first + count) exist and are empty. */
    Cap[] destination(final CapRef ref, final int first, final int count, final Set<ErrorCode> errors)
    {
        final Cap cnode = lookup(ref, errors);
        if (cnode == null)
        {
            return null;
        }
        if (!cnode.obj.type.isCNode())
        {
            errors.add(ErrorCode.CNODE_TYPE);
            return null;
        }
        if (!cnode.rights.has(CapRights.WRITE))
        {
            errors.add(ErrorCode.NO_RIGHTS);
        }
        final Cap[] table = cnode.obj.table;
        if (first < 0 || (long)first + count > table.length)
        {
            errors.add(ErrorCode.SLOTS_INVALID);
            return null;
        }
        for (int i = first; i < first + count; i++)
        {
            if (table[i] != null)
            {
                errors.add(ErrorCode.SLOT_IN_USE);
            }
        }
        return table;
    }

    // ---- Operations: each returns the error codes that apply; empty means it succeeded and was applied ----

    Set<ErrorCode> retype(final CapRef source, final long offset, final CapType type, final long objectSize,
        final int count, final CapRef destCNode, final int destSlot, final List<Cap> made)
    {
        final Set<ErrorCode> errors = EnumSet.noneOf(ErrorCode.class);
        final Cap s = lookup(source, errors);
        if (type.isMapping())
        {
            errors.add(ErrorCode.RETYPE_MAPPING_EXPLICIT);
        }
        boolean countOk = false;
        if (s != null)
        {
            final CapType st = s.obj.type;
            if (!(type == st ? st.isFromSelf() : type.sources().contains(st)))
            {
                errors.add(ErrorCode.INVALID_SOURCE_TYPE);
            }
            if (!s.rights.has(CapRights.WRITE))
            {
                errors.add(ErrorCode.NO_RIGHTS);
            }
            if (type.objectSize().kind() == SizeRule.Kind.INHERITED)
            {
                addIf(errors, offset != 0, ErrorCode.RETYPE_INVALID_OFFSET);
                addIf(errors, objectSize != 0, ErrorCode.INVALID_SIZE);
                addIf(errors, count != 1, ErrorCode.RETYPE_INVALID_COUNT);
                countOk = count == 1;
            }
            else
            {
                final boolean offsetOk = offset >= 0 && offset % type.offsetAlignment() == 0 && offset < s.obj.size;
                final boolean sizeOk = type.objectSize().admits(objectSize) && objectSize <= s.obj.size;
                addIf(errors, !offsetOk, ErrorCode.RETYPE_INVALID_OFFSET);
                addIf(errors, !sizeOk, ErrorCode.INVALID_SIZE);
                if (sizeOk)
                {
                    countOk = count >= 1 && count <= s.obj.size / objectSize;
                    addIf(errors, !countOk, ErrorCode.RETYPE_INVALID_COUNT);
                    addIf(errors, countOk && offsetOk && offset + count * objectSize > s.obj.size,
                        ErrorCode.RETYPE_INVALID_OFFSET);
                }
            }
        }
        final Cap[] table = countOk ? destination(destCNode, destSlot, count, errors) : null;
        if (!errors.isEmpty())
        {
            return errors;
        }
        final boolean inherited = type.objectSize().kind() == SizeRule.Kind.INHERITED;
        final long base = inherited ? s.obj.base : s.obj.base + offset;
        final long size = inherited ? s.obj.size : objectSize;
        if (!s.obj.type.canRetypeMultiple())
        {
            for (final Cap c : live)
            {
                if (c.obj.descendsFrom(s.obj) && c.obj.base < base + size * count && base < c.obj.base + c.obj.size)
                {
                    errors.add(ErrorCode.REVOKE_FIRST);
                    return errors;
                }
            }
        }
        for (int i = 0; i < count; i++)
        {
            final Obj obj;
            if (inherited)
            {
                if (s.obj.endpoint == null)
                {
                    s.obj.endpoint = new Obj(type, base, size, s.obj, null, 0, 0);
                }
                obj = s.obj.endpoint;
            }
            else if (type == s.obj.type && size == s.obj.size)
            {
                obj = s.obj;
            }
            else
            {
                obj = new Obj(type, base + i * size, size, s.obj, null, 0, 0);
            }
            final Cap cap = new Cap(obj, s.rights);
            place(cap, table, destSlot + i);
            made.add(cap);
        }
        return errors;
    }

    Set<ErrorCode> copy(final CapRef source, final CapRef destCNode, final int destSlot, final CapRights mask,
        final List<Cap> made)
    {
        final Set<ErrorCode> errors = EnumSet.noneOf(ErrorCode.class);
        final Cap s = lookup(source, errors);
        addIf(errors, s != null && s.obj.type.isMapping(), ErrorCode.INVALID_SOURCE_TYPE);
        final Cap[] table = destination(destCNode, destSlot, 1, errors);
        if (errors.isEmpty())
        {
            final Cap cap = new Cap(s.obj, s.rights.and(mask));
            place(cap, table, destSlot);
            made.add(cap);
        }
        return errors;
    }

    Set<ErrorCode> delete(final CapRef target, final List<Cap> deleted)
    {
        final Set<ErrorCode> errors = EnumSet.noneOf(ErrorCode.class);
        final Place p = slot(target, errors);
        if (p != null)
        {
            addIf(errors, p.table()[p.index()] == null, ErrorCode.CAP_NOT_FOUND);
            addIf(errors, !p.via().rights.has(CapRights.WRITE), ErrorCode.NO_RIGHTS);
        }
        if (errors.isEmpty())
        {
            cascade(p.table()[p.index()], deleted);
        }
        return errors;
    }

    Set<ErrorCode> revoke(final CapRef target, final List<Cap> deleted)
    {
        final Set<ErrorCode> errors = EnumSet.noneOf(ErrorCode.class);
        final Cap t;
        final Cap holder;
        if (target.level() == 0)
        {
            t = lookup(target, errors);
            holder = t;
        }
        else
        {
            final Place p = slot(target, errors);
            t = p == null ? null : lookup(target, errors);
            holder = p == null ? null : p.via();
        }
        addIf(errors, holder != null && !holder.rights.has(CapRights.WRITE), ErrorCode.NO_RIGHTS);
        if (errors.isEmpty())
        {
            final List<Cap> victims = new ArrayList<>();
            for (final Cap c : live)
            {
                if (c != t && (c.obj == t.obj || c.obj.descendsFrom(t.obj)))
                {
                    victims.add(c);
                }
            }
            for (final Cap v : victims)
            {
                cascade(v, deleted);
            }
        }
        return errors;
    }

    Set<ErrorCode> map(final CapRef vnodeRef, final CapRef sourceRef, final int first, final long offset,
        final int count, final CapRights access, final CapRef destCNode, final int destSlot, final List<Cap> made)
    {
        final Set<ErrorCode> errors = EnumSet.noneOf(ErrorCode.class);
        final Cap v = lookup(vnodeRef, errors);
        final boolean isVNode = v != null && v.obj.type.isVNode();
        addIf(errors, v != null && !isVNode, ErrorCode.VNODE_TYPE);
        addIf(errors, isVNode && !v.rights.has(CapRights.WRITE), ErrorCode.NO_RIGHTS);
        final Cap s = lookup(sourceRef, errors);
        boolean entriesOk = false;
        if (isVNode && s != null)
        {
            final PageTableLevel level = v.obj.type.pageTable();
            final boolean childTable = s.obj.type.isVNode();
            addIf(errors, childTable ? level.child() != s.obj.type : !(s.obj.type.isMappable() && level.mapsPages()),
                ErrorCode.WRONG_MAPPING);
            addIf(errors, s.mappedAs != null && s.mappedAs.live, ErrorCode.VM_ALREADY_MAPPED);
            addIf(errors, !access.isSubsetOf(s.rights), ErrorCode.NO_RIGHTS);
            entriesOk = first >= 0 && count >= 1 && first + count <= 512 && (!childTable || count == 1);
            addIf(errors, !entriesOk, ErrorCode.VNODE_SLOT_INVALID);
            final long page = childTable ? s.obj.size : level.entrySpan();
            final boolean offsetOk = childTable ? offset == 0
                : offset >= 0 && offset < s.obj.size && (s.obj.base + offset) % page == 0;
            addIf(errors, !offsetOk, ErrorCode.FRAME_OFFSET_INVALID);
            addIf(errors, offsetOk && count >= 1 && count > (s.obj.size - offset) / page, ErrorCode.VM_MAP_SIZE);
            if (entriesOk)
            {
                for (final Cap c : live)
                {
                    if (c.obj.vnode == v.obj && c.obj.firstEntry < first + count && first < c.obj.firstEntry + c.obj.pteCount)
                    {
                        errors.add(ErrorCode.VNODE_SLOT_INUSE);
                    }
                }
            }
        }
        final Cap[] table = destination(destCNode, destSlot, 1, errors);
        if (errors.isEmpty())
        {
            final Obj mapping = new Obj(s.obj.type.mappingType(), s.obj.base, s.obj.size, s.obj, v.obj, first, count);
            final Cap cap = new Cap(mapping, access);
            place(cap, table, destSlot);
            s.mappedAs = cap;
            made.add(cap);
        }
        return errors;
    }

    Set<ErrorCode> identify(final CapRef target, final List<Cap> found)
    {
        final Set<ErrorCode> errors = EnumSet.noneOf(ErrorCode.class);
        final Cap t = lookup(target, errors);
        addIf(errors, t != null && !t.rights.has(CapRights.IDENTIFY), ErrorCode.NO_RIGHTS);
        if (errors.isEmpty())
        {
            found.add(t);
        }
        return errors;
    }

    /** Deletes a capability and what dies with its object's last copy. */
    private void cascade(final Cap first, final List<Cap> deleted)
    {
        final ArrayDeque<Cap> pending = new ArrayDeque<>(List.of(first));
        while (!pending.isEmpty())
        {
            final Cap c = pending.poll();
            if (!c.live)
            {
                continue;
            }
            c.live = false;
            live.remove(c);
            if (c.where != null && c.where[c.slot] == c)
            {
                c.where[c.slot] = null;
            }
            deleted.add(c);
            if (c.mappedAs != null && c.mappedAs.live)
            {
                pending.add(c.mappedAs); // a mapped capability takes its own mapping along
            }
            if (live.stream().anyMatch(o -> o.obj == c.obj))
            {
                continue;
            }
            if (c.obj.table != null)
            {
                for (final Cap inside : c.obj.table)
                {
                    if (inside != null)
                    {
                        pending.add(inside);
                    }
                }
            }
            for (final Cap o : live)
            {
                if (o.obj.type.isMapping() && (o.obj.parent == c.obj || o.obj.vnode == c.obj))
                {
                    pending.add(o);
                }
            }
        }
    }

    /** How many distinct objects lost their last capability among {@code deleted}. */
    int objectsKilled(final List<Cap> deleted)
    {
        return (int)deleted.stream().map(c -> c.obj).distinct().filter(o -> live.stream().noneMatch(c -> c.obj == o)).count();
    }

    private static void addIf(final Set<ErrorCode> errors, final boolean condition, final ErrorCode code)
    {
        if (condition)
        {
            errors.add(code);
        }
    }
}
