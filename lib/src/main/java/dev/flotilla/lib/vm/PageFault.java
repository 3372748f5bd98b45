package dev.flotilla.lib.vm;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.base.FlotillaException;

/**
 * An access through a virtual address failed: nothing is mapped there, the mapping was removed, or the
 * page does not allow the access (Barrelfish delivers these to the faulting thread as page-fault
 * exceptions). No memory was read or written.
 */
public final class PageFault extends FlotillaException
{
    private static final long serialVersionUID = 1L;

    private final long address;

    /**
     * @param code    {@link ErrorCode#VSPACE_NOT_MAPPED}, {@link ErrorCode#VSPACE_WRITE_PROTECTED} or
     *                {@link ErrorCode#VSPACE_INVALID_ADDRESS}.
     * @param address the virtual address accessed.
     * @param detail  what was attempted and why it failed.
     */
    public PageFault(final ErrorCode code, final long address, final String detail)
    {
        super(code, detail);
        this.address = address;
    }

    /** The virtual address accessed. */
    public long address()
    {
        return address;
    }
}
