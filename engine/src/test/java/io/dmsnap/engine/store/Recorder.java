package io.dmsnap.engine.store;

import java.util.ArrayList;
import java.util.List;

/** Collects replayed mappings and commit callbacks, in the order they arrive. */
final class Recorder implements ExceptionSink, CommitCallback
{
    final List<long[]> mappings = new ArrayList<>();
    final List<Object> committed = new ArrayList<>();
    final List<Boolean> success = new ArrayList<>();

    @Override
    public boolean add(final long oldChunk, final long newChunk)
    {
        mappings.add(new long[] {oldChunk, newChunk});
        return true;
    }

    @Override
    public void committed(final Object context, final boolean ok)
    {
        committed.add(context);
        success.add(ok);
    }

    static PersistentStore store(final FaultyDisk cow, final int chunkSize, final String options,
                                 final io.dmsnap.engine.dm.DmLog log) throws StoreException
    {
        return new PersistentStore(new StoreArgs(cow, new FaultyDisk(1 << 20), chunkSize, options, log));
    }
}
