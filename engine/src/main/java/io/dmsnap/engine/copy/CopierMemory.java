package io.dmsnap.engine.copy;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.concurrent.LockClass;
import io.dmsnap.engine.concurrent.SpinLock;

import java.util.function.LongSupplier;

/**
 * The memory the kernel's copier would hold for the copies of this model, counted the way
 * dm-kcopyd allocates it, so that the growth 721b1d98 reports (about 10 GB of {@code kcopyd_job}
 * objects with no COW limit) shows in the model although its own buffers stay bounded.
 *
 * <p><b>What is counted</b> (x86-64, 4 KiB pages, no lock debugging):
 * <ul>
 *   <li>a <i>job object</i> of {@link #JOB_OBJECT_BYTES} for every job submitted and not yet
 *       completed, queued or running: the kernel takes one from the {@code kcopyd_job} slab in
 *       {@code dm_kcopyd_copy} (one master and {@code SPLIT_COUNT} sub-job structs in one object,
 *       split or not), and frees it just before the callback. Zeroing and prepared callbacks take
 *       one too. The slab is unbounded (its mempool reserve is used only when the slab fails);</li>
 *   <li>{@link #pagesFor the pages} of every running copy or piece: one page plus a 16-byte
 *       {@code page_list} entry per 8 sectors, taken when the worker moves the job to its pages
 *       stage and returned when it completes. A job the worker has not reached yet (still in the
 *       inbox, say behind a worker asleep in the copy throttle) holds no pages. Zeroing uses the
 *       shared zero page and holds none;</li>
 *   <li>per client, the reserves allocated when it is created: {@link #MIN_JOBS} job objects in
 *       the job mempool and one sub-job's worth of pages ({@code nr_reserved_pages}).</li>
 * </ul>
 * So a 4 KiB-chunk COW copy in flight costs 3,312 + 4,096 + 16 = 7,424 bytes, a 64 KiB one
 * 3,312 + 16 x 4,112 = 69,104 bytes. dm-io's per-I/O structures and the bios are not counted.
 *
 * <p><b>Independent of the model's real buffers.</b> {@link Kcopyd} reads and writes through a
 * bounded buffer pool; a copy that finds it full waits for a buffer on the worker. That bound is
 * the model's, not the kernel's (which allocates fresh pages for every job it reaches), so the
 * accounting charges pages when the kernel would have taken them, whether or not the copy has a
 * real buffer yet, and submitters never wait for memory in either.
 *
 * <p><b>Figures.</b> {@link #stats()} gives the bytes held now, the peak, and the time-weighted mean
 * since the window started (creation or {@link #resetPeaks()}): the integral of the held bytes
 * over time divided by the window's length. One instance can serve many clients (dm-snapshot's
 * clients share one, as they share one slab in the kernel), so the peak is that of the sum.
 *
 * <p><b>Threads and ordering.</b> Submitters (a job object), the client's worker (pages, reserves,
 * the release of both) and readers (any thread) all update or read under one short spin lock: a
 * CAS with acquire semantics to take it, a release store to drop it, so each holder sees every
 * earlier holder's writes and a reader sees the counts, the peak and the integral of one instant.
 * The critical sections are a handful of arithmetic instructions; waiters spin, then yield
 * ({@link io.dmsnap.engine.concurrent.SpinWait}). The clock is read before the lock is taken, so two events may reach the
 * lock in the opposite order of their time stamps; the integral then gains nothing for the later
 * one instead of a negative interval. Nothing allocates. Lock order: a leaf, never held while
 * anything else is taken.
 */
public final class CopierMemory
{
    /** {@code sizeof(struct kcopyd_job)} on x86-64 without lock debugging (4.19 layout). */
    public static final int JOB_STRUCT_BYTES = 368;
    /** One {@code kcopyd_job} slab object: a master and {@link Kcopyd#SPLIT_COUNT} sub-jobs. */
    public static final int JOB_OBJECT_BYTES = (1 + Kcopyd.SPLIT_COUNT) * JOB_STRUCT_BYTES;
    public static final int PAGE_BYTES = 4096;
    /** A {@code struct page_list} entry (two pointers) from kmalloc, one per page. */
    public static final int PAGE_LIST_BYTES = 16;
    /** Job objects each client's mempool reserves when it is created ({@code MIN_JOBS}). */
    public static final int MIN_JOBS = 8;
    private static final int SECTORS_PER_PAGE = PAGE_BYTES >>> Bio.SECTOR_SHIFT;

    /** The account's spin lock: a leaf. */
    public static final LockClass ACCOUNT_LOCK = LockClass.named("CopierMemory account lock");

