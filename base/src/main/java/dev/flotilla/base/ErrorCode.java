package dev.flotilla.base;

/**
 * Every error Flotilla reports: one vocabulary for the whole system, in the manner of Barrelfish's
 * {@code errors/errno.fugu}.
 *
 * <p>Codes keep Barrelfish's names where the concept matches (without the {@code SYS_ERR_},
 * {@code LIB_ERR_} or {@code MON_ERR_} prefix), so a reader of the Barrelfish sources recognises them.
 * Each code carries a fixed human message; what varies from one failure to the next — which argument
 * was bad and why — travels in the {@link FlotillaException#detail() detail} of the exception that
 * carries the code. The shell prints {@link #name()}.
 *
 * <p><b>On the wire</b> a status is {@link #wire()}: a number written here, never the ordinal, so
 * reordering or inserting codes changes no message. {@link #OK_WIRE} (0) means success. Numbers are
 * grouped by subsystem in blocks of 100; a new code takes the next free number of its group, and no
 * number or name is ever reused for a different meaning.
 */
public enum ErrorCode
{
    // ---- 1xx Capability addressing: resolving a capref in a CSpace ----

    /** The capref itself is malformed: an unknown level, or an index outside the address format. */
    INVALID_CAPREF(101, "malformed capability reference"),
    /** The L1 index lies beyond the slots of the root CNode. */
    L1_CNODE_INDEX(102, "L1 index beyond the root CNode"),
    /** A capability used as a CNode is not one, or not of the kind the operation needs. */
    CNODE_TYPE(103, "capability is not a CNode of the required kind"),
    /** The slot named by the capref is empty. */
    CAP_NOT_FOUND(104, "capability not found (empty slot)"),
    /** A destination slot already holds a capability. */
    SLOT_IN_USE(105, "destination slot is in use"),
    /** A destination slot range does not lie inside its CNode. */
    SLOTS_INVALID(106, "destination slots lie outside the CNode"),
    /** A capability lacks a right that the operation requires. */
    NO_RIGHTS(107, "capability lacks the rights the operation requires"),

    // ---- 2xx Retype and creation ----

    /** The source's type cannot be retyped into the requested type. */
    INVALID_SOURCE_TYPE(201, "source capability type cannot be retyped into the requested type"),
    /** Mapping capabilities are made only by mapping a frame or page table, never by retype. */
    RETYPE_MAPPING_EXPLICIT(202, "mapping capabilities are created only by a map operation"),
    /** The offset is misaligned or does not lie inside the source. */
    RETYPE_INVALID_OFFSET(203, "retype offset is misaligned or outside the source"),
    /** The object size does not obey the rule of the requested type. */
    INVALID_SIZE(204, "invalid object size for the requested type"),
    /** The object count is zero or more objects than the source can hold. */
    RETYPE_INVALID_COUNT(205, "invalid object count for retype"),
    /** The requested range overlaps an existing descendant of the source. */
    REVOKE_FIRST(206, "range overlaps existing descendants: revoke first"),
    /** A physical base address is misaligned for the type or outside the address space. */
    INVALID_ADDRESS(207, "invalid physical address for the type"),
    /** A capability created from nothing would overlap memory that capabilities already name. */
    RANGE_IN_USE(208, "physical range is already named by a capability"),
    /**
     * The capability has relatives on other cores (its remote-relation bits say so), or another core owns it,
     * or a distributed operation on it is under way: the CPU driver alone may not decide, its monitor must
     * (Barrelfish's {@code SYS_ERR_RETRY_THROUGH_MONITOR}; the lib's {@code CapOperations} asks the monitor).
     */
    RETRY_THROUGH_MONITOR(209, "the capability has relatives on other cores: the operation needs the monitors"),
    /**
     * The operation reached the capability's owner after another core had deleted or revoked every copy the
     * operation was about (or the requester's own copy): it did nothing (distributed capability operations).
     */
    CAP_DELETED_ELSEWHERE(210, "the capability was deleted or revoked on another core meanwhile"),
    /** A revoke of the capability (or of an ancestor) is sweeping the cores: it may not be copied to another core now. */
    REVOKE_IN_PROGRESS(211, "a revoke of the capability is under way on the cores that hold it"),

