package dev.flotilla.idl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A one-way asynchronous message of a {@link MessageInterface} (Flounder's {@code message}): the method
 * returns {@code void}; its parameters are the message's arguments. Messages are numbered in
 * declaration order, so add new ones at the end.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface Message
{
}
