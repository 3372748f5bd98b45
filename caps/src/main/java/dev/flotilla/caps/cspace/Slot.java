package dev.flotilla.caps.cspace;

/**
 * A resolved slot: the CNode, the index, and the CNode capability through which it was reached
 * (whose rights govern writing the slot).
 */
record Slot(CNode cnode, int index, Cte via)
{
    Cte get()
    {
        return cnode.get(index);
    }
}
