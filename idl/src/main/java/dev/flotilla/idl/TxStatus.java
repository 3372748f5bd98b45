package dev.flotilla.idl;

/** What the try form of a send did: the message left, or it did not and nothing was sent. */
public enum TxStatus
{
    /** The message is in the channel. */
    SENT,
    /** The ring is full, or earlier messages still wait for room (FIFO holds): nothing was sent. */
    BUSY,
    /** The channel is closed: nothing was sent, and nothing ever will be on it. */
    CLOSED
}
