/**
 * The monitors' broadcast channels: the one a core writes and those of other cores it reads
 * ({@link dev.flotilla.monitor.broadcast.BroadcastFanout}), and what travels on them, declared once
 * ({@link dev.flotilla.monitor.broadcast.BroadcastRecords}): the TLB shootdown's rounds and the agreement protocols'
 * phases along a broadcast node of their tree.
 */
package dev.flotilla.monitor.broadcast;
