package dev.flotilla.lib.domain;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;
import dev.flotilla.lib.BootImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The domains the system can start, by name: the built-ins (every {@link Domain} listed in a
 * {@code META-INF/services/dev.flotilla.lib.domain.Domain} file on the class path) and those of jars in a
 * directory ({@code --domains DIR}). Each entry makes a fresh instance of its domain class every time a
 * dispatcher of it starts, on that dispatcher's core, so no domain state is shared between cores.
 *
 * <p><b>Jars see only the domain API.</b> A jar's classes are loaded by a class loader whose parent hands
 * out only the JDK's own classes, this package ({@code dev.flotilla.lib.domain}), the runtime of generated
 * bindings ({@code dev.flotilla.idl}, not its generator) and the error vocabulary ({@code dev.flotilla.base});
 * naming any other Flotilla class — kernel, monitor, capabilities, even the
 * rest of lib — fails to link (NoClassDefFoundError), and {@code Class.forName} through the jar's own loader
 * is refused. Before that, {@link DomainVerifier} reads every class of the jar and refuses the jar if its code
 * names anything outside the API or reaches for reflection, method handles, class loaders or platform threads
 * ({@code DOMAIN_REFUSED}, naming the class and what it named) — so neither naming nor reflection gets a jar
 * domain to the kernel, the monitor or the capabilities (docs/10-domains.md).
 */
public final class DomainCatalog
{
    /** A domain the catalog can start. */
    public record Entry(String name, String description, String origin, Supplier<Domain> factory)
    {
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final String SERVICES = "META-INF/services/" + Domain.class.getName();

    private final Map<String, Entry> entries;

    private DomainCatalog(final Map<String, Entry> entries)
    {
        this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    /** The built-in domains: those listed on the class path. */
    public static DomainCatalog builtIn()
    {
        return load(ServiceLoader.load(Domain.class, Domain.class.getClassLoader()), "built-in");
    }

    /**
     * The domains of every {@code .jar} in {@code dir}, each loaded so that it can name only the domain API.
     *
     * @throws FlotillaException {@code INVALID_DOMAIN_NAME} if the directory cannot be read, a jar's domain
     *         cannot be loaded (it names an internal class, has no public no-argument constructor, lacks
     *         {@link DomainInfo}) or two domains share a name; the message says which.
     */
    public static DomainCatalog fromJars(final Path dir)
    {
        return fromJars(dir, true);
    }

    /** As {@link #fromJars(Path)}; without {@code verify} only the loader stands between a jar and the internals (tests). */
    static DomainCatalog fromJars(final Path dir, final boolean verify)
    {
        final List<Path> jars;
        try (Stream<Path> files = Files.list(dir))
        {
            jars = files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        catch (final IOException e)
        {
            throw new FlotillaException(ErrorCode.INVALID_DOMAIN_NAME, "--domains " + dir + ": cannot list it: " + e);
        }
        DomainCatalog all = new DomainCatalog(Map.of());
        for (final Path jar : jars)
        {
            if (verify)
            {
                verify(jar);
            }
            final URL url;
            try
            {
                url = jar.toUri().toURL();
            }
            catch (final MalformedURLException e)
            {
                throw new FlotillaException(ErrorCode.INVALID_DOMAIN_NAME, jar + ": " + e.getMessage());
            }
            final ClassLoader loader = new URLClassLoader("domains:" + jar.getFileName(), new URL[] {url},
                new ApiOnlyLoader(DomainCatalog.class.getClassLoader()));
            all = all.with(load(ServiceLoader.load(Domain.class, loader), jar.toString()));
        }
        return all;
    }

    /**
     * Refuses a jar any of whose classes reaches outside the domain API ({@link DomainVerifier}), before any of
     * its code is loaded.
     */
    private static void verify(final Path jar)
    {
        final List<String> refused = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile()))
        {
            final List<JarEntry> classes = file.stream().filter(entry -> entry.getName().endsWith(".class")
                && !entry.getName().endsWith("module-info.class")).toList();
            final Set<String> own = new HashSet<>();
            classes.forEach(entry -> own.add(entry.getName().substring(0, entry.getName().length() - ".class".length())));
            for (final JarEntry entry : classes)
            {
                try (InputStream in = file.getInputStream(entry))
                {
                    refused.addAll(DomainVerifier.check(in.readAllBytes(), own));
                }
            }
        }
        catch (final IOException | IllegalArgumentException e)
        {
            throw new FlotillaException(ErrorCode.DOMAIN_REFUSED, jar + ": cannot read its classes: " + e.getMessage());
        }
        if (!refused.isEmpty())
        {
            throw new FlotillaException(ErrorCode.DOMAIN_REFUSED, jar + ": " + String.join("; ",
                refused.subList(0, Math.min(5, refused.size()))) + (refused.size() > 5 ? "; and " + (refused.size() - 5)
                + " more" : ""));
        }
    }

