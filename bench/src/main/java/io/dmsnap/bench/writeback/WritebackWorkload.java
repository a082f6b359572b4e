package io.dmsnap.bench.writeback;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioEndIo;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Buffered writes to a block device through a modelled page cache ({@link PageCache}): the way
 * dmtest's {@code dt} writes the origin in {@code many_snapshots_of_same_volume}, and the reason
 * that test queued far more copies than any fixed queue depth allows.
 *
 * <p>Three threads: the <b>writer</b> writes records of {@link WritebackSettings#recordBytes()} at
 * random page-aligned offsets (seeded; dt aligns to 512 bytes, the model to the 4 KiB page) into
 * the cache, held at the dirty limit; the <b>flusher</b> takes runs from the cache and submits one
 * bio per run without waiting for it (its submission may block inside the device, as the
 * kernel's flusher blocks in {@code origin_map} when the COW throttle holds it); the caller's
 * thread supervises, reports progress and, when the writer is done, waits for the sync. Device
 * completions, on whatever thread the device completes on, return the bio, record its latency and
 * release its pages.
 *
 * <p>Payload: every bio writes from one shared, never-modified buffer; the model measures timing
 * and accounting, not contents.
 *
 * <p>Allocation: bios and their completion holders are pooled (the pool grows to the most bios
 * ever in flight, then stops allocating); latencies go into an HdrHistogram {@link Recorder}
 * (wait-free, allocation-free recording).
 *
 * <p>One instance runs once.
 */
public final class WritebackWorkload
{
    /** A run whose device completes nothing for this long is abandoned with an error. */
    public static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long PROGRESS_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long HIGHEST_LATENCY_NANOS = TimeUnit.HOURS.toNanos(1);

    /** Receives progress on the supervising thread about twice a second; must return quickly. */
    @FunctionalInterface
    public interface Progress
    {
        Progress NONE = (written, target, elapsed) -> { };

        /**
         * @param bytesWrittenBack bytes whose write completed so far
         * @param targetBytes      the amount to write, or 0 when the run is timed
         * @param elapsedNanos     since the first write
         */
        void update(long bytesWrittenBack, long targetBytes, long elapsedNanos);
    }

    private final BlockDevice device;
    private final WritebackSettings settings;
    private final PageCache cache;
    private final ByteBuffer payload = ByteBuffer.allocateDirect(PageCache.MAX_RUN_PAGES * PageCache.PAGE_BYTES);
    private final Recorder latencies = new Recorder(1, HIGHEST_LATENCY_NANOS, 3);
    private final Histogram latencyTotal = new Histogram(1, HIGHEST_LATENCY_NANOS, 3);
    private final AtomicLong biosDone = new AtomicLong();
    private final AtomicLong bytesDone = new AtomicLong();
    /** Holders given back by completions: CAS push (release), swapped out by the flusher (acquire). */
    private final AtomicReference<RunBio> returned = new AtomicReference<>();
    /** The flusher's own free list. */
    private RunBio free;
    /** Written before the threads start ({@link Thread#start} orders it for them). */
    private volatile long startNanos;

    /**
     * @param device     where the cache writes back (the origin)
     * @param splitBytes the unit bios never cross: the snapshots' chunk size (at least a page)
     */
    public WritebackWorkload(final BlockDevice device, final WritebackSettings settings, final long splitBytes)
    {
        this.device = device;
        this.settings = settings;
        final long deviceBytes = device.sizeSectors() << Bio.SECTOR_SHIFT;
        if (settings.recordBytes() > deviceBytes)
        {
            throw new IllegalArgumentException("record of " + settings.recordBytes() + " bytes does not fit the device of "
                + deviceBytes + " bytes");
        }
        this.cache = new PageCache(deviceBytes, Math.max(splitBytes, PageCache.PAGE_BYTES), settings.dirtyLimitBytes(),
            settings.backgroundBytes(), System::nanoTime);
    }

    public PageCache cache()
    {
        return cache;
    }

    /** Bios completed so far (any thread, while the run goes on). */
    public long biosCompleted()
    {
        return biosDone.get();
    }

    /**
     * The latencies recorded since the previous call (or the start), for a caller that measures
     * intervals of a long run; they stay in the run's total too. Any one thread at a time.
     */
    public synchronized Histogram intervalLatencies()
    {
        final Histogram interval = latencies.getIntervalHistogram();
        latencyTotal.add(interval);
        return interval;
    }

    /**
     * Run to the end: the writer writes its amount (or for its duration), then everything is
     * written back.
     *
     * @throws IllegalStateException when a write fails or the device stalls
     */
    public WritebackResult run(final Progress progress) throws InterruptedException
    {
        final Writer writer = new Writer();
        final Thread writerThread = new Thread(writer, "writeback-writer");
        final Thread flusherThread = new Thread(this::flush, "writeback-flusher");
        writerThread.setDaemon(true);
        flusherThread.setDaemon(true);
        startNanos = System.nanoTime();
        flusherThread.start();
        writerThread.start();
        final long target = settings.amountBytes();
        long lastProgress = bytesDone.get();
        long lastProgressAt = System.nanoTime();
        while (writerThread.isAlive())
        {
            writerThread.join(TimeUnit.NANOSECONDS.toMillis(PROGRESS_NANOS));
            final long now = System.nanoTime();
            final long done = bytesDone.get();
            progress.update(done, target, now - startNanos);
            if (done != lastProgress || cache.counters().writebackPages() == 0)
            {
                lastProgress = done;
                lastProgressAt = now;
            }
            else if (now - lastProgressAt > STALL_NANOS)
            {
                cache.abort("the device completed no write for " + TimeUnit.NANOSECONDS.toSeconds(STALL_NANOS) + " s");
            }
        }
        if (writer.failure != null)
        {
            cache.abort(writer.failure.toString());
            throw new IllegalStateException("the writer failed: " + writer.failure.getMessage(), writer.failure);
        }
        while (!cache.awaitClean(PROGRESS_NANOS))
        {
            final long now = System.nanoTime();
            final long done = bytesDone.get();
            progress.update(done, target, now - startNanos);
            if (done != lastProgress)
            {
                lastProgress = done;
                lastProgressAt = now;
            }
            else if (now - lastProgressAt > STALL_NANOS)
            {
                cache.abort("the device completed no write for " + TimeUnit.NANOSECONDS.toSeconds(STALL_NANOS) + " s");
                throw new IllegalStateException("writeback stalled: the device completed no write for "
                    + TimeUnit.NANOSECONDS.toSeconds(STALL_NANOS) + " s");
            }
        }
        final long elapsed = System.nanoTime() - startNanos;
        flusherThread.join(TimeUnit.NANOSECONDS.toMillis(STALL_NANOS));
        progress.update(bytesDone.get(), target, elapsed);
        final Histogram total;
        synchronized (this)
        {
            latencyTotal.add(latencies.getIntervalHistogram());
            total = latencyTotal.copy();
        }
        return new WritebackResult(elapsed, writer.doneNanos - startNanos, writer.bytes, writer.records, writer.bursts,
            biosDone.get(), bytesDone.get(), total, cache.counters());
    }

    /** The flusher thread: submit every run the cache hands out until the sync is done. */
    private void flush()
    {
        try
        {
            long run;
            while ((run = cache.takeRun()) != PageCache.END)
            {
                final RunBio r = take();
                final long first = PageCache.runFirstPage(run);
                final int pages = PageCache.runPages(run);
                r.pages = pages;
                r.bio.init(BioOp.WRITE, first * (PageCache.PAGE_BYTES >>> Bio.SECTOR_SHIFT),
                    pages * (PageCache.PAGE_BYTES >>> Bio.SECTOR_SHIFT), payload, 0, r, r);
                r.submitNanos = System.nanoTime();
                device.submit(r.bio);
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            cache.abort("the flusher was interrupted");
        }
    }

    private RunBio take()
    {
        RunBio r = free;
        if (r == null)
        {
            r = returned.getAndSet(null);   // acquire: sees the links written before each push
        }
        if (r == null)
        {
            return new RunBio();
        }
        free = r.next;
        r.next = null;
        return r;
    }

    /**
     * One bio of the flusher and its completion. The flusher writes {@code submitNanos} and
     * {@code pages} before it submits the bio and the completion reads them: the device's submit and
     * completion are the hand-over (the {@link Bio} contract), so no further ordering is needed; the
     * holder goes back to the flusher through {@link #returned} (CAS push, swap).
     */
    private final class RunBio implements BioEndIo
    {
        final Bio bio = new Bio();
        long submitNanos;
        int pages;
        RunBio next;

        @Override
        public void endIo(final Bio b, final int status)
        {
            final long latency = System.nanoTime() - submitNanos;
            final int n = pages;
            final long first = b.sector();
            if (status != BlkStatus.OK)
            {
                cache.abort("write of " + n + " pages at sector " + first + " failed with " + BlkStatus.name(status));
            }
            latencies.recordValue(Math.min(Math.max(latency, 1), HIGHEST_LATENCY_NANOS));
            biosDone.incrementAndGet();
            bytesDone.addAndGet((long) n * PageCache.PAGE_BYTES);
            cache.written(n);   // after the counters: a sync that returns has seen them
            RunBio top;
            do
            {
                top = returned.get();
                next = top;     // plain write, published by the CAS (release)
            }
            while (!returned.compareAndSet(top, this));
        }
    }

    /**
     * The writer thread: dt's records, in bursts when asked. Its counters are plain fields written by
     * the writer and read by the supervising thread after {@link Thread#join} (which orders them);
     * {@code doneNanos} and {@code failure} are volatile for the reads while it may still run.
     */
    private final class Writer implements Runnable
    {
        long bytes;
        long records;
        long bursts;
        volatile long doneNanos;
        volatile Throwable failure;

        @Override
        public void run()
        {
            try
            {
                write();
            }
            catch (final InterruptedException e)
            {
                failure = e;
            }
            catch (final RuntimeException e)
            {
                failure = e;
            }
            finally
            {
                doneNanos = System.nanoTime();
                cache.sync();
            }
        }

        private void write() throws InterruptedException
        {
            final long recordPages = settings.recordBytes() / PageCache.PAGE_BYTES;
            final long slots = cache.pages() - recordPages + 1;
            final SplittableRandom random = new SplittableRandom(settings.seed());
            final long deadline = startNanos + settings.durationNanos();
            long inBurst = 0;
            bursts = 1;
            while (settings.byAmount() ? bytes < settings.amountBytes() : System.nanoTime() - deadline < 0)
            {
                if (settings.burstBytes() > 0 && inBurst >= settings.burstBytes())
                {
                    LockSupport.parkNanos(settings.burstGapNanos());
                    if (Thread.interrupted())
                    {
                        throw new InterruptedException();
                    }
                    inBurst = 0;
                    bursts++;
                    continue;   // a timed run may have ended during the gap
                }
                long n = recordPages;
                if (settings.byAmount())
                {
                    n = Math.min(n, (settings.amountBytes() - bytes) / PageCache.PAGE_BYTES);
                }
                if (settings.burstBytes() > 0)
                {
                    n = Math.min(n, (settings.burstBytes() - inBurst) / PageCache.PAGE_BYTES);
                }
                final long first = random.nextLong(slots);
                cache.dirty(first, n);
                bytes += n * PageCache.PAGE_BYTES;
                inBurst += n * PageCache.PAGE_BYTES;
                records++;
            }
        }
    }
}
