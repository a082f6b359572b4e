package io.dmsnap.engine.snap;

import io.dmsnap.engine.config.Switches.CompleteOrder;

/**
 * {@code pending_complete}: turn a committed pending exception into a complete one and release
 * the bios that waited for it. The {@code completeOrder} switch picks the order of its steps
 * ({@code pending_complete}, 65fc7c37). Runs on the snapshot's copier thread, in allocation-sequence order.
 */
interface PendingCompletion
{
    static PendingCompletion create(final CompleteOrder order)
    {
        return order == CompleteOrder.WAIT_THEN_INSERT ? new WaitThenInsert() : new InsertWaitRemove();
    }

    void pendingComplete(PendingException pe, boolean success);
}