    private static DomainCatalog load(final ServiceLoader<Domain> loader, final String origin)
    {
        final Map<String, Entry> found = new TreeMap<>();
        try
        {
            for (final ServiceLoader.Provider<Domain> provider : (Iterable<ServiceLoader.Provider<Domain>>)loader.stream()::iterator)
            {
                final DomainInfo info = provider.type().getAnnotation(DomainInfo.class);
                if (info == null)
                {
                    throw new FlotillaException(ErrorCode.INVALID_DOMAIN_NAME, origin + ": domain class "
                        + provider.type().getName() + " has no @DomainInfo(name = ...)");
                }
                final Entry entry = new Entry(checkedName(info.name(), origin), info.description(), origin, provider::get);
                if (found.putIfAbsent(entry.name(), entry) != null)
                {
                    throw new FlotillaException(ErrorCode.INVALID_DOMAIN_NAME, origin + ": two domains are named '"
                        + entry.name() + "'");
                }
            }
        }
        catch (final ServiceConfigurationError | NoClassDefFoundError e)
        {
            throw new FlotillaException(ErrorCode.INVALID_DOMAIN_NAME, origin + ": a domain cannot be loaded: "
                + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
        }
        return new DomainCatalog(found);
    }

    private static String checkedName(final String name, final String origin)
    {
        if (!NAME.matcher(name).matches())
        {
            throw new FlotillaException(ErrorCode.INVALID_DOMAIN_NAME, origin + ": domain name '" + name
                + "' must be 1..64 letters, digits, '-', '_' or '.'");
        }
        return name;
    }

    /**
     * This catalog and {@code other}'s domains.
     *
     * @throws FlotillaException {@code INVALID_DOMAIN_NAME} if both have a domain of one name.
     */
    public DomainCatalog with(final DomainCatalog other)
    {
        final Map<String, Entry> both = new TreeMap<>(entries);
        for (final Entry entry : other.entries.values())
        {
            final Entry clash = both.putIfAbsent(entry.name(), entry);
            if (clash != null)
            {
                throw new FlotillaException(ErrorCode.INVALID_DOMAIN_NAME, "domain '" + entry.name() + "' of "
                    + entry.origin() + " clashes with the one of " + clash.origin());
            }
        }
        return new DomainCatalog(both);
    }

    /** The domains, sorted by name. */
    public List<Entry> entries()
    {
        return new ArrayList<>(entries.values());
    }

    /** {@code image} with every domain of this catalog as a program of its name. */
    public BootImage addTo(final BootImage image)
    {
        BootImage with = image;
        for (final Entry entry : entries.values())
        {
            with = with.with(entry.name(), () -> new DomainProgram(entry.factory().get()));
        }
        return with;
    }

    /** The parent of a domain jar's loader: the JDK, the domain API, bindings and errors; nothing else of Flotilla. */
    private static final class ApiOnlyLoader extends ClassLoader
    {
        private static final List<String> ALLOWED = List.of("java.", "javax.", "dev.flotilla.lib.domain.",
            "dev.flotilla.idl.", "dev.flotilla.base.");

        ApiOnlyLoader(final ClassLoader system)
        {
            super("flotilla-domain-api", system);
        }

        @Override
        protected Class<?> loadClass(final String name, final boolean resolve) throws ClassNotFoundException
        {
            if (ALLOWED.stream().noneMatch(name::startsWith) || name.startsWith("dev.flotilla.lib.domain.DomainProgram")
                || name.startsWith("dev.flotilla.idl.processor."))
            {
                throw new ClassNotFoundException(name + " is not part of the domain API: a domain from a jar may use only "
                    + "dev.flotilla.lib.domain, dev.flotilla.idl and dev.flotilla.base");
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public URL getResource(final String name)
        {
            return name.startsWith("META-INF/") ? null : super.getResource(name);
        }

        @Override
        public java.util.Enumeration<URL> getResources(final String name) throws IOException
        {
            return name.equals(SERVICES) ? Collections.emptyEnumeration() : super.getResources(name);
        }
    }
}