    // ---- 3xx Page tables (VNodes) and mappings ----

    /** The capability used as a page table is not a VNode. */
    VNODE_TYPE(301, "capability is not a page table (VNode)"),
    /** The source cannot be mapped into a page table of this level. */
    WRONG_MAPPING(302, "capability cannot be mapped into this kind of page table"),
    /** The entry range lies outside the page table. */
    VNODE_SLOT_INVALID(303, "page-table entry range is invalid"),
    /** One of the page-table entries already holds a mapping. */
    VNODE_SLOT_INUSE(304, "page-table entry already holds a mapping"),
    /** The offset into the frame is misaligned or outside the frame. */
    FRAME_OFFSET_INVALID(305, "frame offset is misaligned or outside the frame"),
    /** The mapping would extend past the end of the frame. */
    VM_MAP_SIZE(306, "mapping extends past the end of the frame"),
    /**
     * The capability is mapped already: a capability maps at most once (Barrelfish's
     * {@code SYS_ERR_VM_ALREADY_MAPPED}); a second mapping of the same object takes a copy of it.
     */
    VM_ALREADY_MAPPED(307, "the capability is already mapped: map a copy of it"),
    /**
     * A TLB shootdown could not confirm that every core of its tree dropped the translation within the bound
     * (a core halted or stalled): the unmap is done here, but a core may still cache it.
     */
    SHOOTDOWN_TIMEOUT(308, "not every core confirmed the TLB shootdown within the bound"),
    /** A shootdown names a fan-out strategy the system does not know. */
    SHOOTDOWN_UNKNOWN_STRATEGY(309, "unknown shootdown fan-out strategy"),
    /** A shootdown's tree is malformed: not rooted at the unmapping core, a core twice, a core that does not exist. */
    SHOOTDOWN_BAD_TREE(310, "the shootdown's fan-out tree is malformed"),
    /** The dispatcher asking for a shootdown belongs to no domain, so no other core can hold its translations. */
    SHOOTDOWN_NOT_A_DOMAIN(311, "only a dispatcher of a domain can shoot down translations"),

    // ---- 4xx Services, binding and spawning (monitor and dispatcher runtime) ----

    /** No service is exported under the name a client asked to bind to. */
    SERVICE_NOT_FOUND(401, "no service is exported under that name"),
    /** Another service was already exported under the name. */
    SERVICE_EXISTS(402, "a service is already exported under that name"),
    /** The boot image has no program of the requested name. */
    PROGRAM_NOT_FOUND(403, "no program or domain of that name"),
    /** The core number names no core of this system. */
    INVALID_CORE(404, "no such core"),
    /** No running domain has the id given. */
    DOMAIN_NOT_FOUND(405, "no running domain has that id"),
    /** A domain spans to each core at most once (Barrelfish's SPAWN_ERR_DOMAIN_RUNNING on that core). */
    DOMAIN_ALREADY_ON_CORE(406, "the domain already has a dispatcher on that core"),
    /** A domain or program name is malformed, or its arguments cannot be carried. */
    INVALID_DOMAIN_NAME(407, "malformed domain name or arguments"),
    /** A domain jar's code names something outside the domain API, or reflects, loads classes or starts threads. */
    DOMAIN_REFUSED(408, "the domain's code reaches outside the domain API"),
    /** No spawnd serves the core asked for: the core halted, or never started one; nothing was started. */
    SPAWND_NOT_RUNNING(409, "no spawnd runs on that core: it has halted or never started"),

    // ---- 5xx System Knowledge Base ----

