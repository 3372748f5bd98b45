/**
 * User-level virtual memory: a domain's own x86-64 page tables built from VNode capabilities (pmap), and
 * reads and writes at virtual addresses, translated, checked against the mapping's rights, and made
 * through windows that die with their mapping capabilities.
 */
package dev.flotilla.lib.vm;
