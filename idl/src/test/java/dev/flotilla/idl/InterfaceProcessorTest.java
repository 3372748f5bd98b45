package dev.flotilla.idl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flotilla.idl.processor.InterfaceProcessor;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/** A wrong declaration fails the build with a message naming what is wrong; a right one compiles. */
class InterfaceProcessorTest
{
    private static final String HEAD = "package p;\nimport dev.flotilla.idl.*;\nimport dev.flotilla.base.ErrorCode;\n";

    /** The errors javac reports for one source file named {@code name}, with the stub generator running. */
    private static List<String> compile(final String name, final String source)
    {
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        final DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        final StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null);
        final JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///p/" + name + ".java"),
            JavaFileObject.Kind.SOURCE)
        {
            @Override
            public CharSequence getCharContent(final boolean ignoreEncodingErrors)
            {
                return source;
            }
        };
        final Path out;
        try
        {
            out = Files.createTempDirectory("idl-processor-test");
        }
        catch (final IOException e)
        {
            throw new AssertionError(e);
        }
        final List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-proc:full", "-d",
            out.toString(), "-s", out.toString());
        final JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics, options, null, List.of(unit));
        task.setProcessors(List.of(new InterfaceProcessor()));
        task.call();
        try
        {
            files.close();
        }
        catch (final IOException e)
        {
            throw new AssertionError(e);
        }
        final List<String> errors = new ArrayList<>();
        for (final Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics())
        {
            if (d.getKind() == Diagnostic.Kind.ERROR)
            {
                errors.add(d.getMessage(Locale.ROOT));
            }
        }
        return errors;
    }

    private static void refused(final String name, final String body, final String... expected)
    {
        final List<String> errors = compile(name, HEAD + body);
        final String all = errors.stream().collect(Collectors.joining("\n"));
        assertTrue(!errors.isEmpty(), "the declaration should not compile:\n" + body);
        for (final String part : expected)
        {
            assertTrue(all.contains(part), "expected '" + part + "' in:\n" + all);
        }
    }

    @Test
    void aGoodDeclarationCompilesWithItsGeneratedBinding()
    {
        assertEquals(List.of(), compile("Good", HEAD + """
            @MessageInterface(id = 3)
            public interface Good {
                record Pair(int a, String b) {}
                @Message void hello(String who, long[] words, byte[] bytes, boolean flag, ErrorCode code);
                @Rpc Pair pair(int x);
                @Rpc void nothing();
            }
            class User {
                void use(Port port) {
                    GoodBinding b = new GoodBinding(port);
                    b.hello("me", new long[0], new byte[0], true, null);
                    b.pair(1, (pair, error) -> { });
                    TxStatus status = b.tryHello("x", new long[0], new byte[0], false, ErrorCode.CAP_NOT_FOUND);
                }
            }
            """));
    }

    @Test
    void aGoodRecordSetCompilesWithItsGeneratedCodec()
    {
        assertEquals(List.of(), compile("Log", HEAD + """
            @RecordSet(description = "a log")
            public interface Log {
                int LIMIT = 3;
                void put(String key, long value, byte[] blob, boolean flag, ErrorCode code);
                void drop(String key);
                static Log ignoring() { return null; }
            }
            class User {
                void use(Log target) {
                    byte[] record = LogCodec.put("k", 1, new byte[0], true, null);
                    LogCodec.apply(LogCodec.drop("k"), target);
                    String kind = LogCodec.kindOf(record);
                }
            }
            """));
    }

    @Test
    void aWrongRecordSetIsRefusedWithWhatIsWrong()
    {
        refused("Caps", "@RecordSet public interface Caps { void keep(dev.flotilla.caps.cspace.CapRef cap); }",
            "record set Caps, record keep, field 'cap': unsupported type");
        refused("Answers", "@RecordSet public interface Answers { int size(); }",
            "record set Answers, record size: a record returns void");
        refused("Annotated", "@RecordSet public interface Annotated { @Message void go(); }",
            "record set Annotated, record go: a record is a plain abstract method");
        refused("Twice", "@RecordSet public interface Twice { void go(int a); void go(long b); }",
            "record set Twice, record go: duplicate record name");
        refused("Empty", "@RecordSet public interface Empty { }", "record set Empty declares no record");
        refused("Clash", "@RecordSet public interface Clash { void go(String record); }",
            "field 'record': the name is used by the generated codec");
        refused("Nested", "public class Nested { @RecordSet interface Inner { void go(); } }",
            "@RecordSet goes on a top-level interface");
    }

    @Test
    void anUnsupportedArgumentTypeIsNamed()
    {
        refused("Bad", "@MessageInterface(id = 3) public interface Bad { @Message void send(double ratio); }",
            "interface Bad, method send, argument 'ratio': unsupported type double");
        refused("Bad", "@MessageInterface(id = 3) public interface Bad { @Message void send(java.util.List<String> names); }",
            "argument 'names': unsupported type java.util.List<java.lang.String>");
        refused("Bad", "@MessageInterface(id = 3) public interface Bad { @Message void send(int[] values); }",
            "argument 'values': unsupported type int[]");
    }

    @Test
    void aDuplicateMessageNameIsRefused()
    {
        refused("Dup", "@MessageInterface(id = 3) public interface Dup { @Message void go(int a); @Rpc int go(long b); }",
            "interface Dup: duplicate message name 'go'");
    }

    @Test
    void everyMethodIsAMessageOrAnRpcAndAMessageReturnsNothing()
    {
        refused("Plain", "@MessageInterface(id = 3) public interface Plain { void go(); }",
            "method go: a method of a message interface is either @Message or @Rpc");
        refused("Both", "@MessageInterface(id = 3) public interface Both { @Message @Rpc void go(); }", "not both");
        refused("Ret", "@MessageInterface(id = 3) public interface Ret { @Message int go(); }",
            "a @Message returns void");
        refused("Reply", "@MessageInterface(id = 3) public interface Reply { @Rpc Object go(); }",
            "unsupported reply type java.lang.Object");
        refused("Rec", "@MessageInterface(id = 3) public interface Rec { record R(float f) {} @Rpc R go(); }",
            "reply record R, component 'f': unsupported type float");
    }

    @Test
    void idsAndPlacementAreChecked()
    {
        refused("Zero", "@MessageInterface(id = 0) public interface Zero { @Message void go(); }",
            "interface Zero: id 0 is outside 1..255");
        refused("Big", "@MessageInterface(id = 256) public interface Big { @Message void go(); }", "id 256 is outside");
        refused("Cls", "@MessageInterface(id = 3) public class Cls { }", "@MessageInterface goes on a top-level interface");
        refused("Ids", """
            @MessageInterface(id = 4) interface A { @Message void go(); }
            @MessageInterface(id = 4) public interface Ids { @Message void go(); }
            """, "id 4 is already taken by p.");
        refused("None", "@MessageInterface(id = 3) public interface None { }", "declares no @Message or @Rpc method");
    }

    @Test
    void namesTheStubUsesItselfAreRefusedForArguments()
    {
        refused("Res", "@MessageInterface(id = 3) public interface Res { @Rpc int go(long token); }",
            "argument 'token': the name is used by the generated stub");
    }
}
