/**
 * The channels benchmark: round trip and streaming throughput of Flotilla's UMP channel beside the
 * one-cache-line floor and the best Java peers (JCTools, Agrona, LMAX Disruptor, ArrayBlockingQueue).
 */
package dev.flotilla.bench.channels;
