package dev.flotilla.monitor;

import dev.flotilla.platform.Agent;
import dev.flotilla.platform.CoreFault;
import dev.flotilla.platform.CoreWakeup;
import dev.flotilla.platform.NanoClock;
import dev.flotilla.platform.PinStatus;
import dev.flotilla.platform.Platform;
import dev.flotilla.platform.SharedMemory;
import dev.flotilla.platform.topology.Cpu;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.platform.topology.NumaNode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * A deterministic test platform: every core is stepped round robin by the thread that calls
 * {@link #awaitHalt}, and the clock advances a fixed amount per step. It lets monitor tests run
 * whole protocols, timeouts included, without threads or real time.
 */
public final class SteppedPlatform implements Platform
{
    /** A stepped core never parks: the test steps it, busy or not. */
    @Override
    public long parks(final int core)
    {
        return 0;
    }

    private final int cores;
    private final long nanosPerStep;
    private final Machine machine;
    private final Agent[] agents;
    private final boolean[] stalled;
    private final List<CoreFault> faults = new ArrayList<>();
    private final Arena arena = Arena.ofShared();
    private final TreeMap<Long, MemorySegment> memory = new TreeMap<>();
    private long now = 1_000_000;

    public SteppedPlatform(final int cores, final long nanosPerStep)
    {
        this(cores, nanosPerStep, null);
    }

    /** A stepped platform that reports {@code machine} (one CPU per core) as its hardware. */
    public SteppedPlatform(final int cores, final long nanosPerStep, final Machine machine)
    {
        this.machine = machine;
        this.cores = cores;
        this.nanosPerStep = nanosPerStep;
        this.agents = new Agent[cores];
        this.stalled = new boolean[cores];
    }

    /** Makes a started core never run again, as a core that hangs. */
    void stall(final int core)
    {
        stalled[core] = true;
    }

    @Override
    public String name()
    {
        return "stepped";
    }

    @Override
    public boolean isSimulated()
    {
        return true;
    }

    @Override
    public Machine machine()
    {
        if (machine != null)
        {
            return machine;
        }
        final List<Cpu> cpus = IntStream.range(0, cores).mapToObj(i -> new Cpu(i, 0, i, 0, List.of(i))).toList();
        return new Machine("stepped", "test", 0, cpus,
            List.of(new NumaNode(0, IntStream.range(0, cores).boxed().toList(), 0, List.of(10))), List.of(), true);
    }

    @Override
    public int coreCount()
    {
        return cores;
    }

    @Override
    public NanoClock clock(final int core)
    {
        return () -> now;
    }

    @Override
    public SharedMemory sharedMemory()
    {
        return new SharedMemory()
        {
            @Override
            public MemorySegment allocate(final long bytes, final long alignment)
            {
                final MemorySegment segment = arena.allocate(bytes, alignment);
                memory.put(segment.address(), segment);
                return segment;
            }

            @Override
            public MemorySegment attach(final long address, final long bytes)
            {
                final Map.Entry<Long, MemorySegment> entry = memory.floorEntry(address);
                if (entry == null || address - entry.getKey() + bytes > entry.getValue().byteSize())
                {
                    throw new IllegalArgumentException("no shared memory at " + address);
                }
                return entry.getValue().asSlice(address - entry.getKey(), bytes);
            }
        };
    }

    @Override
    public CoreWakeup wakeup(final int core)
    {
        return CoreWakeup.NONE;
    }

    @Override
    public void startCore(final int core, final Agent agent)
    {
        if (agents[core] != null)
        {
            throw new IllegalStateException("core " + core + " was already started");
        }
        agents[core] = agent;
    }

    @Override
    public PinStatus pinStatus(final int core)
    {
        if (agents[core] == null)
        {
            throw new IllegalStateException("core " + core + " has not been started");
        }
        return new PinStatus(core, core, false, false, "stepped test platform");
    }

    @Override
    public boolean awaitHalt(final long timeoutNs)
    {
        final long end = now + timeoutNs;
        while (now < end)
        {
            boolean anyRunning = false;
            for (int core = 0; core < cores; core++)
            {
                final Agent agent = agents[core];
                if (agent == null || agent.isHalted())
                {
                    continue;
                }
                anyRunning = true;
                if (stalled[core])
                {
                    continue;
                }
                try
                {
                    agent.doWork(now);
                }
                catch (final RuntimeException ex)
                {
                    faults.add(new CoreFault(core, agent.roleName(), ex));
                    return false;
                }
            }
            if (!anyRunning)
            {
                return true;
            }
            now += nanosPerStep;
        }
        return false;
    }

    /** The clock's current value. */
    long now()
    {
        return now;
    }

    @Override
    public List<Integer> runningCores()
    {
        final List<Integer> list = new ArrayList<>();
        for (int core = 0; core < cores; core++)
        {
            if (agents[core] != null && !agents[core].isHalted())
            {
                list.add(core);
            }
        }
        return List.copyOf(list);
    }

    @Override
    public List<CoreFault> faults()
    {
        return List.copyOf(faults);
    }

    @Override
    public void close()
    {
        arena.close();
    }
}
