package io.dmsnap.engine.concurrent;

/**
 * Two lock classes were taken in both orders: a deadlock waiting for the right interleaving. The
 * message names both orders; the stack traces of both acquisitions are attached as suppressed
 * exceptions (the one that established the first order, then the current one).
 */
public final class LockOrderViolation extends Error
{
    private static final long serialVersionUID = 1L;

    LockOrderViolation(final String message)
    {
        super(message, null, true, false);
    }
}
