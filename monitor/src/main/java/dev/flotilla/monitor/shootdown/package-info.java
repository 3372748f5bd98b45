/** Unmap with TLB shootdown: the monitors' one-phase round that has every core drop a domain's translation. */
package dev.flotilla.monitor.shootdown;
