/**
 * memserv, the memory server: one instance per NUMA node hands out that node's RAM as capabilities by size and
 * address range, over a buddy allocator, and takes it back ({@code docs/12-memserv.md}).
 */
package dev.flotilla.services.memserv;
