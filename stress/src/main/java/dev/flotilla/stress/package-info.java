/**
 * jcstress tests, one class per memory-ordering argument of the channels (UMP publication, UMP flow control,
 * the slot ordering rule, the doorbell handshake), each scenario a nested test and each deliberately broken
 * variant named {@code Broken...}; how to run them is in {@code stress/README.md}.
 */
package dev.flotilla.stress;
