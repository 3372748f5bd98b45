package dev.flotilla.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.lib.BootImage;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.domain.DomainCatalog;
import dev.flotilla.lib.domain.Unverified;
import dev.flotilla.monitor.BootOutcome;
import dev.flotilla.monitor.BootPlan;
import dev.flotilla.monitor.MonitorConfig;
import dev.flotilla.monitor.SteppedPlatform;
import dev.flotilla.monitor.TestBoot;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Domains found by name: the built-ins through ServiceLoader, and jars from a directory, which may name
 * only the domain API — tried both ways in, by linking and by Class.forName.
 */
class DomainCatalogTest
{
    @TempDir
    Path temp;

    /** Boots {@code cores} stepped cores with {@code catalog}'s domains and runs {@code task} as the boot task. */
    private static BootOutcome run(final DomainCatalog catalog, final int cores, final String task)
    {
        try (SteppedPlatform platform = new SteppedPlatform(cores, 100))
        {
            final MonitorConfig config = new MonitorConfig(cores, 16, 5, 0, 0, 1_000_000, 1_000_000);
            final TestBoot booted = TestBoot.run(platform, config, catalog.addTo(BootImage.empty()),
                new BootPlan(List.of(), Optional.of(task), 0), 20_000_000_000L);
            assertTrue(booted.halted(), "halted after the boot task ended");
            assertTrue(platform.faults().isEmpty(), () -> "the core went on: " + platform.faults());
            return booted.outcome();
        }
    }

    @Test
    void theBuiltInDomainsAreFoundByNameAndRun()
    {
        final DomainCatalog builtIn = DomainCatalog.builtIn();
        final DomainCatalog.Entry spanAll = builtIn.entries().stream().filter(e -> e.name().equals("span-all"))
            .findFirst().orElseThrow(() -> new AssertionError(builtIn.entries().toString()));
        assertTrue(spanAll.description().contains("roll call"));
        assertEquals("built-in", spanAll.origin());
        final BootOutcome outcome = run(builtIn, 4, "span-all");
        assertTrue(outcome.succeeded(), () -> outcome.error().orElse(""));
        assertEquals(0, outcome.taskStatus(), "span-all reached every core and ended");
    }

    @Test
    void twoDomainsOfOneNameAreRefused()
    {
        final FlotillaException e = assertThrows(FlotillaException.class,
            () -> DomainCatalog.builtIn().with(DomainCatalog.builtIn()));
        assertEquals(ErrorCode.INVALID_DOMAIN_NAME, e.code());
        assertTrue(e.getMessage().matches(".*'(span-all|memtest|pingpong|hold)'.*clashes.*"), e.getMessage());
    }

