package dev.flotilla.idl.processor;

import dev.flotilla.idl.processor.InterfaceModel.Arg;
import dev.flotilla.idl.processor.InterfaceModel.MessageModel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes the sources of one interface's binding and handler. The output is meant to be read: it is
 * laid out as hand-written code would be, and says in its Javadoc which message number each method
 * sends.
 */
final class BindingWriter
{
    private final InterfaceModel model;
    private final String binding;
    private final String handler;

    BindingWriter(final InterfaceModel model)
    {
        this.model = model;
        this.binding = model.name() + "Binding";
        this.handler = model.name() + "Handler";
    }

    /** The source of {@code NAMEBinding}. */
    String binding()
    {
        final SourceText s = new SourceText();
        header(s);
        s.line("import dev.flotilla.base.ErrorCode;");
        s.line("import dev.flotilla.idl.Binding;");
        s.line("import dev.flotilla.idl.Completion;");
        s.line("import dev.flotilla.idl.Decoder;");
        s.line("import dev.flotilla.idl.Encoder;");
        s.line("import dev.flotilla.idl.Port;");
        s.line("import dev.flotilla.idl.Reply;");
        s.line("import dev.flotilla.idl.Request;");
        s.line("import dev.flotilla.idl.TxStatus;");
        s.line("import java.util.List;");
        s.line("import javax.annotation.processing.Generated;");
        s.line();
        s.line("/**");
        s.line(" * The binding of {@link " + model.name() + "} on one port (generated: do not edit)"
            + (model.description().isEmpty() ? "." : ": " + model.description() + "."));
        s.line(" *");
        s.line(" * <p>Interface id " + model.id() + "; message types are {@code " + model.id() + " << 8 | number}:");
        s.line(" * <pre>");
        for (final MessageModel m : model.messages())
        {
            s.line(" *   " + SourceText.pad(m.number() + "", 4) + (m.isRpc() ? m.name() + "_call(token" + SourceText.argList(m.args(), true) + ")"
                : m.name() + "(" + SourceText.argList(m.args(), false) + ")"));
            if (m.isRpc())
            {
                s.line(" *   " + SourceText.pad((m.number() + 1) + "", 4) + m.name() + "_response(token, outcome"
                    + SourceText.argList(m.reply().components(), true) + ")");
            }
        }
        s.line(" * </pre>");
        s.line(" */");
        s.line("@Generated(\"dev.flotilla.idl.processor.InterfaceProcessor\")");
        s.line("public final class " + binding + " extends Binding");
        s.open();
        s.line("/** The interface's wire id. */");
        s.line("public static final int ID = " + model.id() + ";");
        s.line();
        s.line("private static final List<String> NAMES = List.of(" + names() + ");");
        s.line();
        s.line("private final " + handler + " handler;");
        s.line();
        s.line("/** A binding on {@code port} whose arriving messages go to {@code handler}. */");
        s.line("public " + binding + "(final Port port, final " + handler + " handler)");
        s.open();
        s.line("super(port, ID, \"" + model.name() + "\");");
        s.line("this.handler = handler;");
        s.close();
        s.line();
        s.line("/** A binding that only sends and calls: any message arriving for it is reported as unhandled. */");
        s.line("public " + binding + "(final Port port)");
        s.open();
        s.line("this(port, new " + handler + "()");
        s.open();
        s.close(");");
        s.close();
        for (final MessageModel m : model.messages())
        {
            if (m.isRpc())
            {
                rpcSends(s, m);
            }
            else
            {
                messageSends(s, m);
            }
        }
        s.line();
        s.line("@Override");
        s.line("public List<String> messageNames()");
        s.open();
        s.line("return NAMES;");
        s.close();
        dispatch(s);
        s.line();
        s.line("@Override");
        s.line("protected void channelClosed()");
        s.open();
        s.line("super.channelClosed();");
        s.line("handler.channelClosed(this);");
        s.close();
        for (final MessageModel m : model.messages())
        {
            if (m.isRpc())
            {
                requestClass(s, m);
            }
        }
        s.close();
        return s.toString();
    }

