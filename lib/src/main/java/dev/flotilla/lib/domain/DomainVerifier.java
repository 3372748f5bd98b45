package dev.flotilla.lib.domain;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.MemberRefEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks, before a jar's domain is loaded, that its code names only the domain API — by name or by
 * reflection. It reads every class's constant pool (the JDK's class-file API): every class the code names
 * and every member it calls or touches must be the jar's own, the JDK's, or the API's
 * ({@code dev.flotilla.lib.domain}, {@code dev.flotilla.idl} without its generator, {@code dev.flotilla.base});
 * and none may be a way around that — reflection ({@code java.lang.reflect}, {@code Class.forName},
 * {@code getDeclared*}, {@code getClassLoader}), method handles ({@code MethodHandles.lookup()} and what it
 * finds), class loaders, modules and layers, the foreign-memory API, {@code sun.*} / {@code jdk.*}, and the
 * ways out of the dispatcher's model (platform threads, {@code System.exit}, native libraries). What the
 * compiler itself emits for lambdas, string concatenation, records and pattern switches (their bootstrap
 * methods) is allowed.
 *
 * <p>Why this and the loader filter of {@link DomainCatalog} together hold: code can reach a class only by
 * naming it (refused here, and again by the loader at link time) or through reflection, method handles or a
 * class loader — every entry point to which is a named JDK member refused here. Strings naming classes are
 * harmless without those entry points.
 */
final class DomainVerifier
{
    /** Internal-name prefixes a jar may name. */
    private static final List<String> ALLOWED = List.of("java/", "javax/", "dev/flotilla/lib/domain/",
        "dev/flotilla/idl/", "dev/flotilla/base/");

    /** Prefixes refused even though an allowed prefix covers them. */
    private static final List<String> REFUSED = List.of("java/lang/reflect/", "java/lang/foreign/",
        "java/lang/instrument/", "java/lang/invoke/", "dev/flotilla/idl/processor/",
        "dev/flotilla/lib/domain/DomainProgram", "dev/flotilla/lib/domain/DomainCatalog",
        "dev/flotilla/lib/domain/DomainVerifier", "javax/annotation/processing/", "javax/tools/");

    /** Classes of java.lang.invoke the compiler names for its bootstrap methods; none of their members may be called. */
    private static final Set<String> BOOTSTRAP_CLASSES = Set.of("java/lang/invoke/LambdaMetafactory",
        "java/lang/invoke/StringConcatFactory", "java/lang/invoke/MethodHandles",
        "java/lang/invoke/MethodHandles$Lookup", "java/lang/invoke/CallSite", "java/lang/invoke/MethodHandle",
        "java/lang/invoke/MethodType", "java/lang/invoke/TypeDescriptor", "java/lang/invoke/LambdaForm$Hidden");

    /** Bootstrap methods the compiler emits: the only members of java.lang.invoke a jar may reference. */
    private static final Set<String> BOOTSTRAP_MEMBERS = Set.of("java/lang/invoke/LambdaMetafactory.metafactory",
        "java/lang/invoke/LambdaMetafactory.altMetafactory", "java/lang/invoke/StringConcatFactory.makeConcatWithConstants",
        "java/lang/invoke/StringConcatFactory.makeConcat");

    /** Members refused on classes that are otherwise allowed: each is a way around naming, or out of the model. */
    private static final Map<String, Set<String>> REFUSED_MEMBERS = Map.of(
        "java/lang/Class", Set.of("forName", "getDeclaredField", "getDeclaredFields", "getDeclaredMethod",
            "getDeclaredMethods", "getDeclaredConstructor", "getDeclaredConstructors", "getField", "getFields",
            "getMethod", "getMethods", "getConstructor", "getConstructors", "getClassLoader", "getModule",
            "getRecordComponents", "getEnclosingMethod", "getEnclosingConstructor", "getNestHost", "getNestMembers",
            "getPermittedSubclasses", "newInstance"),
        "java/lang/Thread", Set.of("<init>", "start", "ofPlatform", "ofVirtual", "startVirtualThread",
            "getContextClassLoader", "setContextClassLoader"),
        "java/lang/System", Set.of("exit", "load", "loadLibrary", "setSecurityManager", "getSecurityManager"),
        "java/lang/StackWalker", Set.of("getCallerClass", "getInstance"));

    /** Whole classes refused. */
    private static final Set<String> REFUSED_CLASSES = Set.of("java/lang/ClassLoader", "java/lang/Module",
        "java/lang/ModuleLayer", "java/lang/Runtime", "java/lang/ProcessBuilder", "java/lang/ProcessHandle",
        "java/util/ServiceLoader", "java/net/URLClassLoader", "java/security/SecureClassLoader");

    private DomainVerifier()
    {
    }

    /**
     * What in {@code classFile} (the bytes of one class of the jar) reaches outside the domain API.
     *
     * @param own   the internal names of the jar's own classes, which it may name freely.
     * @return one line per refused reference, naming the class and what it named; empty if it keeps to the API.
     */
    static List<String> check(final byte[] classFile, final Set<String> own)
    {
        final ClassModel model = ClassFile.of().parse(classFile);
        final String self = model.thisClass().asInternalName();
        final List<String> refused = new ArrayList<>();
        for (final PoolEntry entry : model.constantPool())
        {
            if (entry instanceof MemberRefEntry member)
            {
                final String owner = member.owner().asInternalName();
                final String name = member.name().stringValue();
                final String why = memberRefusal(owner, name, own);
                if (why != null)
                {
                    refused.add(self.replace('/', '.') + " uses " + owner.replace('/', '.') + "." + name + ": " + why);
                }
            }
            else if (entry instanceof ClassEntry type)
            {
                final String name = elementOf(type.asInternalName());
                final String why = classRefusal(name, own);
                if (why != null)
                {
                    refused.add(self.replace('/', '.') + " names " + name.replace('/', '.') + ": " + why);
                }
            }
        }
        return refused;
    }

    private static String memberRefusal(final String owner, final String name, final Set<String> own)
    {
        final String type = elementOf(owner);
        if (own.contains(type))
        {
            return null;
        }
        if (BOOTSTRAP_CLASSES.contains(type))
        {
            return BOOTSTRAP_MEMBERS.contains(type + "." + name) ? null : "method handles reach around the domain API";
        }
        final Set<String> members = REFUSED_MEMBERS.get(type);
        if (members != null && members.contains(name))
        {
            return "reflection, class loading and platform threads are not part of the domain API";
        }
        return classRefusal(type, own);
    }

    private static String classRefusal(final String name, final Set<String> own)
    {
        if (own.contains(name) || BOOTSTRAP_CLASSES.contains(name) || name.length() == 1)
        {
            return null; // the jar's own, a bootstrap class the compiler names, or a primitive array element
        }
        if (REFUSED_CLASSES.contains(name) || REFUSED.stream().anyMatch(name::startsWith))
        {
            return "reflection, class loading and internals are not part of the domain API";
        }
        if (ALLOWED.stream().noneMatch(name::startsWith))
        {
            return "not part of the domain API (dev.flotilla.lib.domain, dev.flotilla.idl, dev.flotilla.base, the JDK)";
        }
        return null;
    }

    /** The element class of an array descriptor ({@code [[Ljava/lang/String;} is {@code java/lang/String}). */
    private static String elementOf(final String internal)
    {
        String name = internal;
        while (name.startsWith("["))
        {
            name = name.substring(1);
        }
        if (name.startsWith("L") && name.endsWith(";"))
        {
            name = name.substring(1, name.length() - 1);
        }
        return name;
    }
}