    private final LongSupplier nanoClock;

    private final SpinLock lock = new SpinLock(ACCOUNT_LOCK);

    // ---- guarded by the lock ----
    private long jobs;
    private long pages;
    private long reserveBytes;
    private long bytes;
    private long peakBytes;
    private long peakJobs;
    /** Integral of {@code bytes} over time, in byte-nanoseconds, from windowStart to lastNanos. */
    private double integral;
    private long lastNanos;
    private long windowStart;

    /** An account on {@link System#nanoTime()}. */
    public CopierMemory()
    {
        this(System::nanoTime);
    }

    /** An account on the given monotonic nanosecond clock (tests drive it by hand). */
    public CopierMemory(final LongSupplier nanoClock)
    {
        this.nanoClock = nanoClock;
        this.lastNanos = nanoClock.getAsLong();
        this.windowStart = lastNanos;
    }

    /** Pages (and page_list entries) the kernel allocates for a copy or piece of {@code sectors}. */
    public static int pagesFor(final long sectors)
    {
        return (int) ((sectors + SECTORS_PER_PAGE - 1) / SECTORS_PER_PAGE);
    }

    /** Bytes of {@code pages} pages with their page_list entries. */
    public static long pageBytes(final long pages)
    {
        return pages * (PAGE_BYTES + PAGE_LIST_BYTES);
    }

    /** The reserve one client holds for its whole life, with pieces of {@code subJobSectors}. */
    public static long reserveBytes(final int subJobSectors)
    {
        return (long) MIN_JOBS * JOB_OBJECT_BYTES + pageBytes(pagesFor(subJobSectors));
    }

    // ---------------------------------------------------------------- updates

    /** A client was created with pieces of {@code subJobSectors}: its reserves. */
    void clientCreated(final int subJobSectors)
    {
        change(0, 0, reserveBytes(subJobSectors));
    }

    /** A client was closed: its reserves go. */
    void clientClosed(final int subJobSectors)
    {
        change(0, 0, -reserveBytes(subJobSectors));
    }

    /** A job was submitted (any thread): one job object. */
    void jobSubmitted()
    {
        change(1, 0, 0);
    }

    /** The worker reached a copy or piece: its pages. */
    void pagesTaken(final int n)
    {
        change(0, n, 0);
    }

    /** A job completed: its object (when {@code jobObjects} is 1) and its last pages go. */
    void released(final int jobObjects, final int n)
    {
        change(-jobObjects, -n, 0);
    }

    private void change(final long jobDelta, final long pageDelta, final long reserveDelta)
    {
        final long now = nanoClock.getAsLong();
        acquire();
        try
        {
            advance(now);
            jobs += jobDelta;
            pages += pageDelta;
            reserveBytes += reserveDelta;
            bytes = reserveBytes + jobs * JOB_OBJECT_BYTES + pageBytes(pages);
            if (bytes > peakBytes)
            {
                peakBytes = bytes;
            }
            if (jobs > peakJobs)
            {
                peakJobs = jobs;
            }
        }
        finally
        {
            release();
        }
    }

    /** Add the bytes held since the last event to the integral. Caller holds the lock. */
    private void advance(final long now)
    {
        final long dt = now - lastNanos;
        if (dt > 0)
        {
            integral += (double) bytes * dt;
            lastNanos = now;
        }
    }

    // ---------------------------------------------------------------- reading

    /** Current, peak and mean figures of one instant; any thread, while copies run. */
    public CopierMemoryStats stats()
    {
        final long now = nanoClock.getAsLong();
        acquire();
        try
        {
            advance(now);
            final long window = Math.max(lastNanos - windowStart, 0);
            final double mean = window == 0 ? bytes : integral / window;
            return new CopierMemoryStats(bytes, peakBytes, mean, jobs, peakJobs, pages, reserveBytes, window);
        }
        finally
        {
            release();
        }
    }

    /** Bytes held now. */
    public long currentBytes()
    {
        acquire();
        try
        {
            return bytes;
        }
        finally
        {
            release();
        }
    }

    /**
     * Start a new window: the peaks become the current values and the mean restarts from now
     * (for instance when a parameter was changed and its effect is to be measured).
     */
    public void resetPeaks()
    {
        final long now = nanoClock.getAsLong();
        acquire();
        try
        {
            advance(now);
            peakBytes = bytes;
            peakJobs = jobs;
            integral = 0;
            windowStart = lastNanos;
        }
        finally
        {
            release();
        }
    }

    private void acquire()
    {
        lock.lock();
    }

    private void release()
    {
        lock.unlock();
    }

    @Override
    public String toString()
    {
        return stats().toString();
    }
}