    /** The source of {@code NAMEHandler}. */
    String handler()
    {
        final SourceText s = new SourceText();
        header(s);
        s.line("import dev.flotilla.base.ErrorCode;");
        s.line("import javax.annotation.processing.Generated;");
        s.line();
        s.line("/**");
        s.line(" * What receives the messages of {@link " + model.name() + "} (generated: do not edit). Every method has a");
        s.line(" * default that reports the message as unhandled (and fails a call with UNHANDLED_MESSAGE), so a");
        s.line(" * side implements the messages it receives.");
        s.line(" */");
        s.line("@Generated(\"dev.flotilla.idl.processor.InterfaceProcessor\")");
        s.line("public interface " + handler);
        s.open();
        boolean first = true;
        for (final MessageModel m : model.messages())
        {
            if (!first)
            {
                s.line();
            }
            first = false;
            SourceText.doc(s, m.doc(), m.isRpc() ? "A call of {@code " + m.name() + "}: answer it with {@code request.reply(...)} or "
                + "{@code request.fail(code)}, now or later." : "Message {@code " + m.name() + "} arrived.");
            if (m.isRpc())
            {
                s.line("default void on" + m.capitalised() + "(final " + binding + "." + m.capitalised() + "Request request"
                    + SourceText.params(m.args(), true) + ")");
                s.open();
                s.line("request.binding().unexpected(\"" + m.name() + "\");");
                s.line("request.fail(ErrorCode.UNHANDLED_MESSAGE);");
                s.close();
            }
            else
            {
                s.line("default void on" + m.capitalised() + "(final " + binding + " from" + SourceText.params(m.args(), true) + ")");
                s.open();
                s.line("from.unexpected(\"" + m.name() + "\");");
                s.close();
            }
        }
        s.line();
        s.line("/** The channel closed (either end): nothing more arrives, and calls still outstanding have failed. */");
        s.line("default void channelClosed(final " + binding + " binding)");
        s.open();
        s.close();
        s.close();
        return s.toString();
    }

    private void header(final SourceText s)
    {
        if (!model.packageName().isEmpty())
        {
            s.line("package " + model.packageName() + ";");
            s.line();
        }
    }

    private void messageSends(final SourceText s, final MessageModel m)
    {
        s.line();
        SourceText.doc(s, m.doc(), "Sends {@code " + m.name() + "} (message " + m.number() + "), waiting in order behind earlier "
            + "messages if the ring is full.");
        s.line("public void " + m.name() + "(" + SourceText.params(m.args(), false) + ")");
        s.open();
        s.line("send(" + m.number() + ", " + encode(m) + ");");
        s.close();
        s.line();
        s.line("/** Sends {@code " + m.name() + "} now, or nothing: {@link TxStatus#BUSY} if the ring is full or messages "
            + "wait. */");
        s.line("public TxStatus try" + m.capitalised() + "(" + SourceText.params(m.args(), false) + ")");
        s.open();
        s.line("return trySend(" + m.number() + ", " + encode(m) + ");");
        s.close();
        s.line();
        s.line("private Encoder encode" + m.capitalised() + "(" + SourceText.params(m.args(), false) + ")");
        s.open();
        s.line("final Encoder e = encoder();");
        for (final Arg a : m.args())
        {
            s.line("e." + a.kind().put(a.name(), a.name()) + ";");
        }
        s.line("return e;");
        s.close();
    }

    private static String encode(final MessageModel m)
    {
        return "encode" + m.capitalised() + "(" + m.args().stream().map(Arg::name).collect(Collectors.joining(", ")) + ")";
    }

    private void rpcSends(final SourceText s, final MessageModel m)
    {
        final String boxed = m.reply().boxed();
        s.line();
        SourceText.doc(s, m.doc(), "Calls {@code " + m.name() + "} (message " + m.number() + "; the reply is message "
            + (m.number() + 1) + "), split-phase: {@code then} runs on this core with the reply or the error.");
        s.line("public void " + m.name() + "(" + SourceText.params(m.args(), false) + (m.args().isEmpty() ? "" : ", ")
            + "final Completion<" + boxed + "> then)");
        s.open();
        s.line("final long token = call(then);");
        s.line("if (token != 0)");
        s.open();
        s.line("try");
        s.open();
        s.line("final Encoder e = encoder().putLong(token);");
        for (final Arg a : m.args())
        {
            s.line("e." + a.kind().put(a.name(), a.name()) + ";");
        }
        s.line("send(" + m.number() + ", e);");
        s.close();
        s.line("catch (final RuntimeException notSent)");
        s.open();
        s.line("withdraw(token); // nothing left: no reply can come for it");
        s.line("throw notSent;");
        s.close();
        s.close();
        s.close();
        s.line();
        s.line("/**");
        s.line(" * Calls {@code " + m.name() + "} and waits for the reply, yielding the calling user-level thread (never "
            + "the core).");
        s.line(" *");
        s.line(" * @throws dev.flotilla.base.FlotillaException carrying the error, if the call failed.");
        s.line(" * @throws IllegalStateException if the caller is not a user-level thread that may wait.");
        s.line(" */");
        s.line("public " + m.reply().type() + " " + m.name() + "(" + SourceText.params(m.args(), false) + ")");
        s.open();
        s.line("final Reply<" + boxed + "> reply = new Reply<>();");
        s.line(m.name() + "(" + m.args().stream().map(Arg::name).map(n -> n + ", ").collect(Collectors.joining())
            + "reply);");
        s.line((m.reply().isVoid() ? "" : "return ") + "await(reply);");
        s.close();
    }