    /** The SKB could not answer: a syntax error, an unknown predicate, a spent budget (the detail says). */
    SKB_QUERY_FAILED(501, "the System Knowledge Base could not answer the query"),
    /** The SKB service is not running, so the request could not be served. */
    SKB_UNAVAILABLE(502, "the System Knowledge Base is not running"),
    /** Facts, rules or a query that the Prolog reader cannot parse. */
    SKB_SYNTAX_ERROR(503, "the text does not parse as Prolog"),
    /** A goal calls a predicate that no fact, rule or built-in defines. */
    SKB_UNKNOWN_PREDICATE(504, "no fact, rule or built-in defines this predicate"),
    /** A query used up its step budget before it finished; the SKB stays usable. */
    SKB_STEP_BUDGET_EXHAUSTED(505, "the query ran past its step budget and was cut off"),
    /**
     * A query recursed deeper than the engine's Java stack allows and was cut off; the SKB stays usable.
     * The depth a query may reach depends on the stack of the thread that asks.
     */
    SKB_DEPTH_EXHAUSTED(506, "the query recursed deeper than the engine's stack allows and was cut off"),
    /** The engine raised an error while solving (a type error, an uninstantiated argument, a throw/1). */
    SKB_EVALUATION_ERROR(507, "the query raised an error while it was being solved"),
    /** A fact or argument from Java is out of range or inconsistent with the machine. */
    SKB_INVALID_FACT(508, "the fact is not valid for this machine"),
    /** A typed query found no answer (for example no core satisfies every placement constraint). */
    SKB_NO_ANSWER(509, "the knowledge base has no answer to this question"),
    /** A facts file could not be read. */
    SKB_UNREADABLE_SOURCE(510, "the facts file cannot be read"),
    /**
     * A client without the SKB write capability tried to add or retract facts (a consult, the round trips, or
     * a query calling assert, retract or another built-in that changes the knowledge base); nothing changed.
     */
    SKB_WRITE_REFUSED(511, "only a holder of the SKB write capability may add or retract facts"),
    /** The capability presented to the SKB as its write capability is not a copy of it with the W right. */
    SKB_NOT_WRITE_CAPABILITY(512, "the capability presented is not the SKB write capability"),

    // ---- 6xx Memory: a domain's allocators, page tables (pmap) and accesses through them ----

    /** A slot allocator has no free capability slot left and no RAM to grow by. */
    SLOT_ALLOC_NO_SPACE(601, "no free capability slot left"),
    /** No RAM capability the allocator holds has room for the request. */
    OUT_OF_MEMORY(602, "not enough RAM left for the request"),
    /** A virtual address or size is not page-aligned, or lies outside the address space. */
    VSPACE_INVALID_ADDRESS(603, "invalid virtual address or size"),
    /** Part of the virtual range asked for is already mapped. */
    VSPACE_RANGE_IN_USE(604, "virtual range is already mapped"),
    /** Nothing is mapped at the virtual address: never mapped, unmapped, or its frame deleted or revoked. */
    VSPACE_NOT_MAPPED(605, "no mapping at the virtual address"),
    /** A write reached a page mapped without the write right. */
    VSPACE_WRITE_PROTECTED(606, "write to a page mapped without the write right"),
    /** memserv hands out RAM in powers of two of at least 4 KiB: the size asked for is neither. */
    MEMSERV_INVALID_SIZE(607, "RAM is handed out in powers of two of at least 4 KiB"),
    /** The NUMA node asked for does not exist, or has no memory (no memserv instance serves it). */
    MEMSERV_INVALID_NODE(608, "no such NUMA node with memory"),
    /** The capability given back is not one memserv handed out (or it was given back already). */
    MEMSERV_NOT_ALLOCATED(609, "memserv did not hand out this capability"),
    /** The capability given back was retyped: what was made from it must be deleted first. */
    MEMSERV_RETYPED(610, "the RAM was retyped: delete what was made from it first"),
    /** The address range asked for is empty, misses the server's memory, or is smaller than the size asked for. */
    MEMSERV_INVALID_RANGE(611, "no block of that size fits in the address range"),

    // ---- 7xx Boot: the bootstrap monitor's view of starting, meshing, measuring and halting ----

    /** A core did not report ready (BOOTED) before the boot deadline. */
    BOOT_CORE_TIMEOUT(701, "a core did not report ready within the boot deadline"),
    /** A core booted but did not bind a channel to every other monitor before the boot deadline. */
    BOOT_MESH_TIMEOUT(702, "a core did not finish binding to every other monitor within the boot deadline"),
    /** A round-trip probe between two cores did not finish before its deadline. */
    BOOT_PROBE_TIMEOUT(703, "a round-trip probe did not finish within its deadline"),
    /** The SKB did not take the round trips or give a multicast tree before the deadline. */
    BOOT_SKB_TIMEOUT(704, "the SKB did not answer within the boot deadline"),
    /** The SKB refused the measured round trips or gave no tree over every core. */
    BOOT_SKB_REFUSED(705, "the SKB refused the round trips or gave no multicast tree over every core"),
    /** A service named by the boot plan failed to start. */
    BOOT_SERVICE_FAILED(706, "a boot service could not start"),
    /** The boot task could not be started. */
    BOOT_TASK_FAILED(707, "the boot task could not start"),
    /** Some core did not acknowledge the halt before the halt deadline. */
    BOOT_HALT_TIMEOUT(708, "not every core acknowledged the halt within its deadline"),

