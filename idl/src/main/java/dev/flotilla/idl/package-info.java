/**
 * Message interfaces declared once (Barrelfish's Flounder): the {@link dev.flotilla.idl.MessageInterface},
 * {@link dev.flotilla.idl.Message} and {@link dev.flotilla.idl.Rpc} annotations, and the runtime every
 * generated binding runs on — {@link dev.flotilla.idl.Port} (routing by interface id, the shared FIFO send
 * queue, rejections, close), {@link dev.flotilla.idl.Binding}, {@link dev.flotilla.idl.Request},
 * {@link dev.flotilla.idl.Encoder} and {@link dev.flotilla.idl.Decoder}. The generator itself is in
 * {@code dev.flotilla.idl.processor}; what it writes lands in each module's
 * {@code target/generated-sources/annotations}.
 *
 * <p>Everything here is core-confined: a port and its bindings are used by the one core that owns the
 * channel endpoint. Transports stay late-bound: a port runs over any {@code Channel} (LMP, UMP, the
 * simulator's).
 */
package dev.flotilla.idl;
