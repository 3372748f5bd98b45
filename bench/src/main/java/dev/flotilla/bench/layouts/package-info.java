/**
 * The layouts probe: the one-line floor, two one-way rings of slots placed several ways, and UMP,
 * measured in alternating blocks outside JMH, to separate what the hardware charges for a layout
 * from what the channel's code adds.
 */
package dev.flotilla.bench.layouts;