    // ---- 8xx User-level threads: the scheduler inside a dispatcher ----

    /**
     * A user-level thread tried to yield (to block, sleep, wait or yield) while the JVM cannot unmount it:
     * a native frame on its stack, a critical section, or — when the scheduler checks — a Java monitor held.
     */
    THREAD_PINNED(801, "the user-level thread cannot yield: its continuation is pinned to the core's thread"),
    /** A user-level thread ended with an uncaught exception (what {@code join} reports; the cause is attached). */
    THREAD_FAILED(802, "the user-level thread ended with an uncaught exception"),


    // ---- 9xx Messages, bindings and channels (generated interfaces: Barrelfish's FLOUNDER_ERR_) ----

    /** The channel has no room for the message now; the try form returns at once (the queueing form waits). */
    TX_BUSY(901, "the channel is full: send later, or use the queueing form"),
    /** A message's number matches no message the interface (or no interface the channel carries) declares. */
    RX_INVALID_MSGNUM(902, "the message matches no declared message"),
    /** A message has fewer or more words than its declaration needs (for example a truncated multi-slot message). */
    RX_INVALID_LENGTH(903, "the message is shorter or longer than its declaration"),
    /** An argument's words do not hold a value of its declared type (bad text, boolean, status or range). */
    RX_INVALID_ARGUMENT(904, "an argument does not hold a value of its declared type"),
    /** A reply names no call this side is waiting for. */
    RX_UNKNOWN_REPLY(905, "the reply answers no outstanding call"),
    /** The receiving side declares the message but has no handler for it. */
    UNHANDLED_MESSAGE(906, "the receiver does not handle this message"),
    /** The message is longer than the channel's ring can carry. */
    MESSAGE_TOO_LONG(907, "the message is longer than the channel can carry"),
    /** The channel was closed (its service or client stopped): nothing more can be sent or answered on it. */
    CHANNEL_CLOSED(908, "the channel is closed: the other end stopped"),
    /** The channel cannot carry a capability (no capability transfer between these two ends). */
    CAP_TRANSFER_UNAVAILABLE(909, "this channel cannot carry capabilities between its two ends"),
    /** An RPC was answered twice, or a one-way message was answered. */
    REPLY_ALREADY_SENT(910, "the call was already answered"),
    /**
     * The capability's type cannot leave its core: its object is core-local state (a CNode's table, a
     * dispatcher, a page table, a mapping, the Kernel capability), so only memory capabilities cross cores.
     */
    CAP_NOT_TRANSFERABLE(911, "this type of capability cannot leave its core"),
    /**
     * The interconnect cannot make a channel of the transport asked for between these two cores (LMP across
     * cores, SIM natively), or the SKB named a transport no interconnect knows.
     */
    TRANSPORT_UNAVAILABLE(912, "the interconnect cannot make a channel of this transport between these cores"),
    /** A capability used as a channel endpoint is of another type (Barrelfish's LMP endpoints are END_POINT capabilities). */
    ENDPOINT_TYPE(913, "capability is not a channel endpoint (END_POINT)"),
    /** An END_POINT capability names no channel: the dispatcher retyped it itself, and no monitor connected it. */
    ENDPOINT_NOT_CONNECTED(914, "the endpoint capability names no channel"),
    /** The channel an endpoint capability names was already bound by a dispatcher: each end is bound once. */
    ENDPOINT_ALREADY_BOUND(915, "the endpoint's channel is already bound"),
    /**
     * The frame capability a channel's rings live in is gone (deleted or revoked), or is not a frame the
     * channel fits in: the channel is torn down and cannot be bound or used.
     */
    CHANNEL_FRAME_GONE(916, "the channel's frame capability was deleted, revoked or does not fit the channel"),

