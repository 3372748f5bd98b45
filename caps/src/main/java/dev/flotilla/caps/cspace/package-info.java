/**
 * CSpaces, CNodes and capability addressing, and the capability invocations that change them —
 * retype, copy and mint, delete, revoke, map, root resize — each split into a side-effect-free
 * decode and an invoke that cannot fail, over one core's {@link dev.flotilla.caps.cspace.CoreCapabilities}.
 */
package dev.flotilla.caps.cspace;
