package io.dmsnap.bench.writeback;

import java.util.BitSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The page-cache side of buffered writes to one block device, reduced to what decides how much
 * I/O reaches the device at once: which pages are dirty, how many are under writeback, and when
 * the writer must wait.
 *
 * <p><b>Linux's rules, as modelled.</b>
 * <ul>
 *   <li>A buffered write dirties pages and returns; nothing is submitted yet.</li>
 *   <li>Dirty pages and pages under writeback count together against the dirty limit
 *       ({@code vm.dirty_bytes}, or {@code dirty_ratio}: 20% of dirtyable memory by default); a page
 *       under writeback counts until its write completes. The writer checks every
 *       {@value #RATELIMIT_PAGES} pages ({@code ratelimit_pages}) and is paused while its next batch
 *       would take the count above the limit. Linux's {@code balance_dirty_pages} already slows the
 *       writer above the midpoint between the background threshold and the limit and holds it at
 *       the limit; the model keeps only the hold, so the count never exceeds the limit.</li>
 *   <li>The flusher writes back while more pages than the background threshold are dirty
 *       ({@code dirty_background_bytes}/{@code _ratio}, 10% by default), while a writer is held at
 *       the limit, and for a sync. It takes dirty pages in offset order from where it stopped
 *       ({@code writeback_index}, cyclic) and submits them <i>open loop</i>: it never waits for a
 *       completion, so the only bound on I/O in flight is the dirty limit.</li>
 *   <li>One run (one bio) is a stretch of contiguous dirty pages within one split unit (the
 *       snapshot chunk: {@code origin_map} splits every bio at the chunk boundary, so it reaches
 *       the snapshots per chunk) and at most {@value #MAX_RUN_PAGES} pages ({@code BIO_MAX_VECS}).</li>
 * </ul>
 * Left out: the pause curve between freerun and the limit, per-device bandwidth estimation, the
 * 30 s expiry of old dirty pages (a sync at the end of a run writes whatever is left), reads of
 * partially written pages. A page dirtied again while its write is in flight counts twice (once
 * dirty, once under writeback) and is written again, as in Linux's counters.
 *
 * <p><b>Threads.</b> One writer calls {@link #dirty}; one flusher calls {@link #takeRun}; device
 * completions call {@link #written} from any thread; anyone reads the counters. Everything is
 * guarded by one lock, held for bookkeeping only: waiting releases it (conditions), and nothing is
 * submitted or called back while it is held, so a completion never waits for more than a few
 * field updates. Runs are returned packed in a {@code long}, so the flusher allocates nothing.
 */
public final class PageCache
{
    public static final int PAGE_BYTES = 4096;
    /** Pages a writer dirties between two checks of the limit ({@code ratelimit_pages}'s start value). */
    public static final int RATELIMIT_PAGES = 32;
    /** Most pages in one bio ({@code BIO_MAX_VECS}). */
    public static final int MAX_RUN_PAGES = 256;
    /** {@link #takeRun} result: sync done, nothing left to write. */
    public static final long END = -1;

    private static final int RUN_SHIFT = 16;

    private final long pages;
    private final long pagesPerSplit;
    private final long limitPages;
    private final long backgroundPages;
    private final LongSupplier clock;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when pages stop counting against the limit (writer waits here). */
    private final Condition room = lock.newCondition();
    /** Signalled when the flusher may have work (flusher waits here). */
    private final Condition work = lock.newCondition();
    /** Signalled when the last page under writeback completes (sync waits here). */
    private final Condition clean = lock.newCondition();

    // ---- guarded by lock ----
    private final BitSet dirty;
    private long dirtyPages;
    private long writebackPages;
    private long cursor;
    private boolean writerHeld;
    private boolean syncing;
    private String abortReason;
    private long peakCountedPages;
    private long peakWritebackPages;
    private long peakDirtyPages;
    private long runs;
    private long pagesSubmitted;
    private long pagesWritten;
    private long pagesDirtied;
    private long writerHolds;
    private long writerHeldNanos;

    /**
     * @param deviceBytes     size of the device the cache sits on (pages beyond it do not exist)
     * @param splitBytes      the split unit: runs never cross a multiple of it (a power of two, at least a page)
     * @param dirtyLimitBytes dirty plus writeback bytes the writer may not exceed
     * @param backgroundBytes dirty bytes above which the flusher writes back
     * @param clock           nanosecond clock for the writer's held time
     */
    public PageCache(final long deviceBytes, final long splitBytes, final long dirtyLimitBytes, final long backgroundBytes,
                     final LongSupplier clock)
    {
        if (splitBytes < PAGE_BYTES || Long.bitCount(splitBytes) != 1)
        {
            throw new IllegalArgumentException("split unit must be a power of two of at least " + PAGE_BYTES
                + " bytes, got " + splitBytes);
        }
        if (deviceBytes < PAGE_BYTES || deviceBytes / PAGE_BYTES > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("device of " + deviceBytes + " bytes: the cache covers 1 to "
                + Integer.MAX_VALUE + " pages");
        }
        if (dirtyLimitBytes < 2L * PAGE_BYTES || backgroundBytes < 0 || backgroundBytes >= dirtyLimitBytes)
        {
            throw new IllegalArgumentException("dirty limit " + dirtyLimitBytes + " must be at least 2 pages and above "
                + "the background threshold " + backgroundBytes);
        }
        this.pages = deviceBytes / PAGE_BYTES;
        this.pagesPerSplit = splitBytes / PAGE_BYTES;
        this.limitPages = dirtyLimitBytes / PAGE_BYTES;
        this.backgroundPages = backgroundBytes / PAGE_BYTES;
        this.clock = clock;
        this.dirty = new BitSet((int) pages);
    }

    /** Pages of the device. */
    public long pages()
    {
        return pages;
    }

    // ------------------------------------------------------------------------------------------
    // writer
    // ------------------------------------------------------------------------------------------

    /**
     * A buffered write of {@code count} pages from {@code firstPage}: dirties them in batches of
     * {@value #RATELIMIT_PAGES}, holding the caller before a batch that would take dirty plus
     * writeback pages above the limit until completions make room.
     *
     * @throws IllegalStateException when the cache was aborted (the device failed)
     */
    public void dirty(final long firstPage, final long count) throws InterruptedException
    {
        if (firstPage < 0 || count < 0 || firstPage + count > pages)
        {
            throw new IllegalArgumentException("pages [" + firstPage + ", " + (firstPage + count) + ") outside the "
                + pages + " pages of the device");
        }
        final long batch = Math.min(RATELIMIT_PAGES, limitPages);
        long page = firstPage;
        final long end = firstPage + count;
        while (page < end)
        {
            final long n = Math.min(batch, end - page);
            lock.lock();
            try
            {
                long added = newlyDirty(page, n);
                if (dirtyPages + writebackPages + added > limitPages)
                {
                    final long t0 = clock.getAsLong();
                    writerHolds++;
                    writerHeld = true;
                    work.signal();      // a held writer makes the flusher write back (balance_dirty_pages)
                    try
                    {
                        while (abortReason == null && dirtyPages + writebackPages + (added = newlyDirty(page, n)) > limitPages)
                        {
                            room.await();
                        }
                    }
                    finally
                    {
                        writerHeld = false;
                        writerHeldNanos += clock.getAsLong() - t0;
                    }
                }
                checkAbort();
                dirty.set((int) page, (int) (page + n));
                dirtyPages += added;
                pagesDirtied += n;
                peakDirtyPages = Math.max(peakDirtyPages, dirtyPages);
                peakCountedPages = Math.max(peakCountedPages, dirtyPages + writebackPages);
                if (dirtyPages > backgroundPages)
                {
                    work.signal();
                }
            }
            finally
            {
                lock.unlock();
            }
            page += n;
        }
    }

    /** Pages of [page, page + n) not dirty yet. Under the lock. */
    private long newlyDirty(final long page, final long n)
    {
        long clear = 0;
        for (int p = dirty.nextClearBit((int) page); p < page + n; p = dirty.nextClearBit(p + 1))
        {
            clear++;
        }
        return clear;
    }

    /** The writer is done: write everything back. */
    public void sync()
    {
        lock.lock();
        try
        {
            syncing = true;
            work.signal();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Wait until no page is dirty or under writeback, at most {@code timeoutNanos}; true when clean.
     * The caller decides what a wait without progress means (it watches the counters).
     *
     * @throws IllegalStateException when the cache was aborted
     */
    public boolean awaitClean(final long timeoutNanos) throws InterruptedException
    {
        lock.lock();
        try
        {
            long left = timeoutNanos;
            while (abortReason == null && (dirtyPages > 0 || writebackPages > 0))
            {
                if (left <= 0)
                {
                    return false;
                }
                left = clean.awaitNanos(left);
            }
            checkAbort();
            return true;
        }
        finally
        {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------
    // flusher
    // ------------------------------------------------------------------------------------------

    /**
     * The next run to write back, waiting until writing back is due: more than the background
     * threshold dirty, a writer held at the limit, or a sync with pages left. The run's pages are
     * moved from dirty to writeback. Returns {@link #END} once a sync has written everything (or
     * the cache was aborted); decode a run with {@link #runFirstPage} and {@link #runPages}.
     */
    public long takeRun() throws InterruptedException
    {
        lock.lock();
        try
        {
            while (true)
            {
                if (abortReason != null || (syncing && dirtyPages == 0))
                {
                    return END;
                }
                if (dirtyPages > 0 && (syncing || writerHeld || dirtyPages > backgroundPages))
                {
                    break;
                }
                work.await();
            }
            int first = dirty.nextSetBit((int) cursor);
            if (first < 0)
            {
                first = dirty.nextSetBit(0);    // cyclic, like writeback_index
            }
            final long splitEnd = (first / pagesPerSplit + 1) * pagesPerSplit;
            final long limit = Math.min(Math.min(splitEnd, pages), (long) first + MAX_RUN_PAGES);
            int end = dirty.nextClearBit(first);
            if (end > limit)
            {
                end = (int) limit;
            }
            final int n = end - first;
            dirty.clear(first, end);
            dirtyPages -= n;
            writebackPages += n;
            peakWritebackPages = Math.max(peakWritebackPages, writebackPages);
            runs++;
            pagesSubmitted += n;
            cursor = end >= pages ? 0 : end;
            return ((long) first << RUN_SHIFT) | n;
        }
        finally
        {
            lock.unlock();
        }
    }

    public static long runFirstPage(final long run)
    {
        return run >>> RUN_SHIFT;
    }

    public static int runPages(final long run)
    {
        return (int) (run & ((1 << RUN_SHIFT) - 1));
    }

    // ------------------------------------------------------------------------------------------
    // completions
    // ------------------------------------------------------------------------------------------

    /** A run's write completed: its pages stop counting. Any thread; never waits beyond the lock. */
    public void written(final int runPages)
    {
        lock.lock();
        try
        {
            writebackPages -= runPages;
            pagesWritten += runPages;
            room.signal();
            if (writebackPages == 0)
            {
                clean.signalAll();
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Stop: the writer, the flusher and a sync waiter return (the writer and sync with an exception). */
    public void abort(final String reason)
    {
        lock.lock();
        try
        {
            if (abortReason == null)
            {
                abortReason = reason;
            }
            room.signalAll();
            work.signalAll();
            clean.signalAll();
        }
        finally
        {
            lock.unlock();
        }
    }

    private void checkAbort()
    {
        if (abortReason != null)
        {
            throw new IllegalStateException(abortReason);
        }
    }

    // ------------------------------------------------------------------------------------------
    // counters
    // ------------------------------------------------------------------------------------------

    /** A consistent reading of the counters. */
    public Counters counters()
    {
        lock.lock();
        try
        {
            return new Counters(dirtyPages, writebackPages, peakDirtyPages, peakWritebackPages, peakCountedPages, runs,
                pagesSubmitted, pagesWritten, pagesDirtied, writerHolds, writerHeldNanos);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @param dirtyPages         dirty now
     * @param writebackPages     under writeback now
     * @param peakDirtyPages     most dirty at once
     * @param peakWritebackPages most under writeback at once: the most the device had in flight
     * @param peakCountedPages   most dirty plus writeback at once (never above the limit)
     * @param runs               runs (bios) submitted
     * @param pagesSubmitted     pages in those runs
     * @param pagesWritten       pages whose write completed
     * @param pagesDirtied       pages the writer wrote (a page written twice counts twice)
     * @param writerHolds        times the writer was held at the limit
     * @param writerHeldNanos    total time it was held
     */
    public record Counters(long dirtyPages, long writebackPages, long peakDirtyPages, long peakWritebackPages,
                           long peakCountedPages, long runs, long pagesSubmitted, long pagesWritten, long pagesDirtied,
                           long writerHolds, long writerHeldNanos)
    {
    }
}
