/**
 * A domain's own memory management on one core, in user space as in Barrelfish's libbarrelfish: a slot
 * allocator for its CSpace and a RAM allocator that carves objects from the RAM capabilities it holds.
 */
package dev.flotilla.lib.mem;
