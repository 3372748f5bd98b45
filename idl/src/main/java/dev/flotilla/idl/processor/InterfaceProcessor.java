package dev.flotilla.idl.processor;

import dev.flotilla.idl.processor.InterfaceModel.Arg;
import dev.flotilla.idl.processor.InterfaceModel.MessageModel;
import dev.flotilla.idl.processor.InterfaceModel.ReplyModel;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;

/**
 * The stub generator (our Flounder compiler): for every interface annotated
 * {@code @MessageInterface}, checks the declaration and writes {@code NAMEBinding} and
 * {@code NAMEHandler} beside it ({@link BindingWriter}); for every {@code @RecordSet}, {@code NAMECodec}
 * ({@link RecordsWriter}). A wrong declaration — an unsupported argument
 * type, a duplicate message name, a method that is neither a message nor an RPC, an id out of range or
 * taken by another interface — is a compile error naming the interface, the method and the argument.
 */
@SupportedAnnotationTypes({InterfaceProcessor.MESSAGE_INTERFACE, InterfaceProcessor.RECORD_SET})
public final class InterfaceProcessor extends AbstractProcessor
{
    static final String MESSAGE_INTERFACE = "dev.flotilla.idl.MessageInterface";
    static final String RECORD_SET = "dev.flotilla.idl.RecordSet";
    /** Names a generated codec uses for its own locals and parameters. */
    private static final Set<String> RESERVED_IN_RECORDS = Set.of("record", "target", "kind", "d", "e");
    private static final String MESSAGE = "dev.flotilla.idl.Message";
    private static final String RPC = "dev.flotilla.idl.Rpc";
    /** Names the generated stubs use for their own locals and parameters. */
    private static final Set<String> RESERVED = Set.of("token", "outcome", "then", "reply", "request", "from", "d",
        "notSent");
    private static final int MAX_NUMBER = 255;

    private final Map<Integer, String> idsSeen = new HashMap<>();

