/**
 * What a domain links: the dispatcher runtime that runs a program on a core, polls its channels and runs its
 * user-level threads ({@link dev.flotilla.lib.Dispatcher}), and exports, binds to and spawns services through the
 * core's monitor, split-phase ({@link dev.flotilla.lib.MonitorClient}).
 */
package dev.flotilla.lib;
