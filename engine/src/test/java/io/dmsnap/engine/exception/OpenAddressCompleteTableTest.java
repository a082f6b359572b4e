package io.dmsnap.engine.exception;

/** The open-addressing complete table ({@code tables=OFFHEAP_OPEN}): the contract of the tables laid out for the cache. */
class OpenAddressCompleteTableTest extends SegmentedTableContract
{
    @Override
    CompleteTable create(final int buckets)
    {
        return new OpenAddressCompleteTable(buckets);
    }

    @Override
    String name()
    {
        return "open addressing";
    }
}
