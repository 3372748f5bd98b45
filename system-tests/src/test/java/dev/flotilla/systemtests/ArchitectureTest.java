package dev.flotilla.systemtests;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module table of ARCHITECTURE.md section 3 (who may depend on whom), checked on the production
 * bytecode of every module: a wrong-way dependency — an import, a field, a signature, a call, an
 * annotation — fails the build with the class that made it and the class it reached. Also two rules
 * that make it a multikernel: the OS takes time and threads from the {@code Platform}, and only the
 * layers that own memory and native code touch {@code java.lang.foreign}.
 *
 * <p>Module {@code m} is package {@code dev.flotilla.m} and its subpackages ({@code idl.processor} is
 * {@code idl}); {@code system-tests} is {@code dev.flotilla.systemtests}. Main classes only: test
 * classes (test-jars included) are not imported, nor are {@code bench}, {@code stress} and this module,
 * which may use anything.
 */
class ArchitectureTest
{
    /** Every module of the table, lowest first; a class in none of them fails {@link #everyClassBelongsToAModule}. */
    private static final List<String> MODULES = List.of("base", "platform", "urpc", "idl", "caps", "kernel", "skb",
        "lib", "examples", "monitor", "services", "shell", "sim", "runtime", "bench", "stress", "systemtests");

    /** The modules whose main classes this module's classpath holds: all but bench, stress and system-tests. */
    private static final List<String> CHECKED = MODULES.subList(0, MODULES.indexOf("runtime") + 1);

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("/jmh_generated/"))
        // bench is on the test classpath (the shared soak driver), and may use anything: not checked
        .withImportOption(location -> !location.contains("/bench/target/") && !location.contains("flotilla-bench"))
        .importPackages("dev.flotilla");

    private static String pkg(final String module)
    {
        return "dev.flotilla." + module + "..";
    }

    private static String[] pkgs(final Stream<String> modules)
    {
        return modules.map(ArchitectureTest::pkg).toArray(String[]::new);
    }

    /**
     * One row of the table: {@code module}'s main classes depend on no module but itself and
     * {@code mayUse}. Every other module of the table is forbidden, so a new module must be placed in
     * the table before anything can use it.
     */
    private static ArchRule layer(final String module, final Set<String> mayUse, final String why)
    {
        final String[] forbidden = pkgs(MODULES.stream().filter(m -> !m.equals(module) && !mayUse.contains(m)));
        final String allowed = mayUse.isEmpty() ? "no other module" : String.join(", ", new TreeSet<>(mayUse));
        return noClasses().that().resideInAPackage(pkg(module))
            .should().dependOnClassesThat().resideInAnyPackage(forbidden)
            .as(module + " depends on " + allowed + " only")
            .because(why);
    }

    // ---- the module table, one rule per layer, lowest first ----

    @Test
    void baseDependsOnNothing()
    {
        // base is the one error vocabulary that every layer shares: it can know none of them
        layer("base", Set.of(), "every module speaks base's ErrorCode, so base must sit below all of them")
            .check(PRODUCTION);
    }

    @Test
    void platformDependsOnBaseOnly()
    {
        // the hardware-neutral SPI and the native machine: everything runs on it, so it uses nothing above
        layer("platform", Set.of("base"), "the Platform is what the OS runs on; it cannot know the OS")
            .check(PRODUCTION);
    }

    @Test
    void urpcDependsOnPlatform()
    {
        // channels are built on the platform's shared memory and wake-ups, and on nothing of the OS
        layer("urpc", Set.of("platform", "base"), "channels carry messages for every layer above them")
            .check(PRODUCTION);
    }

    @Test
    void idlDependsOnUrpc()
    {
        // the interface annotations and the stub generator; generated stubs send over urpc channels
        layer("idl", Set.of("urpc", "base"), "stubs are generated into the modules above idl, which link it")
            .check(PRODUCTION);
    }

    @Test
    void capsIsAPureLibrary()
    {
        // capability rules are pure single-threaded logic: no platform, no channels, no kernel
        layer("caps", Set.of("base"), "the capability system is a pure library the kernel drives")
            .check(PRODUCTION);
    }

    @Test
    void kernelDependsOnPlatformUrpcAndCaps()
    {
        // the CPU driver owns its core's capabilities and dispatches; it knows no monitor and no domain
        layer("kernel", Set.of("platform", "urpc", "caps", "base"),
            "the CPU driver sits below everything a domain links (lib) and the monitor").check(PRODUCTION);
    }

    @Test
    void skbDependsOnPlatform()
    {
        // the knowledge base reasons about the platform's topology; it is reached by messages, never linked down
        layer("skb", Set.of("platform", "base"), "the SKB engine is a library the SKB server (services) runs")
            .check(PRODUCTION);
    }

    @Test
    void libDependsOnKernelAndBelow()
    {
        // what a domain links: the dispatcher runtime over the kernel's syscalls, channels and stubs
        layer("lib", Set.of("kernel", "urpc", "idl", "caps", "platform", "base"),
            "a domain reaches the monitor, the SKB and services by message, never by linking them").check(PRODUCTION);
    }

    @Test
    void monitorDependsOnLibAndBelow()
    {
        // the monitor links lib as Barrelfish's monitor links libbarrelfish; services run above it
        layer("monitor", Set.of("kernel", "urpc", "caps", "lib", "idl", "platform", "base"),
            "the monitor is below the services; it reaches them only through channels").check(PRODUCTION);
    }

    @Test
    void servicesDependOnMonitorSkbAndBelow()
    {
        // services are domains; the SKB server runs the skb engine
        layer("services", Set.of("lib", "monitor", "skb", "idl", "kernel", "urpc", "caps", "platform", "base"),
            "services are domains; only the runtime assembles them").check(PRODUCTION);
    }

    @Test
    void examplesAreDomainsOnLibAndIdl()
    {
        // the example domains show what a user writes: lib (the domain API) and generated interfaces
        layer("examples", Set.of("lib", "idl", "base"),
            "an example domain links what a user's domain links, nothing of the OS inside").check(PRODUCTION);
    }

    @Test
    void shellIsADomainOnServicesAndBelow()
    {
        // fish is a domain: it links lib, speaks to the SKB and the monitors by message, and knows the SKB's fact kinds
        layer("shell", Set.of("services", "lib", "monitor", "skb", "idl", "kernel", "caps", "urpc", "platform", "base"),
            "the shell is a domain the runtime boots; nothing below it may know the shell").check(PRODUCTION);
    }

    @Test
    void simDependsOnPlatformAndUrpc()
    {
        // the simulated machine is another Platform and its transport; the OS above runs on it unchanged
        layer("sim", Set.of("platform", "urpc", "base"),
            "the same OS code runs on the simulator and natively, so the OS never names the simulator")
            .check(PRODUCTION);
    }

    @Test
    void runtimeAssemblesEverythingButTheTools()
    {
        // the launcher picks the native or simulated platform and boots the OS; benchmarks and tests use it
        layer("runtime", Set.of("shell", "services", "monitor", "lib", "examples", "skb", "kernel", "idl", "caps", "urpc", "sim",
            "platform", "base"), "bench, stress and system-tests run the runtime, never the other way round").check(PRODUCTION);
    }

    @Test
    void everyClassBelongsToAModule()
    {
        // a package outside the table has no layering: put its module in the table first
        classes().should().resideInAnyPackage(pkgs(MODULES.stream()))
            .because("ARCHITECTURE.md section 3 and this test's table name every module").check(PRODUCTION);
    }

    @Test
    void everyCheckedModuleWasImported()
    {
        // the rules above are only as good as the import: a module missing from it would pass vacuously
        final Set<String> found = PRODUCTION.stream()
            .map(JavaClass::getPackageName)
            .map(p -> p.substring("dev.flotilla.".length()).split("\\.")[0])
            .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(CHECKED), found, "modules with main classes on system-tests' classpath");
    }

    // ---- time and threads come from the Platform ----

    @Test
    void agentsTakeTimeAndThreadsFromThePlatform()
    {
        // ARCHITECTURE.md section 2, rule 2: kernel, monitor and services are agents stepped by the platform.
        // A clock read or a sleep of their own would make the simulator's virtual time a lie, and a thread
        // of their own would share a core's state with another thread. They get nowNs, a NanoClock and
        // wake-ups from the Platform instead. lib (what every dispatcher links) is held to it too.
        noClasses().that().resideInAnyPackage(pkgs(Stream.of("kernel", "monitor", "services", "caps", "skb", "lib")))
            .should().callMethod(System.class, "nanoTime")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethodWhere(target(owner(type(Thread.class))).and(target(name("sleep"))))
            .orShould().callMethodWhere(target(owner(type(Thread.class)))
                .and(target(nameMatching("ofPlatform|ofVirtual|startVirtualThread"))))
            .orShould().callConstructorWhere(target(owner(assignableTo(Thread.class))))
            .because("time and threads come from the Platform, so the simulator can run the same code")
            .check(PRODUCTION);
    }

    // ---- java.lang.foreign belongs to the layers that own memory and native code ----

    @Test
    void onlyThePlatformCallsNativeCode()
    {
        // pinning and mmap are the platform's; everything else asks it (Linker, SymbolLookup, FunctionDescriptor)
        noClasses().that().resideOutsideOfPackages(pkgs(Stream.of("platform", "bench", "stress")))
            .should().dependOnClassesThat(type(java.lang.foreign.Linker.class)
                .or(type(java.lang.foreign.SymbolLookup.class)).or(type(java.lang.foreign.FunctionDescriptor.class)))
            .because("native calls are hardware-specific, and the Platform is the hardware-neutral boundary")
            .check(PRODUCTION);
    }

    @Test
    void offHeapMemoryIsTouchedOnlyWhereItIsOwned()
    {
        // platform (physical memory, shared memory), urpc (UMP rings in shared memory) and sim (its shared
        // memory) own off-heap memory. kernel and lib are here too, by design rather than by the first
        // sketch of this rule: frames are real off-heap memory, so the kernel's mapping windows are
        // MemorySegments in confined Arenas and lib's pmap/vspace read and write them. Nothing else —
        // caps, idl, skb, monitor, services — touches java.lang.foreign.
        noClasses().that().resideOutsideOfPackages(
                pkgs(Stream.of("platform", "urpc", "sim", "kernel", "lib", "runtime", "bench", "stress")))
            .should().dependOnClassesThat().resideInAPackage("java.lang.foreign..")
            .because("off-heap memory is drawn and ordered where it is owned (ARCHITECTURE.md section 2, rule 7)")
            .check(PRODUCTION);
    }
}
