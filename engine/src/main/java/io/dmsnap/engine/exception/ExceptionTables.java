package io.dmsnap.engine.exception;

import io.dmsnap.engine.config.Switches.Tables;

/** Builds the complete and pending tables the {@code tables} switch selects. */
public final class ExceptionTables
{
    private ExceptionTables()
    {
    }

    /** A complete table of {@code buckets} buckets (a power of two, at least 2). */
    public static CompleteTable complete(final Tables impl, final int buckets)
    {
        switch (impl)
        {
            case OFFHEAP_BL:
                return new OffHeapCompleteTable(buckets);
            case OFFHEAP_OPEN:
                return new OpenAddressCompleteTable(buckets);
            case OFFHEAP_CUCKOO:
                return new CuckooCompleteTable(buckets);
            case HEAP_LISTS:
                return new HeapListCompleteTable(buckets);
            default:
                throw new IllegalArgumentException("unknown tables implementation " + impl);
        }
    }

    /** A pending table of {@code buckets} buckets (a power of two). */
    public static PendingTable pending(final Tables impl, final int buckets)
    {
        switch (impl)
        {
            case OFFHEAP_BL:
            case OFFHEAP_OPEN:
            case OFFHEAP_CUCKOO:
                return new OffHeapPendingTable(buckets);
            case HEAP_LISTS:
                return new HeapListPendingTable(buckets);
            default:
                throw new IllegalArgumentException("unknown tables implementation " + impl);
        }
    }
}