    /** Compiles {@code className} from {@code source} and packs it, with its service file, into DIR/NAME.jar. */
    private Path jar(final String dir, final String className, final String source, final boolean listed)
        throws IOException
    {
        final Path src = temp.resolve(dir + "-src");
        final Path classes = temp.resolve(dir + "-classes");
        Files.createDirectories(src.resolve("jar"));
        Files.createDirectories(classes);
        final Path file = src.resolve("jar").resolve(className + ".java");
        Files.writeString(file, source);
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-proc:none", "-classpath", System.getProperty("java.class.path"),
            "-d", classes.toString(), file.toString()), "the jar's source compiles");
        final Path out = temp.resolve(dir);
        Files.createDirectories(out);
        final Path jar = out.resolve(dir + ".jar");
        try (JarOutputStream zip = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> built = Files.walk(classes))
        {
            for (final Path path : built.filter(Files::isRegularFile).toList())
            {
                zip.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                Files.copy(path, zip);
            }
            if (listed)
            {
                zip.putNextEntry(new JarEntry("META-INF/services/dev.flotilla.lib.domain.Domain"));
                final OutputStream text = zip;
                text.write(("jar." + className + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String domain(final String name, final String className, final String body)
    {
        return "package jar;\nimport dev.flotilla.lib.domain.*;\nimport dev.flotilla.base.*;\n"
            + "@DomainInfo(name = \"" + name + "\", description = \"from a jar\")\n"
            + "public class " + className + " implements Domain {\n"
            + "  public void main(DomainContext context) throws Exception {\n" + body + "\n  }\n"
            + "  public void spanned(DomainContext context) { context.sleepNs(Long.MAX_VALUE / 4); }\n}\n";
    }

    @Test
    void aJarDomainThatNamesOnlyTheApiRunsAndSpans() throws Exception
    {
        final Path dir = jar("good", "Good", domain("good", "Good", """
                record Pair(int core, String name) { }
                Runnable check = () -> { if (context.args().size() > 99) throw new IllegalStateException("args"); };
                check.run();
                Object shape = new Pair(1, "x" + context.core());
                int core = switch (shape) { case Pair p -> p.core(); default -> 0; };
                context.span(core);
                try { context.span(1); throw new IllegalStateException("spanned twice"); }
                catch (FlotillaException e) { if (e.code() != ErrorCode.DOMAIN_ALREADY_ON_CORE) throw e; }
                context.sleepNs(1000);
            """), true);
        final DomainCatalog jars = DomainCatalog.fromJars(dir);
        assertEquals(List.of("good"), jars.entries().stream().map(DomainCatalog.Entry::name).toList());
        assertTrue(jars.entries().getFirst().origin().endsWith("good.jar"));
        final BootOutcome outcome = run(DomainCatalog.builtIn().with(jars), 2, "good");
        assertTrue(outcome.succeeded(), () -> outcome.error().orElse(""));
        assertEquals(0, outcome.taskStatus(), "lambdas, records, pattern switches and string concatenation pass");
    }

    /** Builds a jar whose domain's main is {@code body} and returns why loading it was refused. */
    private String refused(final String name, final String body) throws Exception
    {
        final Path dir = jar(name, "Bad", domain(name, "Bad", body), true);
        final FlotillaException e = assertThrows(FlotillaException.class, () -> DomainCatalog.fromJars(dir));
        assertEquals(ErrorCode.DOMAIN_REFUSED, e.code(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aJarThatNamesAnInternalClassIsRefusedBeforeAnyOfItsCodeLoads() throws Exception
    {
        assertTrue(refused("kernel", "new dev.flotilla.kernel.CpuDriver(0);").contains(
            "jar.Bad names dev.flotilla.kernel.CpuDriver: not part of the domain API"));
        assertTrue(refused("dispatcher", "context.dispatcher().exit(0);").contains("dev.flotilla.lib.Dispatcher"));
        assertTrue(refused("caps", "Object ref = dev.flotilla.caps.cspace.CapRef.ROOT;").contains(
            "dev.flotilla.caps.cspace.CapRef"));
    }

    @Test
    void aJarThatReflectsLoadsClassesOrStartsThreadsIsRefused() throws Exception
    {
        assertTrue(refused("forname", "Class.forName(\"dev.flotilla.kernel.CpuDriver\");").contains(
            "uses java.lang.Class.forName"));
        assertTrue(refused("fields", "context.getClass().getDeclaredFields();").contains("java.lang.Class.getDeclaredFields"));
        assertTrue(refused("handles", "java.lang.invoke.MethodHandles.lookup();").contains(
            "java.lang.invoke.MethodHandles.lookup: method handles"));
        assertTrue(refused("reflect", "java.lang.reflect.Array.getLength(new int[0]);").contains("java.lang.reflect.Array"));
        assertTrue(refused("loader", "ClassLoader.getSystemClassLoader();").contains("java.lang.ClassLoader"));
        assertTrue(refused("thread", "new Thread(() -> { }).start();").contains("java.lang.Thread.<init>"));
        assertTrue(refused("exit", "System.exit(3);").contains("java.lang.System.exit"));
    }

    @Test
    void withoutTheVerifierTheLoaderStillRefusesInternalsByNameAndAtLinkTime() throws Exception
    {
        final Path peek = jar("peek", "Peek", domain("peek", "Peek", """
                for (String internal : new String[] {"dev.flotilla.kernel.CpuDriver", "dev.flotilla.monitor.Monitor",
                    "dev.flotilla.lib.Dispatcher", "dev.flotilla.caps.cspace.CSpace"}) {
                  try { Class.forName(internal); throw new IllegalStateException("loaded " + internal); }
                  catch (ClassNotFoundException refused) { }
                }
            """), true);
        assertEquals(0, run(Unverified.fromJars(peek), 1, "peek").taskStatus(), "every internal class was refused by name");
        final Path linker = jar("linker", "Linker", domain("linker", "Linker", "new dev.flotilla.kernel.CpuDriver(0);"),
            true);
        final BootOutcome outcome = run(Unverified.fromJars(linker), 1, "linker");
        assertTrue(outcome.succeeded(), "the system halted in order");
        assertEquals(Dispatcher.FAILED_STATUS, outcome.taskStatus(), "the domain was stopped when it reached the kernel");
    }

    @Test
    void aJarWhoseDomainLacksItsNameIsRefusedWithTheClassNamed() throws Exception
    {
        final Path dir = jar("unnamed", "Unnamed", """
            package jar;
            public class Unnamed implements dev.flotilla.lib.domain.Domain {
              public void main(dev.flotilla.lib.domain.DomainContext context) { }
            }
            """, true);
        final FlotillaException e = assertThrows(FlotillaException.class, () -> DomainCatalog.fromJars(dir));
        assertEquals(ErrorCode.INVALID_DOMAIN_NAME, e.code());
        assertTrue(e.getMessage().contains("jar.Unnamed has no @DomainInfo"), e.getMessage());
        final FlotillaException missing = assertThrows(FlotillaException.class,
            () -> DomainCatalog.fromJars(temp.resolve("no-such-dir")));
        assertTrue(missing.getMessage().contains("cannot list it"), missing.getMessage());
    }
}
