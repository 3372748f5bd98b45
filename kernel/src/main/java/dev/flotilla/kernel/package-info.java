/** The CPU driver: one single-threaded, event-driven, non-preemptible kernel per core, dispatching its dispatchers. */
package dev.flotilla.kernel;
