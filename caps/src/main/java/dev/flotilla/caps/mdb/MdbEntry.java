package dev.flotilla.caps.mdb;

import dev.flotilla.caps.Capability;

/**
 * What the mapping database orders: a capability and a serial number that tells apart copies held
 * in different slots (Barrelfish breaks that tie with the cte's address).
 *
 * <p>Both must stay fixed while the entry is in a database.
 */
public interface MdbEntry
{
    /** The capability this entry holds. */
    Capability capability();

    /** A number no other live entry of the same database has; the last key of the order. */
    long serial();
}
