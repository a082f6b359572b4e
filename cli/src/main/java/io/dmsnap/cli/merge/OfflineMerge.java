package io.dmsnap.cli.merge;

import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.FileDevice;
import io.dmsnap.engine.block.SyncIo;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.DeviceMapper;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.lvm.LvmStack;
import io.dmsnap.engine.snap.MergeStats;
import io.dmsnap.engine.snap.MergeTarget;
import io.dmsnap.engine.store.CowInspector;
import io.dmsnap.engine.store.CowReport;
import io.dmsnap.engine.store.InspectException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Merge a persistent COW image into an origin image offline, as {@code lvconvert --merge} on an
 * inactive origin: check the images, build a {@code snapshot-merge} device over the two files
 * (its constructor reads the COW's metadata), resume it, wait for the merge-end event, remove it.
 * The engine's merge target does the work; this class only checks, waits and reports.
 */
final class OfflineMerge
{
    /** How often progress is reported while the merge runs. */
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final String DEVICE = "merge";

    /** What a finished merge did. */
    record Result(long chunks, int chunkSectors, long runs, long nanos, boolean failed)
    {
        long bytes()
        {
            return chunks * chunkSectors * 512L;
        }
    }

    /** Progress while merging: chunks merged so far out of the total, elapsed nanoseconds. */
    record Progress(long merged, long total, long nanos)
    {
    }

    private OfflineMerge()
    {
    }

    /**
     * Check that {@code cow} is a valid persistent COW that fits {@code origin}; returns its
     * report. Every refusal is an {@link IllegalArgumentException} with a one-line message.
     */
    static CowReport check(final Path originPath, final BlockDevice origin, final Path cowPath, final BlockDevice cow,
                           final Integer chunkSize)
    {
        final CowReport report;
        try
        {
            report = CowInspector.inspect(cow, null);
        }
        catch (final InspectException e)
        {
            throw new IllegalArgumentException(cowPath + " is not a persistent snapshot COW image: " + e.getMessage());
        }
        if (report.header().valid() == 0)
        {
            throw new IllegalArgumentException(cowPath + " is marked invalid (valid=0 in its header: the snapshot "
                + "overflowed or failed); an invalidated snapshot cannot be merged");
        }
        if (chunkSize != null && chunkSize != report.chunkSize())
        {
            throw new IllegalArgumentException("--chunk-size " + chunkSize + " does not match the chunk size in the "
                + "header of " + cowPath + " (" + report.chunkSize() + " sectors); leave --chunk-size out to use it");
        }
        final long originChunks = origin.sizeSectors() / report.chunkSize();
        long highest = -1;
        for (int i = 0; i < report.exceptionCount(); i++)
        {
            highest = Math.max(highest, report.oldChunk(i));
        }
        if (highest >= originChunks)
        {
            throw new IllegalArgumentException(cowPath + " has an exception for chunk " + highest + ", past the end of "
                + originPath + " (" + originChunks + " chunks of " + report.chunkSize() + " sectors): not its origin");
        }
        return report;
    }

    /** Open an image read-write; a failure is the user's file problem. */
    static FileDevice open(final String name, final Path path)
    {
        try
        {
            return FileDevice.open(name, path, false);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(path + ": cannot open", e);
        }
    }

    /** Run the merge of {@code cow} (already checked) into {@code origin}, reporting progress. */
    static Result run(final FileDevice origin, final FileDevice cow, final CowReport report,
                      final Consumer<Progress> progress) throws DmException, InterruptedException
    {
        final DeviceMapper dm = new DeviceMapper(EngineConfig.current());
        dm.addDevice(origin);
        dm.addDevice(cow);
        final long total = report.exceptionCount();
        final long start = System.nanoTime();
        dm.create(DEVICE, LvmStack.mergeTable(origin.sizeSectors(), origin.name(), cow.name(), "P " + report.chunkSize()));
        final MergeStats end;
        try
        {
            final MergeTarget target = (MergeTarget) dm.mappedDevice(DEVICE).targetAt(0);
            long seen = 0;
            MergeStats stats = target.mergeStats();
            while (stats.running())
            {
                seen = dm.waitEvent(DEVICE, seen, TICK);
                stats = target.mergeStats();
                progress.accept(new Progress(stats.chunksMerged(), total, System.nanoTime() - start));
            }
            end = stats;
        }
        finally
        {
            dm.remove(DEVICE);
        }
        // The merge flushed the origin before each commit; flush both once more before closing.
        SyncIo.flush(origin);
        SyncIo.flush(cow);
        return new Result(end.chunksMerged(), report.chunkSize(), end.copyJobs(), System.nanoTime() - start,
            end.failed() || !end.completed());
    }
}
