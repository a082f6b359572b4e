package io.dmsnap.engine.store;

/** A store type in the registry ({@code struct dm_exception_store_type}): its names and constructor. */
public interface ExceptionStoreType
{
    /** Long name ("persistent", "transient"). */
    String name();

    /** One-letter alias used in table lines ("P", "N"). */
    String alias();

    ExceptionStore create(StoreArgs args) throws StoreException;
}
