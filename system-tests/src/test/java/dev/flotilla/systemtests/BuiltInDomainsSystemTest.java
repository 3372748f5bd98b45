package dev.flotilla.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.idl.Port;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.domain.Domain;
import dev.flotilla.lib.domain.DomainCatalog;
import dev.flotilla.lib.domain.DomainContext;
import dev.flotilla.lib.domain.DomainProgram;
import dev.flotilla.monitor.BootPlan;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.platform.IdlePolicy;
import dev.flotilla.platform.Platform;
import dev.flotilla.platform.linux.LinuxPlatform;
import dev.flotilla.platform.linux.SysfsDiscovery;
import dev.flotilla.platform.memory.PhysicalMemory;
import dev.flotilla.runtime.Boot;
import dev.flotilla.runtime.BootResult;
import dev.flotilla.runtime.Main;
import dev.flotilla.services.memserv.MemServ;
import dev.flotilla.services.skb.CoreView;
import dev.flotilla.services.skb.SkbServer;
import dev.flotilla.sim.SimInterconnect;
import dev.flotilla.sim.SimOptions;
import dev.flotilla.sim.SimPlatform;
import dev.flotilla.sim.machine.Machines;
import dev.flotilla.urpc.Interconnect;
import dev.flotilla.urpc.SharedMemoryInterconnect;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The built-in test domains, memtest and pingpong, each run as the boot task with memserv and the SKB booted as the
 * runtime boots them: their exit status is their outcome (0: every word and every answer checked; -1: the domain
 * threw and was stopped). Natively on 2 cores and on the simulated 4x4 AMD (16 cores, four NUMA nodes).
 */
class BuiltInDomainsSystemTest
{
    private static final long MIB = 1L << 20;

    /** Runs a built-in domain as the boot task with the given arguments; returns the task's exit status. */
    private static long run(final Platform platform, final Interconnect interconnect, final MonitorConfig config,
        final PhysicalMemory memory, final String domain, final List<String> args) throws InterruptedException
    {
        final int cores = platform.coreCount();
        final int[] cpuOfCore = IntStream.range(0, cores).map(platform::cpuOf).toArray();
        final dev.flotilla.platform.topology.Machine view = CoreView.of(platform.machine(), cpuOfCore);
        final List<Integer> instances = MemServ.instanceCores(view, memory.regions(), cores);
        final DomainCatalog catalog = DomainCatalog.builtIn();
        final DomainCatalog.Entry entry = catalog.entries().stream().filter(e -> e.name().equals(domain)).findFirst()
            .orElseThrow(() -> new AssertionError("no built-in domain " + domain));
        final BootImage image = catalog.addTo(BootImage.empty())
            .with(MemServ.PROGRAM, () -> new MemServ(view, memory.regions(), instances))
            .with(SkbServer.PROGRAM, () -> new SkbServer(view, memory.regions(), Optional.empty()))
            .with("task", () -> new DomainProgram(new WithArgs(entry.factory().get(), args)));
        final BootResult result = Boot.run(platform, interconnect, config, image,
            new BootPlan(List.of(MemServ.PROGRAM, SkbServer.PROGRAM), Optional.of("task"), 0,
                Optional.of(MemServ.PROGRAM), instances), memory);
        assertTrue(result.succeeded(), () -> result.error().orElse(""));
        return result.outcome().orElseThrow().taskStatus();
    }

    private static long nativeRun(final String domain, final String... args) throws InterruptedException
    {
        try (PhysicalMemory memory = PhysicalMemory.reserve(256 * MIB, List.of());
             LinuxPlatform platform = new LinuxPlatform(SysfsDiscovery.discoverHost(), 2, IdlePolicy.POLL_THEN_BLOCK))
        {
            return run(platform, new SharedMemoryInterconnect(platform), MonitorConfig.defaults(2).withPingRounds(10),
                memory, domain, List.of(args));
        }
    }

    private static long simRun(final String domain, final String... args) throws InterruptedException
    {
        return simRun("amd-4x4", 16, domain, args);
    }

    private static long simRun(final String machine, final int cores, final String domain, final String... args)
        throws InterruptedException
    {
        try (SimPlatform sim = new SimPlatform(Machines.load(machine), cores, SimOptions.seeded(11));
             PhysicalMemory memory = PhysicalMemory.reserve(512 * MIB, sim.machine().numaNodes()))
        {
            return run(sim, new SimInterconnect(sim), MonitorConfig.defaults(cores).withWarmupNs(0, 0)
                .withPingRounds(5), memory, domain, List.of(args));
        }
    }