    private void dispatch(final SourceText s)
    {
        s.line();
        s.line("@Override");
        s.line("protected void dispatch(final int message, final long[] payload, final int length)");
        s.open();
        s.line("final Decoder d = decoder(message, payload, length);");
        s.line("switch (message)");
        s.open();
        for (final MessageModel m : model.messages())
        {
            s.line("case " + m.number() + " ->");
            s.open();
            if (m.isRpc())
            {
                s.line("final long token = d.getLong(\"token\");");
            }
            decodeArgs(s, m.args());
            s.line("d.end();");
            final String names = m.args().stream().map(a -> ", " + a.name()).collect(Collectors.joining());
            if (m.isRpc())
            {
                s.line("handler.on" + m.capitalised() + "(new " + m.capitalised() + "Request(this, token)" + names + ");");
            }
            else
            {
                s.line("handler.on" + m.capitalised() + "(this" + names + ");");
            }
            s.close();
            if (m.isRpc())
            {
                s.line("case " + (m.number() + 1) + " ->");
                s.open();
                s.line("final long token = d.getLong(\"token\");");
                s.line("final ErrorCode outcome = d.getError(\"outcome\");");
                s.line("if (outcome != null)");
                s.open();
                s.line("d.end();");
                s.line("fail(token, outcome);");
                s.close();
                s.line("else");
                s.open();
                decodeArgs(s, m.reply().components());
                s.line("d.end();");
                s.line("complete(token, " + replyValue(m) + ");");
                s.close();
                s.close();
            }
        }
        s.line("default -> throw new IllegalStateException(\"message \" + message + \" passed the decoder's check\");");
        s.close();
        s.close();
    }

    private static String replyValue(final MessageModel m)
    {
        final List<Arg> values = m.reply().components();
        if (m.reply().record())
        {
            return "new " + m.reply().type() + "(" + values.stream().map(Arg::name).collect(Collectors.joining(", ")) + ")";
        }
        return values.isEmpty() ? "null" : values.get(0).name();
    }

    private static void decodeArgs(final SourceText s, final List<Arg> args)
    {
        for (final Arg a : args)
        {
            s.line("final " + a.kind().type() + " " + a.name() + " = " + a.kind().get(a.name()) + ";");
        }
    }

    private void requestClass(final SourceText s, final MessageModel m)
    {
        final String name = m.capitalised() + "Request";
        final List<Arg> values = m.reply().components();
        s.line();
        s.line("/** The server's side of one {@code " + m.name() + "} call: answer it once, with a reply or a failure. */");
        s.line("public static final class " + name + " extends Request");
        s.open();
        s.line("private final " + binding + " binding;");
        s.line();
        s.line(name + "(final " + binding + " binding, final long token)");
        s.open();
        s.line("super(binding, token, " + (m.number() + 1) + ");");
        s.line("this.binding = binding;");
        s.close();
        s.line();
        s.line("/** The binding the call arrived on. */");
        s.line("public " + binding + " binding()");
        s.open();
        s.line("return binding;");
        s.close();
        s.line();
        s.line("/** Answers the call with success" + (values.isEmpty() ? "" : " and these values") + ". */");
        s.line("public void reply(" + SourceText.params(values, false) + ")");
        s.open();
        s.line("final Encoder e = begin(null);");
        for (final Arg a : values)
        {
            // A request class is static: a capability in a reply goes through the port of the call's binding.
            s.line("e." + a.kind().put(a.name(), a.name()).replace("port()", "binding.port()") + ";");
        }
        s.line("finish(e);");
        s.close();
        if (values.isEmpty())
        {
            s.line();
            s.line("/** Answers the call: with success if {@code error} is null, else with {@code error}. */");
            s.line("public void answer(final ErrorCode error)");
            s.open();
            s.line("if (error == null)");
            s.open();
            s.line("reply();");
            s.close();
            s.line("else");
            s.open();
            s.line("fail(error);");
            s.close();
            s.close();
        }
        if (m.reply().record())
        {
            s.line();
            s.line("/** Answers the call with success and {@code value}. */");
            s.line("public void reply(final " + m.reply().type() + " value)");
            s.open();
            s.line("reply(" + values.stream().map(a -> "value." + a.name() + "()").collect(Collectors.joining(", ")) + ");");
            s.close();
        }
        s.close();
    }

    private String names()
    {
        final List<String> names = new ArrayList<>();
        names.add("\"\"");
        for (final MessageModel m : model.messages())
        {
            if (m.isRpc())
            {
                names.add("\"" + m.name() + "_call\"");
                names.add("\"" + m.name() + "_response\"");
            }
            else
            {
                names.add("\"" + m.name() + "\"");
            }
        }
        return String.join(", ", names);
    }
}
