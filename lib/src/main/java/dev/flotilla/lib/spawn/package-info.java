/** spawnd's message interface: starting, spanning, stopping and listing domains through the spawnd of a core. */
package dev.flotilla.lib.spawn;
