/** The CPU driver: one single-threaded, event-driven, non-preemptible kernel per core, dispatching its dispatchers and invoking their capabilities. */
package dev.flotilla.kernel;
