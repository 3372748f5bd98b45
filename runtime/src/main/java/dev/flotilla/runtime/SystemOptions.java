package dev.flotilla.runtime;

import dev.flotilla.base.FlotillaException;
import dev.flotilla.lib.domain.DomainCatalog;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.platform.IdlePolicy;
import dev.flotilla.platform.linux.Affinity;
import dev.flotilla.platform.linux.LinuxPlatform;
import dev.flotilla.platform.linux.SysfsDiscovery;
import dev.flotilla.platform.memory.PhysicalMemory;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.sim.SimInterconnect;
import dev.flotilla.sim.SimOptions;
import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.machine.MachineSpec;
import dev.flotilla.sim.machine.Machines;
import dev.flotilla.urpc.SharedMemoryInterconnect;
import dev.flotilla.urpc.UmpDescriptor;
import dev.flotilla.services.skb.SkbServer;
import dev.flotilla.skb.SkbException;
import dev.flotilla.skb.SystemKnowledgeBase;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options every command that boots Flotilla shares: how many cores, on what (the host, or a
 * simulated machine with {@code --sim}), with which channels.
 */
final class SystemOptions
{
    /** Most kernels one boot may run. */
    static final int MAX_CORES = 1024;

    /** A {@code --memory} size: a number and an optional binary unit. */
    private static final Pattern MEMORY_SIZE = Pattern.compile("(\\d{1,13})([KMGT]?)", Pattern.CASE_INSENSITIVE);

    @Option(names = "--cores", paramLabel = "N",
        description = "Kernels to boot, 1.." + MAX_CORES + " (default: one per CPU this process may use).")
    private Integer cores;

    @Option(names = "--ring-slots", paramLabel = "N", defaultValue = "32",
        description = "Slots per direction of each monitor channel, a power of two 2..32768 (default: ${DEFAULT-VALUE}).")
    private int ringSlots;

    @Option(names = "--idle", paramLabel = "POLICY", defaultValue = "block",
        description = "How idle cores wait: 'block' (poll, then park until a message) or 'spin' (default: ${DEFAULT-VALUE}).")
    private String idle;

    @Option(names = "--boot-timeout-ms", paramLabel = "MS", defaultValue = "10000",
        description = "Fail the boot if a core is not ready within this time (default: ${DEFAULT-VALUE}).")
    private long bootTimeoutMs;

    @Option(names = "--sim", paramLabel = "MACHINE",
        description = "Boot on a simulated machine instead of this one: intel-2x4, amd-2x2, amd-4x4, amd-8x4, "
            + "generic:CORESxSOCKETS (up to 128 cores, e.g. generic:64x8) or a .machine file; all times are then virtual.")
    private String sim;

    /** Round trips per pair on a simulated machine, where without jitter every one costs the same. */
    private static final int SIMULATED_PING_ROUNDS = 100;

    @Option(names = "--ping-rounds", paramLabel = "N",
        description = "Round trips measured per pair of cores (default: 1000; 100 with --sim, whose round trips do not vary).")
    private Integer pingRounds;

    @Option(names = "--facts", paramLabel = "FILE",
        description = "Prolog facts the System Knowledge Base asserts at boot, beside what it discovers and measures.")
    private Path facts;

    @Option(names = "--domains", paramLabel = "DIR",
        description = "Jars of domains to offer beside the built-in ones; each jar may use only the domain API.")
    private Path domains;

