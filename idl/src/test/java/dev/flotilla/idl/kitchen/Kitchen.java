package dev.flotilla.idl.kitchen;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.Message;
import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/** Every argument kind and every form of reply, for the stub tests. */
@MessageInterface(id = 7, description = "every argument kind, for the stub tests")
public interface Kitchen
{
    /** A reply record. */
    record Where(ErrorCode status, int core, String name)
    {
    }

    @Message
    void scalars(byte b, short s, int i, long l, boolean flag);

    /** Variable-length arguments, which may span several slots. */
    @Message
    void texts(String text, byte[] bytes, long[] words, ErrorCode code);

    @Message
    void empty();

    @Message
    void capability(CapRef cap, String label);

    @Rpc
    int add(int a, int b);

    @Rpc
    Where lookup(String name);

    @Rpc
    void ping();

    @Rpc
    String echo(String text);

    /** A call that carries a capability: the reply is what the receiver made of it. */
    @Rpc
    String weigh(CapRef cap);
}
