package dev.flotilla.lib.domain;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Names a {@link Domain} class: what {@code spawn NAME} starts, and the line {@code help} shows. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface DomainInfo
{
    /** The name a domain is started by: 1..64 characters of letters, digits, '-', '_' and '.'. */
    String name();

    /** One line saying what it does. */
    String description() default "";
}
