package dev.flotilla.monitor;

import dev.flotilla.idl.Completion;

/**
 * The name service as a monitor uses it ({@link ReplicatedNames}: a replica on every core, changed by
 * agreement). Split-phase: a lookup answers at once from the local replica, a change once every replica has it.
 */
interface Names
{
    /** Registers {@code name} as exported from {@code core}; fails with SERVICE_EXISTS if taken. */
    void register(String name, int core, Completion<Void> done);

    /** The core that exports {@code name}; fails with SERVICE_NOT_FOUND if none does. */
    void lookup(String name, Completion<Integer> done);

    /** The exporter of {@code name} on {@code core} exited: the name is free again (if that core still held it). */
    void deregister(String name, int core);
}
