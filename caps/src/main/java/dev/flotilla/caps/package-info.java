/**
 * The capability vocabulary shared by every module: capability types and their rules, rights,
 * capability values, and the system-wide error codes.
 */
package dev.flotilla.caps;