    // ---- 10xx The shell (fish) ----
    /** A command line named no command the shell has. */
    SHELL_UNKNOWN_COMMAND(1001, "no such command"),
    /** A command's argument is missing, extra or malformed. */
    SHELL_USAGE(1002, "the command's arguments are missing or malformed"),
    /** A capability name the shell has not bound (on the core the command ran on). */
    SHELL_NAME_NOT_BOUND(1003, "no capability is bound to that name"),
    /** A capability name already bound (on the core the command ran on). */
    SHELL_NAME_IN_USE(1004, "that name is already bound to a capability"),
    /** The part of the system a command drives does not exist yet. */
    NOT_AVAILABLE(1005, "the part of the system this needs is not built yet"),
    /** The user cancelled the running command (Ctrl-C). */
    SHELL_CANCELLED(1006, "cancelled"),
    /** A program the host ran for the shell (a benchmark) ended with a failure status. */
    SHELL_BENCH_FAILED(1007, "the benchmark failed"),

    // ---- 11xx Agreement: one- and two-phase commit over a set of cores (monitor.agreement) ----
    /** A round over no core at all: an agreement needs at least its coordinator. */
    AGREEMENT_EMPTY_SET(1101, "an agreement round needs at least one core"),
    /** A round names a core the system does not have, or one this monitor has no channel to. */
    AGREEMENT_NO_SUCH_CORE(1102, "an agreement round names a core that does not exist"),
    /** The round's tree is not rooted at its coordinator, or names a core twice. */
    AGREEMENT_BAD_TREE(1103, "the round's fan-out tree is malformed"),
    /** A core taking part has no participant for the round's table. */
    AGREEMENT_UNKNOWN_TABLE(1104, "no participant for that replicated table on a core of the round"),
    /** A participant's local check refused the change: every core aborted it. */
    AGREEMENT_VOTED_NO(1105, "a participant voted no: the round aborted on every core"),
    /** Not every vote (or acknowledgement) came back within the bound: a core halted or stalled. */
    AGREEMENT_TIMEOUT(1106, "a core did not answer within the agreement bound: the round aborted"),
    /** Commit was decided, but not every core confirmed applying it within the bound (it will if it runs again). */
    AGREEMENT_UNCONFIRMED(1107, "the round committed, but not every core confirmed it within the bound");

    /** The wire status that means success. */
    public static final int OK_WIRE = 0;

    private static final ErrorCode[] BY_WIRE = byWire();

    private final int wire;
    private final String message;

    ErrorCode(final int wire, final String message)
    {
        this.wire = wire;
        this.message = message;
    }

    /** The fixed human-readable message of this code. */
    public String message()
    {
        return message;
    }

    /** The stable number that stands for this code in a message. */
    public int wire()
    {
        return wire;
    }

    /** The wire status of {@code code}: {@link #OK_WIRE} for null (success). */
    public static long toWire(final ErrorCode code)
    {
        return code == null ? OK_WIRE : code.wire;
    }

    /**
     * The code a wire status stands for: null for {@link #OK_WIRE}.
     *
     * @throws IllegalArgumentException if {@code wire} is no code's number (a malformed message).
     */
    public static ErrorCode fromWire(final long wire)
    {
        if (wire == OK_WIRE)
        {
            return null;
        }
        if (wire < 0 || wire >= BY_WIRE.length || BY_WIRE[(int)wire] == null)
        {
            throw new IllegalArgumentException("status word " + wire + " is no error code's wire number");
        }
        return BY_WIRE[(int)wire];
    }

    private static ErrorCode[] byWire()
    {
        int max = 0;
        for (final ErrorCode code : values())
        {
            max = Math.max(max, code.wire);
        }
        final ErrorCode[] table = new ErrorCode[max + 1];
        for (final ErrorCode code : values())
        {
            if (code.wire <= OK_WIRE || table[code.wire] != null)
            {
                throw new ExceptionInInitializerError("wire number " + code.wire + " of " + code + " is reserved or taken");
            }
            table[code.wire] = code;
        }
        return table;
    }
}
