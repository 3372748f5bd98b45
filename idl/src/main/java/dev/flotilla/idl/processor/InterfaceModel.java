package dev.flotilla.idl.processor;

import java.util.List;

/**
 * One declared interface as the generator sees it, after every check passed.
 *
 * @param packageName the package it is declared in.
 * @param name        its simple name.
 * @param id          its wire id.
 * @param description its one-line description.
 * @param doc         its doc comment, or empty.
 * @param messages    its messages and RPCs, in declaration order.
 */
record InterfaceModel(String packageName, String name, int id, String description, String doc, List<MessageModel> messages)
{
    /** An argument: its name and kind. */
    record Arg(String name, Kind kind)
    {
    }

    /**
     * What an RPC's reply carries.
     *
     * @param type       the declared return type as source ({@code void}, a supported type, or a record's name).
     * @param boxed      the type as a generic argument ({@code Void} for none).
     * @param components the values in the reply, in order: none, one, or the record's components.
     * @param record     true if the reply is a record built from its components.
     */
    record ReplyModel(String type, String boxed, List<Arg> components, boolean record)
    {
        boolean isVoid()
        {
            return type.equals("void");
        }
    }

    /**
     * A message or an RPC.
     *
     * @param name   the method name.
     * @param number its message number (an RPC's call; its response is {@code number + 1}).
     * @param args   its arguments.
     * @param reply  the reply, for an RPC; null for a one-way message.
     * @param doc    its doc comment, or empty.
     */
    record MessageModel(String name, int number, List<Arg> args, ReplyModel reply, String doc)
    {
        boolean isRpc()
        {
            return reply != null;
        }

        String capitalised()
        {
            return Character.toUpperCase(name.charAt(0)) + name.substring(1);
        }
    }
}
