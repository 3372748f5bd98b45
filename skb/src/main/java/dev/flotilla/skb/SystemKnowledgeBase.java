package dev.flotilla.skb;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.platform.topology.Cpu;
import dev.flotilla.platform.topology.Machine;
import dev.flotilla.skb.engine.LogicEngine;
import dev.flotilla.skb.engine.LogicEngine.PreparedGoal;
import dev.flotilla.skb.engine.ProjogEngine;
import dev.flotilla.skb.facts.FactWriter;
import dev.flotilla.skb.facts.MachineFacts;
import dev.flotilla.skb.facts.RoundTripFacts;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The System Knowledge Base (paper Sec. 4.5): what is known about the machine, as Prolog facts, and
 * the rules that answer routing, placement, memory-affinity and transport questions from them.
 *
 * <p>Facts come from hardware discovery ({@link #assertMachine}), the monitors' round-trip
 * measurements ({@link #assertRoundTrips}), the owner of physical memory ({@link #assertMemoryRange}),
 * the runtime ({@link #assertService}, {@link #assertDispatcher}) and facts files ({@link
 * #consultFacts}); {@link FactKind} documents each kind. Rules are the files under
 * {@code skb/*.pl} on the class path, loaded at construction.
 *
 * <p>Questions are either free Prolog goals ({@link #query}) or the typed ones the OS asks ({@link
 * #multicastTree}, {@link #place}, {@link #localMemory}, {@link #transport}). Every question runs under a
 * step budget; every failure is an {@link SkbException} after which the SKB keeps serving.
 *
 * <p>Threading: confined to one thread, the SKB server's core; it starts no thread and reads no clock.
 */
public final class SystemKnowledgeBase
{
    /** The rule files, in load order (each may use the ones before it). */
    public static final List<String> RULE_FILES = List.of("topology.pl", "multicast.pl", "placement.pl",
        "memory.pl", "transport.pl");

    /** Steps a free query may take unless told otherwise: far above any rule's need on 64 cores. */
    public static final long DEFAULT_STEP_BUDGET = 1_000_000;

    /** Solutions a free query returns unless told otherwise. */
    public static final int DEFAULT_MAX_SOLUTIONS = 100;

    private final LogicEngine engine;
    private final PreparedGoal treeGoal;
    private final PreparedGoal subsetTreeGoal;
    private final PreparedGoal placeGoal;
    private final PreparedGoal localMemoryGoal;
    private final PreparedGoal transportGoal;
    private final PreparedGoal coresGoal;
    private Set<Integer> machineCores = Set.of();

    /** An SKB on the Projog engine with the rules loaded and no facts. */
    public SystemKnowledgeBase()
    {
        this(new ProjogEngine());
    }

    /** An SKB on {@code engine}, which must be fresh; declares every fact kind and loads the rules. */
    public SystemKnowledgeBase(final LogicEngine engine)
    {
        this.engine = engine;
        for (final FactKind kind : FactKind.values())
        {
            engine.declareDynamic(kind.functor(), kind.arity());
        }
        for (final String file : RULE_FILES)
        {
            consult("skb/" + file, rules(file));
        }
        treeGoal = engine.prepare("multicast_tree(Strategy, Root, Tree)");
        subsetTreeGoal = engine.prepare("multicast_tree(Strategy, Root, Cores, Tree)");
        placeGoal = engine.prepare("place(Service, Constraints, Core)");
        localMemoryGoal = engine.prepare("local_memory(Core, Base, Size)");
        transportGoal = engine.prepare("transport(A, B, Transport)");
        coresGoal = engine.prepare("all_cores(Cores)");
    }

    // ----- facts -----

    /** Replaces every hardware fact ({@link MachineFacts#KINDS}) with those of {@code machine}. */
    public void assertMachine(final Machine machine)
    {
        MachineFacts.KINDS.forEach(kind -> engine.retractAll(kind.functor(), kind.arity()));
        consult("machine " + machine.name(), MachineFacts.of(machine));
        final Set<Integer> cores = new TreeSet<>();
        machine.cpus().stream().map(Cpu::id).forEach(cores::add);
        machineCores = Set.copyOf(cores);
    }

    /**
     * Replaces the measured round trips: {@code nanos[a][b]} is the median round trip from core a to
     * core b in nanoseconds, negative if not measured; cores beyond the matrix are not measured and a
     * 0 x 0 matrix clears every measurement. Call after {@link #assertMachine}: entries for numbers that
     * are not cores of the machine are left out.
     *
     * @throws SkbException {@code SKB_INVALID_FACT} if the matrix is not square.
     */
    public void assertRoundTrips(final long[][] nanos)
    {
        final FactWriter facts = RoundTripFacts.of(nanos, machineCores);
        engine.retractAll(FactKind.MESSAGE_RTT_ROW.functor(), FactKind.MESSAGE_RTT_ROW.arity());
        consult(RoundTripFacts.SOURCE, facts);
    }

    /** Adds a range of physical memory local to NUMA node {@code node}. */
    public void assertMemoryRange(final int node, final MemoryRange range)
    {
        consult("memory range", new FactWriter().add(FactKind.MEMORY_RANGE, FactWriter.integer(node),
            FactWriter.integer(range.base()), FactWriter.integer(range.size())));
    }

    /** Records that service {@code name} runs on {@code core}, replacing where it ran before. */
    public void assertService(final String name, final int core)
    {
        retractService(name);
        consult("service " + name, new FactWriter().add(FactKind.SERVICE, FactWriter.atom(name),
            FactWriter.integer(core)));
    }

    /** Forgets service {@code name}. */
    public void retractService(final String name)
    {
        retract(FactKind.SERVICE, name);
    }

    /** Records that domain {@code domain} has a dispatcher on {@code core}. */
    public void assertDispatcher(final String domain, final int core)
    {
        consult("domain " + domain, new FactWriter().add(FactKind.DISPATCHER, FactWriter.atom(domain),
            FactWriter.integer(core)));
    }

    /** Forgets every dispatcher of domain {@code domain}. */
    public void retractDomain(final String domain)
    {
        retract(FactKind.DISPATCHER, domain);
    }

    /**
     * Consults a facts file (Prolog clauses and directives), the {@code --facts FILE} of boot.
     *
     * @throws SkbException {@code SKB_UNREADABLE_SOURCE}; {@code SKB_SYNTAX_ERROR} with the file, line and
     *                      column; or another code for a clause or directive the engine refuses.
     */
    public void consultFacts(final Path file)
    {
        final Reader reader;
        try
        {
            reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        }
        catch (final IOException e)
        {
            throw new SkbException(ErrorCode.SKB_UNREADABLE_SOURCE, file.toString(), e.toString());
        }
        engine.consult(file.toString(), reader, DEFAULT_STEP_BUDGET);
    }

    /** Consults Prolog text under the name {@code source} (errors report it as the file). */
    public void consult(final String source, final Reader text)
    {
        engine.consult(source, text, DEFAULT_STEP_BUDGET);
    }

    // ----- questions -----

    /** A free query with the default limits. */
    public QueryAnswer query(final String goal)
    {
        return query(goal, DEFAULT_MAX_SOLUTIONS, DEFAULT_STEP_BUDGET);
    }

    /** A free query: up to {@code maxSolutions} solutions within {@code stepBudget} steps. */
    public QueryAnswer query(final String goal, final int maxSolutions, final long stepBudget)
    {
        return engine.query(goal, maxSolutions, stepBudget);
    }

    /**
     * A free query that may not change the knowledge base: a call of assert, retract or another built-in that
     * would fails it with {@code SKB_WRITE_REFUSED}, the knowledge base unchanged (the SKB service's answer to a
     * client without its write capability).
     */
    public QueryAnswer queryReadOnly(final String goal, final int maxSolutions, final long stepBudget)
    {
        return engine.queryReadOnly(goal, maxSolutions, stepBudget);
    }

    /** Every core of the machine, ascending. */
    public List<Integer> cores()
    {
        final Term cores = first(coresGoal, Map.of(), "Cores", "the machine has no cores; assert one first");
        return ((Term.PList)cores).elements().stream().map(t -> Math.toIntExact(((Term.Int)t).value())).toList();
    }

    /** {@code multicast_tree(Strategy, Root, Tree)}: a routing tree from {@code root} over every core. */
    public RouteNode multicastTree(final Strategy strategy, final int root)
    {
        return RouteNode.fromTerm(first(treeGoal, Map.of("Strategy", new Term.Atom(strategy.atom()),
            "Root", new Term.Int(root)), "Tree", "core " + root + " is not a core of this machine"));
    }

    /** {@code multicast_tree(Strategy, Root, Cores, Tree)}: a routing tree from {@code root} over {@code cores}. */
    public RouteNode multicastTree(final Strategy strategy, final int root, final Collection<Integer> cores)
    {
        final List<Term> set = new ArrayList<>(cores.size());
        cores.forEach(c -> set.add(new Term.Int(c)));
        return RouteNode.fromTerm(first(subsetTreeGoal, Map.of("Strategy", new Term.Atom(strategy.atom()),
            "Root", new Term.Int(root), "Cores", new Term.PList(set)), "Tree",
            "core " + root + " or one of " + cores + " is not a core of this machine"));
    }

    /** {@code place(Service, Constraints, Core)}: the core for a new instance of {@code service}. */
    public int place(final String service, final List<Constraint> constraints)
    {
        final Term core = first(placeGoal, Map.of("Service", new Term.Atom(service), "Constraints",
            new Term.PList(constraints.stream().map(Constraint::toTerm).toList())), "Core",
            "no core meets every constraint of " + constraints);
        return Math.toIntExact(((Term.Int)core).value());
    }

    /** {@code local_memory(Core, Base, Size)}: the physical ranges local to {@code core}, possibly none. */
    public List<MemoryRange> localMemory(final int core)
    {
        final QueryAnswer answer = engine.solve(localMemoryGoal, Map.of("Core", new Term.Int(core)),
            Integer.MAX_VALUE, DEFAULT_STEP_BUDGET);
        return answer.solutions().stream().map(s -> new MemoryRange(((Term.Int)s.get("Base")).value(),
            ((Term.Int)s.get("Size")).value())).toList();
    }

    /** {@code transport(A, B, Transport)}: the interconnect for a channel between two cores. */
    public Transport transport(final int a, final int b)
    {
        final Term transport = first(transportGoal, Map.of("A", new Term.Int(a), "B", new Term.Int(b)),
            "Transport", "core " + a + " or core " + b + " is not a core of this machine");
        return Transport.of(((Term.Atom)transport).name());
    }

    private Term first(final PreparedGoal goal, final Map<String, Term> inputs, final String output,
        final String whyNone)
    {
        final QueryAnswer answer = engine.solve(goal, inputs, 1, DEFAULT_STEP_BUDGET);
        if (!answer.succeeded())
        {
            throw new SkbException(ErrorCode.SKB_NO_ANSWER, goal.text(), whyNone);
        }
        return answer.solutions().getFirst().get(output);
    }

    private void retract(final FactKind kind, final String name)
    {
        final String args = String.join(",", java.util.Collections.nCopies(kind.arity() - 1, "_"));
        engine.query("retractall(" + kind.functor() + "(" + new Term.Atom(name) + "," + args + "))", 1,
            DEFAULT_STEP_BUDGET);
    }

    private void consult(final String source, final FactWriter facts)
    {
        engine.consult(source, new StringReader(facts.text()), DEFAULT_STEP_BUDGET);
    }

    private static Reader rules(final String file)
    {
        final InputStream in = SystemKnowledgeBase.class.getResourceAsStream("/skb/" + file);
        if (in == null)
        {
            throw new IllegalStateException("rule file skb/" + file + " is not on the class path");
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }
}
