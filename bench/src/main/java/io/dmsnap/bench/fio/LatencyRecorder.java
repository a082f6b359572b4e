package io.dmsnap.bench.fio;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;

/**
 * One worker's latency histograms (clat, slat and lat per direction, and flushes), double-buffered
 * so that the runner can take interval histograms while the worker records: HdrHistogram's
 * {@code SingleWriterRecorder} protocol, with one critical section for a whole batch of
 * completions and every kind of latency instead of one per value and kind.
 *
 * <p>Why: a {@code SingleWriterRecorder} pays two atomic increments of its
 * {@link WriterReaderPhaser} per recorded value, so an asynchronous I/O (slat, clat, lat) paid six
 * and a batch of 32 reaped completions 192. Here the worker enters the phaser once per batch
 * ({@link #begin}), records every value of the batch into the active {@link Interval} with plain
 * writes, and leaves it ({@link #end}).
 *
 * <p>Memory ordering (as {@code SingleWriterRecorder}): {@link #begin}'s
 * {@code writerCriticalSectionEnter} is an atomic increment, and the {@link #active} read after it
 * is a volatile read. {@link #take} writes the new {@link #active} (volatile) before
 * {@code flipPhase}, whose atomic swap of the phaser's epoch orders it before any later
 * {@code begin}; {@code flipPhase} then waits until every writer that entered in the old phase has
 * left ({@code writerCriticalSectionExit}, an atomic increment after the writer's plain writes).
 * So a writer that entered after the flip records into the new interval, and when {@code flipPhase}
 * returns no writer touches the old one, whose counts the runner then reads.
 *
 * <p>Threads: {@link #begin}, {@link #end} and recording into {@link #begin}'s interval belong to
 * the worker (one writer); {@link #take} to the runner (one reader).
 */
final class LatencyRecorder
{
    static final int CLAT = 0;
    static final int SLAT = 1;
    static final int LAT = 2;
    private static final int SIGNIFICANT_DIGITS = 3;
    /**
     * The range the histograms of the directions and kinds a job records are built for: about a
     * second (2^30 ns; 21 Ki counts, 172 KiB a histogram), so a latency up to it never makes one
     * grow while the worker records; a longer one (a stall) still fits, the histogram growing once.
     */
    static final long PRESIZED_MAX_NANOS = 1L << 30;

    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    /** The interval the worker records into; replaced by the runner only (volatile: see the class comment). */
    private volatile Interval active;
    /** Worker only: the phaser value of the critical section in progress. */
    private long token;

    /** Which directions (read, write) the job records, and whether slat is recorded (asynchronous engines). */
    private final boolean[] directions;
    private final boolean slat;

    LatencyRecorder(final boolean[] directions, final boolean slat)
    {
        this.directions = directions.clone();
        this.slat = slat;
        final Interval first = new Interval(this.directions, slat);
        first.startTimeStamp(System.currentTimeMillis());   // the first interval starts now, as the others at a take
        active = first;
    }

    /** Worker: enter the critical section and return the interval to record into until {@link #end}. */
    Interval begin()
    {
        token = phaser.writerCriticalSectionEnter();   // atomic increment, before the volatile read below
        return active;
    }

    /** Worker: leave the critical section; the interval from {@link #begin} may be taken from now on. */
    void end()
    {
        phaser.writerCriticalSectionExit(token);   // atomic increment, after the worker's plain writes
    }

    /**
     * Runner: everything recorded since the previous take, as an interval whose start and end time
     * stamps (ms since the epoch) bound it. {@code recycle} (the interval the previous take
     * returned, or null) is reset and becomes the one the worker records into, so taking allocates
     * nothing once two intervals exist.
     */
    Interval take(final Interval recycle)
    {
        final Interval next = recycle == null ? new Interval(directions, slat) : recycle;
        phaser.readerLock();
        try
        {
            next.reset();
            final long now = System.currentTimeMillis();
            next.startTimeStamp(now);
            final Interval done = active;
            active = next;   // volatile write, ordered before the flip's epoch swap
            phaser.flipPhase();   // waits for the writers of the old phase to leave
            done.endTimeStamp(now);
            return done;
        }
        finally
        {
            phaser.readerUnlock();
        }
    }

    /**
     * One interval's histograms (nanoseconds): {@link #latency}{@code (kind, direction)} with kind
     * {@link #CLAT}, {@link #SLAT} or {@link #LAT}, and {@link #sync}. Auto-resizing HdrHistograms
     * with three significant digits; those the job records into are built for
     * {@link #PRESIZED_MAX_NANOS}, the others (and flushes) start small. A histogram grows
     * (allocates) only when a value beyond its range arrives and keeps its size when it is reset.
     */
    static final class Interval
    {
        private final Histogram[][] latency = new Histogram[3][2];
        private final Histogram sync = new Histogram(SIGNIFICANT_DIGITS);

        Interval(final boolean[] directions, final boolean slat)
        {
            for (int k = 0; k < latency.length; k++)
            {
                for (int d = 0; d < latency[k].length; d++)
                {
                    final boolean recorded = directions[d] && (k != SLAT || slat);
                    latency[k][d] = recorded ? presized() : new Histogram(SIGNIFICANT_DIGITS);
                }
            }
        }

        private static Histogram presized()
        {
            final Histogram h = new Histogram(1, PRESIZED_MAX_NANOS, SIGNIFICANT_DIGITS);
            h.setAutoResize(true);
            return h;
        }

        Histogram latency(final int kind, final int direction)
        {
            return latency[kind][direction];
        }

        Histogram sync()
        {
            return sync;
        }

        private void reset()
        {
            for (final Histogram[] kind : latency)
            {
                for (final Histogram h : kind)
                {
                    h.reset();
                }
            }
            sync.reset();
        }

        private void startTimeStamp(final long millis)
        {
            for (final Histogram[] kind : latency)
            {
                for (final Histogram h : kind)
                {
                    h.setStartTimeStamp(millis);
                }
            }
            sync.setStartTimeStamp(millis);
        }

        private void endTimeStamp(final long millis)
        {
            for (final Histogram[] kind : latency)
            {
                for (final Histogram h : kind)
                {
                    h.setEndTimeStamp(millis);
                }
            }
            sync.setEndTimeStamp(millis);
        }
    }
}
