/**
 * The stub generator: an annotation processor that checks every {@code @MessageInterface} and writes its
 * binding and handler at build time. Modules that declare interfaces compile with {@code -proc:full} and
 * {@code flotilla-idl} on their class path.
 */
package dev.flotilla.idl.processor;
