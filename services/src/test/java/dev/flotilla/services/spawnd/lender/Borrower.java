package dev.flotilla.services.spawnd.lender;

import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.MessageInterface;
import dev.flotilla.idl.Rpc;

/** A dispatcher that is lent a copy of another domain's memory, for the tests of what happens when that domain ends. */
@MessageInterface(id = 68, description = "keeps a copy of a capability another domain lends it, for the tests")
public interface Borrower
{
    /** Keeps {@code cap} in a slot of the borrower's own; the reply is its size as the borrower sees it. */
    @Rpc
    long borrow(CapRef cap);
}