    @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "1G",
        description = "Physical memory, split evenly between the NUMA nodes: a size such as 64M or 1G, from 1M to 1T "
            + "(default: ${DEFAULT-VALUE}); reserved lazily, so only what is used costs host memory.")
    private String memory;

    @Option(names = "--seed", paramLabel = "N",
        description = "With --sim: the seed of the simulation's choices; the same seed replays the same run (default: 1).")
    private Long seed;

    ParameterException usage(final CommandSpec spec, final String message)
    {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Validates the options and builds the platform they describe. */
    SystemUnderBoot open(final CommandSpec spec)
    {
        if (sim != null)
        {
            return openSimulated(spec);
        }
        if (seed != null)
        {
            throw usage(spec, "--seed needs --sim: only a simulated machine has a seed");
        }
        final Machine machine = SysfsDiscovery.discoverHost();
        final int usable = Math.max(1, Affinity.allowedCpus().cardinality());
        final int count = cores == null ? Math.min(usable, machine.cpus().size()) : cores;
        if (count < 1 || count > MAX_CORES)
        {
            throw usage(spec, "--cores must be an integer from 1 to " + MAX_CORES + ", got " + count);
        }
        final IdlePolicy policy = switch (idle)
        {
            case "block" -> IdlePolicy.POLL_THEN_BLOCK;
            case "spin" -> IdlePolicy.BUSY_SPIN;
            default -> throw usage(spec, "--idle must be 'block' or 'spin', got '" + idle + "'");
        };
        final MonitorConfig defaults = MonitorConfig.defaults(count);
        final MonitorConfig config = checkedConfig(spec, count, defaults.probeWarmupNs(), defaults.jitWarmupNs(),
            defaults.pingRounds());
        final Optional<SkbServer.FactsFile> factsFile = checkedFacts(spec);
        final DomainCatalog catalog = checkedDomains(spec);
        final PhysicalMemory physical = reserveMemory(spec, machine);
        try
        {
            final LinuxPlatform platform = new LinuxPlatform(machine, count, policy);
            return new SystemUnderBoot(platform, new SharedMemoryInterconnect(platform), config, factsFile, catalog,
                physical);
        }
        catch (final RuntimeException | Error failed)
        {
            physical.close();
            throw failed;
        }
    }

    /** The monitors' configuration from the shared options, checked; warm-ups as the platform needs them. */
    private MonitorConfig checkedConfig(final CommandSpec spec, final int count, final long probeWarmupNs,
        final long jitWarmupNs, final int defaultRounds)
    {
        if (pingRounds != null && pingRounds < 1)
        {
            throw usage(spec, "--ping-rounds must be a positive integer, got " + pingRounds);
        }
        try
        {
            UmpDescriptor.checkRingSlots(ringSlots);
        }
        catch (final IllegalArgumentException ex)
        {
            throw usage(spec, "--ring-slots: " + ex.getMessage());
        }
        if (bootTimeoutMs < 1)
        {
            throw usage(spec, "--boot-timeout-ms must be a positive number of milliseconds, got " + bootTimeoutMs);
        }
        final MonitorConfig defaults = MonitorConfig.defaults(count);
        return new MonitorConfig(count, ringSlots, pingRounds == null ? defaultRounds : pingRounds, probeWarmupNs,
            jitWarmupNs,
            bootTimeoutMs * 1_000_000L, defaults.probeTimeoutNs());
    }

    /** Reserves the {@code --memory} physical memory, one region per NUMA node of {@code machine}. */
    private PhysicalMemory reserveMemory(final CommandSpec spec, final Machine machine)
    {
        final long bytes = memoryBytes(memory);
        final String expected = "--memory must be a size such as 64M or 1G (units K, M, G, T of 1024), from 1M to 1T "
            + "in whole 4 KiB pages; got '" + memory + "'";
        if (bytes < 1L << 20 || bytes > PhysicalMemory.MAX_BYTES || bytes % PhysicalMemory.PAGE != 0)
        {
            throw usage(spec, expected);
        }
        try
        {
            return PhysicalMemory.reserve(bytes, machine.numaNodes());
        }
        catch (final IllegalArgumentException | OutOfMemoryError ex)
        {
            throw usage(spec, "--memory: cannot reserve " + memory + ": " + ex.getMessage());
        }
    }

    /** {@code 64M}, {@code 1g}, {@code 4096}: bytes in units of 1024; -1 if it is not such a size. */
    static long memoryBytes(final String size)
    {
        final Matcher m = MEMORY_SIZE.matcher(size.strip());
        if (!m.matches())
        {
            return -1;
        }
        final int shift = switch (m.group(2).toUpperCase(Locale.ROOT))
        {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        final long number = Long.parseLong(m.group(1));
        return number > Long.MAX_VALUE >> shift ? -1 : number << shift;
    }

    /**
     * Reads the facts file and parses it in a scratch knowledge base before anything boots, so that a
     * malformed file stops the boot with its file, line and error (exit status 2).
     */
    private Optional<SkbServer.FactsFile> checkedFacts(final CommandSpec spec)
    {
        if (facts == null)
        {
            return Optional.empty();
        }
        final String text;
        try
        {
            text = Files.readString(facts);
        }
        catch (final IOException | UncheckedIOException ex)
        {
            throw usage(spec, "--facts: cannot read " + facts + ": " + ex.getMessage());
        }
        try
        {
            new SystemKnowledgeBase().consult(facts.toString(), new StringReader(text));
        }
        catch (final SkbException ex)
        {
            throw usage(spec, "--facts: " + ex.getMessage());
        }
        return Optional.of(new SkbServer.FactsFile(facts.toString(), text));
    }

    /** The built-in domains and those of the jars in {@code --domains}, checked before anything boots (exit status 2). */
    private DomainCatalog checkedDomains(final CommandSpec spec)
    {
        try
        {
            final DomainCatalog builtIn = DomainCatalog.builtIn();
            return domains == null ? builtIn : builtIn.with(DomainCatalog.fromJars(domains));
        }
        catch (final FlotillaException ex)
        {
            throw usage(spec, "--domains: " + ex.getMessage());
        }
    }

    /**
     * The simulated machine: every kernel of it by default, warm-ups of zero (costs are modelled, there
     * is no JIT or cache to warm), and the boot timeout in virtual time.
     */
    private SystemUnderBoot openSimulated(final CommandSpec spec)
    {
        final MachineSpec machine;
        try
        {
            machine = Machines.load(sim);
        }
        catch (final IllegalArgumentException ex)
        {
            throw usage(spec, "--sim: " + ex.getMessage());
        }
        final int count = cores == null ? machine.cores() : cores;
        if (count < 1 || count > machine.cores())
        {
            throw usage(spec, "--cores must be an integer from 1 to " + machine.cores() + " on simulated machine "
                + machine.name() + ", got " + count);
        }
        final MonitorConfig config = checkedConfig(spec, count, 0, 0, SIMULATED_PING_ROUNDS);
        final Optional<SkbServer.FactsFile> factsFile = checkedFacts(spec);
        final DomainCatalog catalog = checkedDomains(spec);
        final PhysicalMemory physical = reserveMemory(spec, machine.topology());
        final SimPlatform platform = new SimPlatform(machine, count,
            SimOptions.seeded(seed == null ? SimOptions.DEFAULT_SEED : seed));
        return new SystemUnderBoot(platform, new SimInterconnect(platform), config, factsFile, catalog, physical);
    }
}
