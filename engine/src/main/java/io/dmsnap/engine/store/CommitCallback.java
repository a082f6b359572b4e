package io.dmsnap.engine.store;

/** Called by a store when a committed exception is durable (or failed), on the copier thread. */
@FunctionalInterface
public interface CommitCallback
{
    void committed(Object context, boolean success);
}
