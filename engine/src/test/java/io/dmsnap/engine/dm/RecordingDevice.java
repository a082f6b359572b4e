package io.dmsnap.engine.dm;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.MemoryDevice;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link MemoryDevice} that records "op sector+sectors" of every bio submitted to it, reads
 * included, in submission order: what the dm core sent down. The main devices do not record
 * that: {@link io.dmsnap.engine.block.LogWritesDevice} logs only writes, discards and flushes
 * that succeeded, in completion order, for crash replay.
 */
final class RecordingDevice implements BlockDevice
{
    private final MemoryDevice data;
    /** Guarded by itself. */
    private final List<String> log = new ArrayList<>();

    RecordingDevice(final String name, final int sectors)
    {
        this.data = new MemoryDevice(name, sectors);
    }

    @Override
    public String name()
    {
        return data.name();
    }

    @Override
    public long sizeSectors()
    {
        return data.sizeSectors();
    }

    @Override
    public int logicalBlockSize()
    {
        return data.logicalBlockSize();
    }

    @Override
    public boolean supportsDiscard()
    {
        return data.supportsDiscard();
    }

    @Override
    public void submit(final Bio bio)
    {
        synchronized (log)
        {
            log.add(bio.op() + " " + bio.sector() + "+" + bio.sectors());
        }
        data.submit(bio);
    }

    /** The device's data. */
    MemoryDevice data()
    {
        return data;
    }

    List<String> log()
    {
        synchronized (log)
        {
            return new ArrayList<>(log);
        }
    }
}