    @Override
    public SourceVersion getSupportedSourceVersion()
    {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(final Set<? extends TypeElement> annotations, final RoundEnvironment round)
    {
        final TypeElement annotation = processingEnv.getElementUtils().getTypeElement(MESSAGE_INTERFACE);
        if (annotation != null)
        {
            for (final Element element : round.getElementsAnnotatedWith(annotation))
            {
                final InterfaceModel model = check(element);
                if (model != null)
                {
                    write(element, model);
                }
            }
        }
        final TypeElement records = processingEnv.getElementUtils().getTypeElement(RECORD_SET);
        if (records != null)
        {
            for (final Element element : round.getElementsAnnotatedWith(records))
            {
                final InterfaceModel model = checkRecords(element);
                if (model != null)
                {
                    writeCodec(element, model);
                }
            }
        }
        return true;
    }

    /** A {@code @RecordSet}: every abstract method a record kind, numbered from 1, returning void. */
    private InterfaceModel checkRecords(final Element element)
    {
        if (element.getKind() != ElementKind.INTERFACE || ((TypeElement)element).getNestingKind() != NestingKind.TOP_LEVEL)
        {
            return error(element, "@RecordSet goes on a top-level interface; " + element.getSimpleName() + " is a "
                + element.getKind().toString().toLowerCase());
        }
        final TypeElement type = (TypeElement)element;
        final String name = type.getSimpleName().toString();
        final List<MessageModel> records = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        boolean ok = true;
        for (final Element member : type.getEnclosedElements())
        {
            if (member.getKind() != ElementKind.METHOD || member.getModifiers().contains(Modifier.STATIC)
                || member.getModifiers().contains(Modifier.DEFAULT))
            {
                continue; // constants, nested types and helpers are allowed
            }
            final ExecutableElement method = (ExecutableElement)member;
            final String where = "record set " + name + ", record " + method.getSimpleName();
            final List<Arg> args = recordFields(method, where);
            if (args == null)
            {
                ok = false;
                continue;
            }
            if (!names.add(method.getSimpleName().toString()))
            {
                error(method, where + ": duplicate record name (overloads are not allowed)");
                ok = false;
                continue;
            }
            records.add(new MessageModel(method.getSimpleName().toString(), records.size() + 1, args, null, doc(method)));
        }
        if (records.isEmpty() && ok)
        {
            return error(element, "record set " + name + " declares no record (an abstract method per record kind)");
        }
        if (records.size() > MAX_NUMBER)
        {
            return error(element, "record set " + name + " declares " + records.size() + " records; at most " + MAX_NUMBER);
        }
        final String pkg = processingEnv.getElementUtils().getPackageOf(type).getQualifiedName().toString();
        return ok ? new InterfaceModel(pkg, name, 0, stringValue(element, "description", RECORD_SET), doc(type), records)
            : null;
    }

    private List<Arg> recordFields(final ExecutableElement method, final String where)
    {
        if (annotated(method, MESSAGE) || annotated(method, RPC))
        {
            return error(method, where + ": a record is a plain abstract method, not a @Message or @Rpc");
        }
        if (method.getReturnType().getKind() != TypeKind.VOID)
        {
            return error(method, where + ": a record returns void (it is applied, not answered)");
        }
        if (!method.getTypeParameters().isEmpty() || !method.getThrownTypes().isEmpty())
        {
            return error(method, where + ": records have no type parameters and throw nothing");
        }
        final List<Arg> args = new ArrayList<>();
        for (final VariableElement parameter : method.getParameters())
        {
            final String field = parameter.getSimpleName().toString();
            final Kind kind = kind(parameter.asType());
            if (kind == null || kind == Kind.CAPABILITY)
            {
                return error(parameter, where + ", field '" + field + "': unsupported type " + parameter.asType()
                    + " (supported: byte, short, int, long, boolean, String, byte[], long[], ErrorCode)");
            }
            if (RESERVED_IN_RECORDS.contains(field))
            {
                return error(parameter, where + ", field '" + field + "': the name is used by the generated codec; "
                    + "rename the field");
            }
            args.add(new Arg(field, kind));
        }
        return args;
    }

    private void writeCodec(final Element element, final InterfaceModel model)
    {
        final RecordsWriter writer = new RecordsWriter(model);
        final String prefix = model.packageName().isEmpty() ? "" : model.packageName() + ".";
        try (Writer out = processingEnv.getFiler().createSourceFile(prefix + writer.codecName(), element).openWriter())
        {
            out.write(writer.codec());
        }
        catch (final IOException e)
        {
            error(element, "record set " + model.name() + ": cannot write its codec: " + e.getMessage());
        }
    }

    private InterfaceModel check(final Element element)
    {
        if (element.getKind() != ElementKind.INTERFACE || ((TypeElement)element).getNestingKind() != NestingKind.TOP_LEVEL)
        {
            return error(element, "@MessageInterface goes on a top-level interface; " + element.getSimpleName() + " is a "
                + element.getKind().toString().toLowerCase());
        }
        final TypeElement type = (TypeElement)element;
        final String name = type.getSimpleName().toString();
        final int id = intValue(element, "id");
        if (id < 1 || id > MAX_NUMBER)
        {
            return error(element, "interface " + name + ": id " + id + " is outside 1.." + MAX_NUMBER);
        }
        final String qualified = type.getQualifiedName().toString();
        final String other = idsSeen.putIfAbsent(id, qualified);
        if (other != null && !other.equals(qualified))
        {
            return error(element, "interface " + name + ": id " + id + " is already taken by " + other);
        }
        final List<MessageModel> messages = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        int number = 1;
        boolean ok = true;
        for (final Element member : type.getEnclosedElements())
        {
            if (member.getKind() != ElementKind.METHOD)
            {
                continue; // nested records (reply types) and constants are allowed
            }
            final ExecutableElement method = (ExecutableElement)member;
            final MessageModel message = checkMethod(name, method, number);
            if (message == null)
            {
                ok = false;
                continue;
            }
            if (!names.add(message.name()))
            {
                error(method, "interface " + name + ": duplicate message name '" + message.name()
                    + "' (message names must be unique; overloads are not allowed)");
                ok = false;
                continue;
            }
            messages.add(message);
            number += message.isRpc() ? 2 : 1;
        }
        if (number - 1 > MAX_NUMBER)
        {
            return error(element, "interface " + name + " needs " + (number - 1) + " message numbers; at most " + MAX_NUMBER);
        }
        if (messages.isEmpty() && ok)
        {
            return error(element, "interface " + name + " declares no @Message or @Rpc method");
        }
        final String pkg = processingEnv.getElementUtils().getPackageOf(type).getQualifiedName().toString();
        return ok ? new InterfaceModel(pkg, name, id, stringValue(element, "description", MESSAGE_INTERFACE), doc(type), messages) : null;
    }

    private MessageModel checkMethod(final String iface, final ExecutableElement method, final int number)
    {
        final String where = "interface " + iface + ", method " + method.getSimpleName();
        final boolean message = annotated(method, MESSAGE);
        final boolean rpc = annotated(method, RPC);
        if (message == rpc)
        {
            return error(method, where + ": a method of a message interface is either @Message or @Rpc"
                + (message ? ", not both" : ""));
        }
        if (method.getModifiers().contains(Modifier.STATIC) || method.getModifiers().contains(Modifier.DEFAULT))
        {
            return error(method, where + ": messages are abstract methods (no static or default ones)");
        }
        if (!method.getTypeParameters().isEmpty() || !method.getThrownTypes().isEmpty())
        {
            return error(method, where + ": messages have no type parameters and throw nothing");
        }
        final List<Arg> args = new ArrayList<>();
        for (final VariableElement parameter : method.getParameters())
        {
            final String argument = parameter.getSimpleName().toString();
            final Kind kind = kind(parameter.asType());
            if (kind == null)
            {
                return error(parameter, where + ", argument '" + argument + "': unsupported type " + parameter.asType()
                    + " (supported: byte, short, int, long, boolean, String, byte[], long[], ErrorCode, " + Kind.CAPREF + ")");
            }
            if (RESERVED.contains(argument))
            {
                return error(parameter, where + ", argument '" + argument + "': the name is used by the generated stub; "
                    + "rename the argument");
            }
            args.add(new Arg(argument, kind));
        }
        final String name = method.getSimpleName().toString();
        final String doc = doc(method);
        if (message)
        {
            if (method.getReturnType().getKind() != TypeKind.VOID)
            {
                return error(method, where + ": a @Message returns void (a message with an answer is an @Rpc)");
            }
            return new MessageModel(name, number, args, null, doc);
        }
        final ReplyModel reply = reply(method, where);
        return reply == null ? null : new MessageModel(name, number, args, reply, doc);
    }

    private ReplyModel reply(final ExecutableElement method, final String where)
    {
        final TypeMirror type = method.getReturnType();
        if (type.getKind() == TypeKind.VOID)
        {
            return new ReplyModel("void", "Void", List.of(), false);
        }
        final Kind single = kind(type);
        if (single != null)
        {
            return new ReplyModel(single.type(), single.boxed(), List.of(new Arg("value", single)), false);
        }
        if (type.getKind() == TypeKind.DECLARED && ((DeclaredType)type).asElement().getKind() == ElementKind.RECORD)
        {
            final TypeElement record = (TypeElement)((DeclaredType)type).asElement();
            final List<Arg> components = new ArrayList<>();
            for (final RecordComponentElement component : record.getRecordComponents())
            {
                final Kind kind = kind(component.asType());
                final String name = component.getSimpleName().toString();
                if (kind == null)
                {
                    return error(method, where + ": reply record " + record.getSimpleName() + ", component '" + name
                        + "': unsupported type " + component.asType());
                }
                if (RESERVED.contains(name))
                {
                    return error(method, where + ": reply record " + record.getSimpleName() + ", component '" + name
                        + "': the name is used by the generated stub; rename the component");
                }
                components.add(new Arg(name, kind));
            }
            final String name = record.getQualifiedName().toString();
            return new ReplyModel(name, name, components, true);
        }
        return error(method, where + ": unsupported reply type " + type
            + " (an @Rpc returns void, one supported type, or a record of supported types)");
    }

    private static Kind kind(final TypeMirror type)
    {
        return switch (type.getKind())
        {
            case BYTE -> Kind.BYTE;
            case SHORT -> Kind.SHORT;
            case INT -> Kind.INT;
            case LONG -> Kind.LONG;
            case BOOLEAN -> Kind.BOOLEAN;
            case ARRAY -> switch (((ArrayType)type).getComponentType().getKind())
            {
                case BYTE -> Kind.BYTES;
                case LONG -> Kind.WORDS;
                default -> null;
            };
            case DECLARED -> switch (((TypeElement)((DeclaredType)type).asElement()).getQualifiedName().toString())
            {
                case "java.lang.String" -> Kind.STRING;
                case "dev.flotilla.base.ErrorCode" -> Kind.ERROR;
                case Kind.CAPREF -> Kind.CAPABILITY;
                default -> null;
            };
            default -> null;
        };
    }

    private void write(final Element element, final InterfaceModel model)
    {
        final BindingWriter writer = new BindingWriter(model);
        final String prefix = model.packageName().isEmpty() ? "" : model.packageName() + ".";
        try
        {
            try (Writer out = processingEnv.getFiler().createSourceFile(prefix + model.name() + "Binding", element)
                .openWriter())
            {
                out.write(writer.binding());
            }
            try (Writer out = processingEnv.getFiler().createSourceFile(prefix + model.name() + "Handler", element)
                .openWriter())
            {
                out.write(writer.handler());
            }
        }
        catch (final IOException e)
        {
            error(element, "interface " + model.name() + ": cannot write its binding: " + e.getMessage());
        }
    }

    private boolean annotated(final Element element, final String annotation)
    {
        for (final AnnotationMirror mirror : element.getAnnotationMirrors())
        {
            if (((TypeElement)mirror.getAnnotationType().asElement()).getQualifiedName().contentEquals(annotation))
            {
                return true;
            }
        }
        return false;
    }

    private Object value(final Element element, final String name, final String annotation)
    {
        for (final AnnotationMirror mirror : element.getAnnotationMirrors())
        {
            if (((TypeElement)mirror.getAnnotationType().asElement()).getQualifiedName().contentEquals(annotation))
            {
                for (final Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry : processingEnv
                    .getElementUtils().getElementValuesWithDefaults(mirror).entrySet())
                {
                    if (entry.getKey().getSimpleName().contentEquals(name))
                    {
                        return entry.getValue().getValue();
                    }
                }
            }
        }
        return null;
    }

    private int intValue(final Element element, final String name)
    {
        return value(element, name, MESSAGE_INTERFACE) instanceof Integer i ? i : -1;
    }

    private String stringValue(final Element element, final String name, final String annotation)
    {
        return value(element, name, annotation) instanceof String s ? s : "";
    }

    private String doc(final Element element)
    {
        final String doc = processingEnv.getElementUtils().getDocComment(element);
        return doc == null ? "" : doc.strip();
    }

    private <T> T error(final Element element, final String message)
    {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, element);
        return null;
    }
}