    @Test
    void memtestOnOneAndOnEveryRealCore() throws Exception
    {
        assertEquals(0, nativeRun("memtest", "4M"));
        assertEquals(0, nativeRun("memtest", "1M", "all"));
    }

    @Test
    void memtestOnEveryCoreOfASimulated16CoreMachineAtOnce() throws Exception
    {
        assertEquals(0, simRun("memtest", "256K", "all"));
    }

    @Test
    void memtestOnEveryCoreOfASimulated32CoreMachineAtOnce() throws Exception
    {
        assertEquals(0, simRun("amd-8x4", 32, "memtest", "64K", "all"));
    }

    @Test
    void pingpongBetweenTwoRealCoresAndAcrossSimulatedNodes() throws Exception
    {
        assertEquals(0, nativeRun("pingpong", "1", "2000"));
        assertEquals(0, simRun("pingpong", "13", "200"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memtest 3K", "memtest 2G", "memtest lots", "memtest 1M all more", "pingpong 9 10",
        "pingpong 0 10", "pingpong 1 0", "pingpong 1"})
    void badArgumentsStopTheDomainAndNothingElse(final String line) throws Exception
    {
        final List<String> words = List.of(line.split(" "));
        assertEquals(Dispatcher.FAILED_STATUS, nativeRun(words.getFirst(),
            words.subList(1, words.size()).toArray(String[]::new)), line);
    }

    @Test
    void memtestSpawnedFromTheShellRunsOnEveryCoreAndGivesEveryByteBack() throws Exception
    {
        final List<String> lines = new ArrayList<>(List.of("mem", "spawn memtest on 0 1M all"));
        for (int i = 0; i < 40; i++)
        {
            lines.add("ping 1 200"); // time passes while memtest runs (it often ends before the first ps)
            lines.add("ps");
        }
        lines.add("mem");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int status = Main.run(new String[] {"--json", "--cores", "2", "--ping-rounds", "10"},
            new ByteArrayInputStream(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)),
            new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, status, out + "\n" + err);
        final ObjectMapper json = new ObjectMapper();
        final List<JsonNode> results = new ArrayList<>();
        for (final String line : out.toString().split("\n"))
        {
            if (!line.isBlank())
            {
                results.add(json.readTree(line));
            }
        }
        final String id = results.get(1).get("id").asText();
        assertTrue(results.get(1).get("ok").asBoolean(), results.get(1)::toString);
        boolean gone = false;
        for (int i = 3; i < results.size() - 1; i += 2)
        {
            boolean listed = false;
            for (final JsonNode domain : results.get(i).get("domains"))
            {
                listed |= domain.get("id").asText().equals(id);
            }
            gone = !listed;
        }
        assertTrue(gone, "memtest ended: " + out);
        assertEquals(results.getFirst().get("free").asLong(), results.getLast().get("free").asLong(),
            "memserv has every byte back: " + results.getFirst() + " " + results.getLast());
    }

    /** A domain with the arguments a boot task cannot be given: every dispatcher sees {@code args}. */
    private static final class WithArgs implements Domain
    {
        private final Domain domain;
        private final List<String> args;

        WithArgs(final Domain domain, final List<String> args)
        {
            this.domain = domain;
            this.args = List.copyOf(args);
        }

        @Override
        public void main(final DomainContext context) throws Exception
        {
            domain.main(new Context(context, args));
        }

        @Override
        public void spanned(final DomainContext context) throws Exception
        {
            domain.spanned(new Context(context, args));
        }
    }

    /** {@code context} with other arguments. */
    private record Context(DomainContext context, List<String> args) implements DomainContext
    {
        @Override
        public long domainId()
        {
            return context.domainId();
        }

        @Override
        public String domainName()
        {
            return context.domainName();
        }

        @Override
        public int core()
        {
            return context.core();
        }

        @Override
        public int systemCores()
        {
            return context.systemCores();
        }

        @Override
        public boolean isFirst()
        {
            return context.isFirst();
        }

        @Override
        public void span(final int core)
        {
            context.span(core);
        }

        @Override
        public long spawn(final int core, final String name, final List<String> spawnArgs)
        {
            return context.spawn(core, name, spawnArgs);
        }

        @Override
        public void export(final String name, final Consumer<Port> onClient)
        {
            context.export(name, onClient);
        }

        @Override
        public Port bind(final String name)
        {
            return context.bind(name);
        }

        @Override
        public void thread(final String name, final Runnable body)
        {
            context.thread(name, body);
        }

        @Override
        public void sleepNs(final long ns)
        {
            context.sleepNs(ns);
        }

        @Override
        public Dispatcher dispatcher()
        {
            return context.dispatcher();
        }
    }
}
