package dev.flotilla.lib.mem;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.Port;
import dev.flotilla.idl.Reply;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.skb.SkbAnswer;
import dev.flotilla.lib.skb.SkbInterface;
import dev.flotilla.lib.skb.SkbClient;
import dev.flotilla.urpc.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dispatcher's way to memserv (Barrelfish's {@code ram_alloc} through {@code mem_serv}): RAM capabilities from the
 * instance of its own NUMA node first, then from the other nodes' instances, nearest first, when its own has no
 * block of the size left. The order comes from the SKB: {@link #nearestNodesGoal} asks {@code memory_near/4}
 * (built on {@code local_memory/3}'s facts) which node's memory is how far from this core. Each instance is bound
 * by name ({@code memserv.N}) the first time it is needed.
 *
 * <p>Every call blocks the calling user-level thread (never the core). A capability allocated arrives in the
 * dispatcher's receive CNode: the caller moves it to a slot of its own (copy, then delete the receive slot) or
 * keeps it there. Core-confined.
 */
public final class MemServClient
{
    private static final Pattern NODE = Pattern.compile("\\bN = (\\d+)");
    /** How often a bind to an instance not yet exported is tried again, a millisecond apart (boot is under way). */
    private static final int BIND_TRIES = 2_000;

    private final Dispatcher self;
    private final List<Integer> nearestFirst;
    private final Map<Integer, MemServInterfaceBinding> instances = new HashMap<>();
    /** Which node's instance handed out the block at each base this client still holds. */
    private final Map<Long, Integer> fromNode = new LinkedHashMap<>();

    /**
     * @param self         the dispatcher the calls run in.
     * @param nearestFirst the NUMA nodes with memory, this core's first, then by distance ({@link #nodesFrom}).
     */
    public MemServClient(final Dispatcher self, final List<Integer> nearestFirst)
    {
        if (nearestFirst.isEmpty())
        {
            throw new FlotillaException(ErrorCode.OUT_OF_MEMORY, "the system has no memory for memserv to serve");
        }
        this.self = self;
        this.nearestFirst = List.copyOf(nearestFirst);
    }

    /**
     * A client for {@code self} whose node order the SKB gives ({@link #nearestNodesGoal}), asked over a binding of
     * the dispatcher's own that is closed again. Blocks the calling user-level thread.
     */
    public static MemServClient open(final Dispatcher self)
    {
        return new MemServClient(self, nodesFrom(ask(self, nearestNodesGoal(self.core()))));
    }

    /** The SKB goal whose solutions are the nodes with memory, nearest to {@code core} first, as {@code N}. */
    public static String nearestNodesGoal(final int core)
    {
        return "memory_near(" + core + ", B, S, D), memory_range(N, B, S)";
    }

    /** The nodes of an answer to {@link #nearestNodesGoal}, in its order, each once. */
    public static List<Integer> nodesFrom(final SkbAnswer answer)
    {
        final List<Integer> nodes = new ArrayList<>();
        for (final String solution : answer.solutions())
        {
            final Matcher m = NODE.matcher(solution);
            if (m.find())
            {
                final int node = Integer.parseInt(m.group(1));
                if (!nodes.contains(node))
                {
                    nodes.add(node);
                }
            }
        }
        return nodes;
    }

    /** The nodes with memory, nearest first. */
    public List<Integer> nodes()
    {
        return nearestFirst;
    }

    /** RAM of {@code bytes} from the nearest node that has a free block of that size. */
    public CapRef allocate(final long bytes)
    {
        checkSize(bytes);
        FlotillaException last = null;
        for (final int node : nearestFirst)
        {
            try
            {
                return allocate(bytes, node, 0, 0);
            }
            catch (final FlotillaException e)
            {
                if (e.code() != ErrorCode.OUT_OF_MEMORY)
                {
                    throw e;
                }
                last = e;
            }
        }
        throw new FlotillaException(ErrorCode.OUT_OF_MEMORY, "no node has a free block of " + bytes + " bytes: "
            + last.getMessage());
    }

    /** RAM of {@code bytes} from node {@code node} only. */
    public CapRef allocate(final long bytes, final int node)
    {
        checkSize(bytes);
        return allocate(bytes, node, 0, 0);
    }

    /**
     * RAM of {@code bytes} inside {@code [lowest, limit)}, from the first instance, nearest first, that has a block
     * there.
     */
    public CapRef allocate(final long bytes, final long lowest, final long limit)
    {
        checkSize(bytes);
        FlotillaException last = null;
        for (final int node : nearestFirst)
        {
            try
            {
                return allocate(bytes, node, lowest, limit);
            }
            catch (final FlotillaException e)
            {
                if (e.code() != ErrorCode.OUT_OF_MEMORY && e.code() != ErrorCode.MEMSERV_INVALID_RANGE)
                {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private CapRef allocate(final long bytes, final int node, final long lowest, final long limit)
    {
        final CapRef ram = instance(node).allocate(bytes, lowest, limit);
        fromNode.put(self.syscalls().identify(ram).base(), node);
        return ram;
    }

    /**
     * Gives {@code ram} back to the instance that handed it out (by its base). The caller's copy is given with it
     * and must be its last: delete every other copy first.
     */
    public void free(final CapRef ram)
    {
        final long base = self.syscalls().identify(ram).base();
        final Integer node = fromNode.get(base);
        instance(node != null ? node : nearestFirst.getFirst()).free(ram);
        fromNode.remove(base);
        try
        {
            self.syscalls().delete(ram); // memserv took its copy; this one must not outlive the block
        }
        catch (final dev.flotilla.caps.CapabilityException revoked)
        {
            // an instance on this core revoked the block, this copy with it
        }
    }

    /** Every instance's statistics, nearest first. */
    public List<MemServInterface.Stats> stats()
    {
        final List<MemServInterface.Stats> all = new ArrayList<>();
        for (final int node : nearestFirst)
        {
            all.add(instance(node).stats());
        }
        return all;
    }

    private static void checkSize(final long bytes)
    {
        if (bytes < 4096 || Long.bitCount(bytes) != 1)
        {
            throw new FlotillaException(ErrorCode.MEMSERV_INVALID_SIZE, bytes + " bytes: RAM comes in powers of two of"
                + " at least 4 KiB");
        }
    }

    private MemServInterfaceBinding instance(final int node)
    {
        if (!nearestFirst.contains(node))
        {
            throw new FlotillaException(ErrorCode.MEMSERV_INVALID_NODE, "node " + node + " has no memory here; nodes"
                + " with memory: " + nearestFirst);
        }
        final MemServInterfaceBinding known = instances.get(node);
        if (known != null)
        {
            return known;
        }
        final String name = MemServInterface.SERVICE_PREFIX + node;
        for (int attempt = 1; ; attempt++)
        {
            final Reply<Channel> reply = new Reply<>();
            self.monitor().bind(name, reply);
            self.threads().await(reply);
            if (reply.error() == null)
            {
                final Port port = new Port(reply.get());
                self.attach(port);
                final MemServInterfaceBinding binding = new MemServInterfaceBinding(port, new MemServInterfaceHandler()
                {
                });
                instances.put(node, binding);
                return binding;
            }
            if (reply.error() != ErrorCode.SERVICE_NOT_FOUND || attempt == BIND_TRIES)
            {
                throw new FlotillaException(reply.error(), "memserv for node " + node + " ('" + name + "')");
            }
            self.threads().sleep(1_000_000); // its instance is still adopting its RAM: the system is booting
        }
    }

    /** Asks the SKB {@code goal} over a binding of the dispatcher's own, which it closes again. */
    private static SkbAnswer ask(final Dispatcher self, final String goal)
    {
        final Reply<Channel> bound = new Reply<>();
        self.monitor().bind(SkbInterface.SERVICE, bound);
        self.threads().await(bound);
        if (bound.error() != null)
        {
            throw new FlotillaException(bound.error(), "the SKB ('" + SkbInterface.SERVICE + "')");
        }
        final Port port = new Port(bound.get());
        self.attach(port);
        final SkbClient skb = new SkbClient(port);
        final SkbAnswer[] answer = new SkbAnswer[1];
        final Reply<Boolean> done = new Reply<>();
        skb.query(goal, 4096, 1_000_000, (value, error) ->
        {
            answer[0] = value;
            done.complete(error == null ? Boolean.TRUE : null, error);
        });
        self.threads().await(done);
        self.detach(bound.get());
        if (done.error() != null)
        {
            throw new FlotillaException(done.error(), answer[0] == null ? done.error().message()
                : answer[0].error().orElse(done.error().message()));
        }
        return answer[0];
    }
}
