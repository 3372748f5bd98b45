package dev.flotilla.idl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A call with a reply (Flounder's {@code rpc}): the parameters are the call's arguments; the return
 * type is what the reply carries — {@code void}, one supported type, or a record whose components are
 * all supported types. Every reply also carries a status: the server answers with the value or fails
 * with an {@code ErrorCode}, and the caller gets one or the other. An RPC takes two message numbers
 * (call, then response) in declaration order.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface Rpc
{
}
