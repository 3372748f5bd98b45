package dev.flotilla.idl.processor;

import dev.flotilla.idl.processor.InterfaceModel.Arg;
import dev.flotilla.idl.processor.InterfaceModel.MessageModel;

/**
 * Writes the source of one {@code @RecordSet}'s codec, {@code NAMECodec}: an encoder per record and the decoder
 * that applies a record to an implementation of the declared interface.
 */
final class RecordsWriter
{
    private final InterfaceModel model;
    private final String codec;

    RecordsWriter(final InterfaceModel model)
    {
        this.model = model;
        this.codec = model.name() + "Codec";
    }

    String codecName()
    {
        return codec;
    }

    /** The source of {@code NAMECodec}. */
    String codec()
    {
        final SourceText s = new SourceText();
        if (!model.packageName().isEmpty())
        {
            s.line("package " + model.packageName() + ";");
            s.line();
        }
        s.line("import dev.flotilla.base.ErrorCode;");
        s.line("import dev.flotilla.idl.Decoder;");
        s.line("import dev.flotilla.idl.Encoder;");
        s.line("import dev.flotilla.idl.RecordCodec;");
        s.line("import javax.annotation.processing.Generated;");
        s.line();
        s.line("/**");
        s.line(" * The records of {@link " + model.name() + "} as bytes (generated: do not edit)"
            + (model.description().isEmpty() ? "." : ": " + model.description() + "."));
        s.line(" *");
        s.line(" * <p>A record is its kind, then its fields ({@link RecordCodec}):");
        s.line(" * <pre>");
        for (final MessageModel m : model.messages())
        {
            s.line(" *   " + SourceText.pad(m.number() + "", 4) + m.name() + "(" + SourceText.argList(m.args(), false) + ")");
        }
        s.line(" * </pre>");
        s.line(" */");
        s.line("@Generated(\"dev.flotilla.idl.processor.InterfaceProcessor\")");
        s.line("public final class " + codec);
        s.open();
        s.line("private static final String SET = \"" + model.name() + "\";");
        s.line();
        s.line("private " + codec + "()");
        s.open();
        s.close();
        for (final MessageModel m : model.messages())
        {
            encoder(s, m);
        }
        s.line();
        s.line("/**");
        s.line(" * Decodes one record and calls the matching method of {@code target}.");
        s.line(" *");
        s.line(" * @throws Decoder.Malformed with an {@code RX_} code saying what is wrong: a record that is empty, not");
        s.line(" *     whole words, of an undeclared kind, too short or too long for its kind, or with a field out of range.");
        s.line(" */");
        s.line("public static void apply(final byte[] record, final " + model.name() + " target)");
        s.open();
        s.line("final Decoder d = RecordCodec.open(SET, record);");
        s.line("final long kind = d.getLong(\"kind\");");
        s.line("switch ((int)Math.max(Math.min(kind, Integer.MAX_VALUE), 0))");
        s.open();
        for (final MessageModel m : model.messages())
        {
            s.line("case " + m.number() + " ->");
            s.open();
            for (final Arg a : m.args())
            {
                s.line("final " + a.kind().type() + " " + a.name() + " = " + a.kind().get(a.name()) + ";");
            }
            s.line("d.end();");
            s.line("target." + m.name() + "(" + SourceText.argList(m.args(), false) + ");");
            s.close();
        }
        s.line("default -> throw RecordCodec.unknownKind(SET, kind, " + model.messages().size() + ");");
        s.close();
        s.close();
        s.line();
        s.line("/** The name of {@code record}'s kind, for logs; {@code \"?\"} if it has none this set declares. */");
        s.line("public static String kindOf(final byte[] record)");
        s.open();
        s.line("try");
        s.open();
        s.line("return switch ((int)Math.max(Math.min(RecordCodec.open(SET, record).getLong(\"kind\"), Integer.MAX_VALUE), 0))");
        s.open();
        for (final MessageModel m : model.messages())
        {
            s.line("case " + m.number() + " -> \"" + m.name() + "\";");
        }
        s.line("default -> \"?\";");
        s.close(";");
        s.close();
        s.line("catch (final Decoder.Malformed empty)");
        s.open();
        s.line("return \"?\";");
        s.close();
        s.close();
        s.close();
        return s.toString();
    }

    private void encoder(final SourceText s, final MessageModel m)
    {
        s.line();
        SourceText.doc(s, m.doc(), "Encodes {@code " + m.name() + "} (record " + m.number() + ").");
        s.line("public static byte[] " + m.name() + "(" + SourceText.params(m.args(), false) + ")");
        s.open();
        s.line("final Encoder e = new Encoder().begin();");
        s.line("e.putLong(" + m.number() + ");");
        for (final Arg a : m.args())
        {
            s.line("e." + a.kind().put(a.name(), a.name()) + ";");
        }
        s.line("return RecordCodec.pack(e);");
        s.close();
    }
}
