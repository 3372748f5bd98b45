package dev.flotilla.skb;

/**
 * Every kind of fact the SKB holds, documented once: its Prolog signature, what it means and where
 * it comes from. All are dynamic predicates, declared when the SKB starts, so a rule may ask for a
 * kind that has no facts yet, and a facts file may add to any kind.
 *
 * <p>The two matrices (node distances, round trips) are stored one row term per node or core, so
 * that the first argument is unique: Projog then finds a row by hashing, and {@code arg/3} finds the
 * column, where one fact per pair would be a linear scan of N&sup2; facts on every lookup.
 *
 * <p>Core numbers are the {@code Cpu.id()}s of the machine (Linux CPU numbers natively, 0..N-1 on a
 * simulated machine); package, physical-core and node numbers are those of the {@code Machine}.
 */
public enum FactKind
{
    MACHINE("machine", "Name, Model, FrequencyHz, Kind",
        "the machine: its name, CPU model (an atom), nominal clock in Hz (0 if unknown), Kind native or simulated",
        Source.DISCOVERY),
    CORE("core", "Core, Package, PhysicalCore, Node",
        "one online hardware thread: its package (socket), its physical core within the package, its NUMA node",
        Source.DISCOVERY),
    THREAD_SIBLINGS("thread_siblings", "Core, Siblings",
        "the cores sharing Core's physical core (SMT threads), itself included, ascending",
        Source.DISCOVERY),
    NUMA_NODE("numa_node", "Node, MemoryBytes, Cores",
        "a NUMA node: its memory in bytes (0 if unknown) and its local cores, ascending",
        Source.DISCOVERY),
    NODE_DISTANCE_ROW("node_distance_row", "From, Row",
        "the firmware's relative memory distances from node From (ACPI SLIT; 10 is local): Row is "
            + "distances(D0, D1, ...) with Di the distance to node i, -1 where there is no node i; absent if "
            + "unknown. Ask node_distance(From, To, Distance) (topology.pl)",
        Source.DISCOVERY),
    CACHE("cache", "Level, Type, SizeBytes, Cores",
        "one cache instance: level 1, 2, 3..., type data, instruction or unified, size (0 if unknown), "
            + "the cores sharing it",
        Source.DISCOVERY),
    MESSAGE_RTT_ROW("message_rtt_row", "From, Row",
        "one row of the round-trip matrix the monitors measure at boot: Row is rtt(T0, T1, ...) with Ti the "
            + "median round trip of a one-line message from From to core i and back in nanoseconds, -1 if not "
            + "measured; replaced as a whole on every refresh. Ask message_rtt(From, To, Nanos) (topology.pl)",
        Source.MEASUREMENT),
    MEMORY_RANGE("memory_range", "Node, Base, Size",
        "a range of physical memory (bytes from Base) local to a NUMA node",
        Source.CALLER),
    SERVICE("service", "Name, Core",
        "a running service (an atom) and the core it runs on; one core per name",
        Source.RUNTIME),
    DISPATCHER("dispatcher", "Domain, Core",
        "a domain (an atom) has a dispatcher on Core; one fact per core the domain spans",
        Source.RUNTIME),
    SERVICE_CONSTRAINT("service_constraint", "Service, Constraint",
        "a placement constraint applied whenever Service is placed, before the caller's own",
        Source.FACTS_FILE),
    TRANSPORT_OVERRIDE("transport_override", "CoreA, CoreB, Transport",
        "the transport (lmp or ump) a channel from CoreA to CoreB is bound with, ahead of transport.pl's "
            + "rules; read by transport/3 when a monitor binds a channel",
        Source.FACTS_FILE);

    /** Where a kind of fact comes from. */
    public enum Source
    {
        /** Hardware discovery at boot ({@code /sys} natively, the machine description on the simulator). */
        DISCOVERY,
        /** Online measurement by the monitors, refreshed on request. */
        MEASUREMENT,
        /** Asserted by the component that owns the resource (physical memory: the capability system). */
        CALLER,
        /** Asserted and retracted as services and domains start and stop. */
        RUNTIME,
        /** Pre-asserted from a Prolog file given with {@code --facts FILE}. */
        FACTS_FILE
    }

    private final String functor;
    private final String arguments;
    private final String meaning;
    private final Source source;

    FactKind(final String functor, final String arguments, final String meaning, final Source source)
    {
        this.functor = functor;
        this.arguments = arguments;
        this.meaning = meaning;
        this.source = source;
    }

    /** The predicate name. */
    public String functor()
    {
        return functor;
    }

    public int arity()
    {
        return arguments.split(",").length;
    }

    /** The signature as documentation writes it, {@code core(Core, Package, PhysicalCore, Node)}. */
    public String signature()
    {
        return functor + "(" + arguments + ")";
    }

    public String meaning()
    {
        return meaning;
    }

    public Source source()
    {
        return source;
    }
}
