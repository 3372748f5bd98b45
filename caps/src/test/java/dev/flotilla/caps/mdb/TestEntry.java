package dev.flotilla.caps.mdb;

import dev.flotilla.caps.Capability;

/** A bare database entry for tests. */
record TestEntry(Capability capability, long serial) implements MdbEntry
{
}
