package dev.flotilla.idl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a message interface (Barrelfish's Flounder {@code interface NAME "description" { ... }}):
 * a top-level Java interface whose methods are its {@link Message messages} and {@link Rpc RPCs}. At
 * build time the stub generator writes, beside it, {@code NAMEBinding} (the send side, the decoder and
 * the RPC forms) and {@code NAMEHandler} (one {@code onMessage} method per message).
 *
 * <p>Supported argument types: {@code byte}, {@code short}, {@code int}, {@code long}, {@code boolean},
 * {@code String}, {@code byte[]}, {@code long[]}, {@code dev.flotilla.base.ErrorCode} (null is success) and
 * capabilities ({@code dev.flotilla.caps.cspace.CapRef}). Anything else fails the build with a message
 * naming the method and argument.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface MessageInterface
{
    /**
     * The interface's number on the wire, 1..255: the high byte of every message type it sends, so that
     * several interfaces can share one channel and a message is routed to the interface that declared
     * it. Stable: changing it changes every message.
     */
    int id();

    /** One line saying what the interface is for. */
    String description() default "";
}
