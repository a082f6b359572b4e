package io.dmsnap.jcstress;

import io.dmsnap.engine.exception.PendingEntry;

/** A pending-table entry with nothing but its key, for tests of the table alone. */
final class StressPendingEntry extends PendingEntry
{
    StressPendingEntry(final long oldChunk)
    {
        this.oldChunk = oldChunk;
    }
}
