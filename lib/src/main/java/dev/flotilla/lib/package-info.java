/**
 * What a domain links: the dispatcher runtime that runs a program on a core, polls its channels, and
 * exports, binds to and spawns services through the core's monitor, split-phase.
 */
package dev.flotilla.lib;
