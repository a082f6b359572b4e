package io.dmsnap.engine.store;

import io.dmsnap.engine.block.BlockDevice;

/**
 * The transient store {@code N} (dm-snap-transient.c): COW chunks handed out from the
 * start of the COW device, nothing written to it besides data, nothing survives a reload.
 *
 * <p>{@code nextFree} is in sectors and is written only under the snapshot's allocation lock; the
 * status path reads it racily, as the kernel does (a stale value is harmless there).
 */
public final class TransientStore implements ExceptionStore
{
    public static final ExceptionStoreType TYPE = new ExceptionStoreType()
    {
        @Override
        public String name()
        {
            return "transient";
        }

        @Override
        public String alias()
        {
            return "N";
        }

        @Override
        public ExceptionStore create(final StoreArgs args)
        {
            return new TransientStore(args.cow(), args.chunkSize());   // options are ignored ("NO" == "N")
        }
    };

    private final BlockDevice cow;
    private ChunkGeometry geometry;   // see ExceptionStore#geometry
    private volatile long nextFree;   // sectors; volatile only so that status readers see progress

    public TransientStore(final BlockDevice cow, final int chunkSize)
    {
        this.cow = cow;
        chunkSize(chunkSize);
    }

    @Override
    public String typeName()
    {
        return "N";
    }

    @Override
    public ChunkGeometry geometry()
    {
        return geometry;
    }

    @Override
    public void chunkSize(final int sectors)
    {
        this.geometry = ChunkGeometry.of(sectors);
    }

    @Override
    public int readMetadata(final ExceptionSink sink)
    {
        return 0;
    }

    @Override
    public long prepareException(final long oldChunk)
    {
        final ChunkGeometry g = geometry;
        final long free = nextFree;
        if (cow.sizeSectors() < free + g.sectors())
        {
            return FULL;
        }
        nextFree = free + g.sectors();   // single writer: the allocation lock
        return free >>> g.shift();
    }

    @Override
    public void commitException(final long oldChunk, final long newChunk, final boolean valid,
                                final CommitCallback callback, final Object context)
    {
        callback.committed(context, valid);
    }

    @Override
    public boolean supportsMerge()
    {
        return false;
    }

    @Override
    public int prepareMerge(final long[] lastOldNew)
    {
        throw new IllegalStateException("transient store cannot merge");
    }

    @Override
    public int commitMerge(final int n)
    {
        throw new IllegalStateException("transient store cannot merge");
    }

    @Override
    public void dropSnapshot()
    {
    }

    @Override
    public void usage(final long[] out)
    {
        out[0] = nextFree;
        out[1] = cow.sizeSectors();
        out[2] = 0;
    }

    @Override
    public String statusTable()
    {
        return " N " + geometry.sectors();
    }

    @Override
    public boolean userspaceSupportsOverflow()
    {
        return false;
    }

    @Override
    public void close()
    {
    }
}
