package io.dmsnap.bench.fio;

import org.HdrHistogram.Histogram;

/**
 * The runner's side of one worker: its interval histograms summed, its per-interval bandwidth and
 * IOPS samples (fio's bw_avg_time and iops_avg_time clocks), its IOPS timeline and its log files.
 *
 * <p>Samples as fio takes them: a clock ticks every period from the end of ramp_time; at a tick
 * the I/O completed since the previous tick, over the time since the previous tick, is one
 * sample. The last, partial interval of a thread (it finished before the next tick) is no
 * sample, so a thread that never stalled has no low outlier. Runner thread only.
 */
final class ThreadStats
{
    static final int CLAT = LatencyRecorder.CLAT;
    static final int SLAT = LatencyRecorder.SLAT;
    static final int LAT = LatencyRecorder.LAT;
    private static final String[] TAGS = {"read", "write"};

    private final FioWorker worker;
    private final FioLogFiles logs;
    /** [kind][direction]: everything recorded so far. */
    private final Histogram[][] totals = new Histogram[3][2];
    /** The last interval taken from the worker, recycled by the next take. */
    private LatencyRecorder.Interval recycled;
    /** Flush latencies (fio's sync figures) recorded so far. */
    private final Histogram syncTotal = new Histogram(3);
    /** The worker's byte counters at the previous take (I/O sizes vary with bssplit and bsrange). */
    private final long[] lastBytes = new long[2];
    private final IntervalStats[] bw = {new IntervalStats(), new IntervalStats()};
    private final IntervalStats[] iops = {new IntervalStats(), new IntervalStats()};
    private final Clock bwClock;
    private final Clock iopsClock;
    private final Clock logClock;
    private final Clock histClock;
    private final Clock hdrClock;
    /** [kind][direction] of the current log window (log_avg_msec). */
    private final Histogram[][] window = new Histogram[3][2];
    private final Histogram[] histWindow = new Histogram[2];
    private final Histogram[] hdrWindow = new Histogram[2];
    private final IoLogRing.Sink sink;
    /** Directions the job does: only these get bandwidth and IOPS samples, zeros included (as fio). */
    private final boolean[] directions;
    private final long[] timelineMillis;
    private final double[] timelineIops;
    private int timelineSize;
    private boolean finished;

    ThreadStats(final FioWorker worker, final FioJob job, final FioLogFiles logs, final long startNanos)
    {
        this.worker = worker;
        this.logs = logs;
        this.directions = new boolean[] {job.rw().hasReads(), job.rw().hasWrites()};
        for (int k = 0; k < 3; k++)
        {
            for (int d = 0; d < 2; d++)
            {
                totals[k][d] = new Histogram(3);
                window[k][d] = new Histogram(3);
            }
        }
        for (int d = 0; d < 2; d++)
        {
            histWindow[d] = new Histogram(3);
            hdrWindow[d] = new Histogram(3);
        }
        final long measureFrom = startNanos + job.rampNanos();
        final JobLogs l = job.logs();
        bwClock = new Clock(measureFrom, l.bwAvgMsec());
        iopsClock = new Clock(measureFrom, l.iopsAvgMsec());
        logClock = logs != null && logs.wantsWindows() ? new Clock(startNanos, l.logAvgMsec()) : null;
        histClock = logs != null && logs.wantsHistogram() ? new Clock(startNanos, l.logHistMsec()) : null;
        hdrClock = logs != null && logs.wantsHdr() ? new Clock(startNanos, l.hdrLogMsec()) : null;
        sink = logs != null && logs.perIo() ? logs::io : null;
        final long expected = job.runtimeNanos() > 0 ? (job.runtimeNanos() + job.rampNanos()) / bwClock.period + 2 : 4096;
        timelineMillis = new long[(int) Math.min(1 << 20, expected)];
        timelineIops = new double[timelineMillis.length];
    }

    /** The runner's base period: the greatest common divisor of every clock's period, in ms. */
    static long basePeriodMillis(final FioJob job)
    {
        final JobLogs l = job.logs();
        long g = gcd(l.bwAvgMsec(), l.iopsAvgMsec());
        if (l.anyCsvLog() && l.logAvgMsec() > 0)
        {
            g = gcd(g, l.logAvgMsec());
        }
        if (l.anyCsvLog() && l.logAvgMsec() == 0)
        {
            g = gcd(g, 10);   // per-I/O rings are drained at least every 10 ms
        }
        if (l.histLog() != null && l.logHistMsec() > 0)
        {
            g = gcd(g, l.logHistMsec());
        }
        if (l.hdrLog() != null)
        {
            g = gcd(g, l.hdrLogMsec());
        }
        return g;
    }

    private static long gcd(final long a, final long b)
    {
        return b == 0 ? a : gcd(b, a % b);
    }

    /**
     * Takes what the worker recorded since the previous call. {@code now}: the current time. Once
     * the worker has exited, the last take adds its remaining I/O to the totals without a sample.
     */
    void take(final long now)
    {
        if (finished)
        {
            return;
        }
        final boolean exited = worker.exited();   // read first: a worker still running at this point ran through the interval
        if (sink != null)
        {
            worker.ioLog().drain(sink);
        }
        final long[] ios = new long[2];
        final long[] bytes = new long[2];
        final LatencyRecorder.Interval interval = worker.latencies().take(recycled);
        recycled = interval;
        for (int d = 0; d < 2; d++)
        {
            final long measured = worker.measuredBytes(d);
            bytes[d] = measured - lastBytes[d];
            lastBytes[d] = measured;
            for (int k = 0; k < 3; k++)
            {
                totals[k][d].add(interval.latency(k, d));
            }
            ios[d] = interval.latency(CLAT, d).getTotalCount();
        }
        syncTotal.add(interval.sync());
        if (!exited)
        {
            if (bwClock.tick(now, ios, bytes))
            {
                for (int d = 0; d < 2; d++)
                {
                    if (directions[d])
                    {
                        bw[d].add(bwClock.byteRate(d) / 1024);
                    }
                }
                addTimeline(bwClock);
                bwClock.reset(now);
            }
            if (iopsClock.tick(now, ios, bytes))
            {
                for (int d = 0; d < 2; d++)
                {
                    if (directions[d])
                    {
                        iops[d].add(iopsClock.rate(d));
                    }
                }
                iopsClock.reset(now);
            }
        }
        logWindows(now, ios, bytes);
        if (exited)
        {
            finished = true;
        }
    }

    private void logWindows(final long now, final long[] ios, final long[] bytes)
    {
        if (logClock != null)
        {
            for (int k = 0; k < 3; k++)
            {
                for (int d = 0; d < 2; d++)
                {
                    window[k][d].add(recycled.latency(k, d));
                }
            }
            if (logClock.tick(now, ios, bytes))
            {
                final long millis = logClock.boundaryMillis();
                for (int d = 0; d < 2; d++)
                {
                    if (logClock.sawIo[d])
                    {
                        logs.window(millis, d, window[LAT][d].getMean(), window[CLAT][d].getMean(),
                            window[SLAT][d].getTotalCount() == 0 ? 0 : window[SLAT][d].getMean(),
                            logClock.byteRate(d) / 1024, logClock.rate(d));
                    }
                    for (int k = 0; k < 3; k++)
                    {
                        window[k][d].reset();
                    }
                }
                logClock.reset(now);
            }
        }
        if (histClock != null)
        {
            for (int d = 0; d < 2; d++)
            {
                histWindow[d].add(recycled.latency(CLAT, d));
            }
            if (histClock.tick(now, ios, bytes))
            {
                for (int d = 0; d < 2; d++)
                {
                    if (histWindow[d].getTotalCount() > 0)
                    {
                        logs.histogram(histClock.boundaryMillis(), d, histWindow[d]);
                    }
                    histWindow[d].reset();
                }
                histClock.reset(now);
            }
        }
        if (hdrClock != null)
        {
            for (int d = 0; d < 2; d++)
            {
                final Histogram interval = recycled.latency(CLAT, d);
                if (interval.getTotalCount() > 0)
                {
                    if (hdrWindow[d].getTotalCount() == 0)
                    {
                        hdrWindow[d].setStartTimeStamp(interval.getStartTimeStamp());
                    }
                    hdrWindow[d].add(interval);
                    hdrWindow[d].setEndTimeStamp(interval.getEndTimeStamp());
                }
            }
            if (hdrClock.tick(now, ios, bytes) || worker.exited())
            {
                for (int d = 0; d < 2; d++)
                {
                    if (hdrWindow[d].getTotalCount() > 0)
                    {
                        logs.hdr(hdrWindow[d], TAGS[d]);
                    }
                    hdrWindow[d].reset();
                }
                hdrClock.reset(now);
            }
        }
    }

    private void addTimeline(final Clock clock)
    {
        if (timelineSize < timelineMillis.length)
        {
            timelineMillis[timelineSize] = clock.boundaryMillisSinceMeasure();
            timelineIops[timelineSize] = clock.rate(0) + clock.rate(1);
            timelineSize++;
        }
    }

    boolean finished()
    {
        return finished;
    }

    FioWorker worker()
    {
        return worker;
    }

    Histogram total(final int kind, final int direction)
    {
        return totals[kind][direction];
    }

    /** Flush latencies recorded so far (fio's sync). */
    Histogram syncTotal()
    {
        return syncTotal;
    }

    IntervalStats bw(final int direction)
    {
        return bw[direction];
    }

    IntervalStats iops(final int direction)
    {
        return iops[direction];
    }

    long[] timelineMillis()
    {
        return java.util.Arrays.copyOf(timelineMillis, timelineSize);
    }

    double[] timelineIops()
    {
        return java.util.Arrays.copyOf(timelineIops, timelineSize);
    }

    void close()
    {
        if (worker.ioLog() != null)
        {
            worker.ioLog().close();
        }
        if (logs != null)
        {
            logs.close();
        }
    }

    /**
     * A sampling clock: boundaries every {@code period} from {@code origin}; between boundaries it
     * counts I/O per direction, and at a boundary gives the rate over the real time since the
     * previous boundary.
     */
    private static final class Clock
    {
        final long origin;
        final long period;
        long next;
        long last;
        final long[] ios = new long[2];
        final long[] bytes = new long[2];
        final boolean[] sawIo = new boolean[2];
        long spent;

        Clock(final long origin, final long periodMillis)
        {
            this.origin = origin;
            this.period = periodMillis * 1_000_000L;
            this.next = origin + period;
            this.last = origin;
        }

        /** Adds an interval's I/O; true when {@code now} reached the boundary. */
        boolean tick(final long now, final long[] interval, final long[] intervalBytes)
        {
            for (int d = 0; d < 2; d++)
            {
                ios[d] += interval[d];
                bytes[d] += intervalBytes[d];
                sawIo[d] |= interval[d] > 0;
            }
            if (now < next)
            {
                return false;
            }
            spent = Math.max(1, now - last);
            return true;
        }

        /** Events per second of direction {@code d} over the interval that just ended. */
        double rate(final int d)
        {
            return ios[d] * 1e9 / spent;
        }

        /** Bytes per second of direction {@code d} over the interval that just ended. */
        double byteRate(final int d)
        {
            return bytes[d] * 1e9 / spent;
        }

        /** ms since the clock's origin of the boundary just reached (fio's log time). */
        long boundaryMillis()
        {
            return (next - origin) / 1_000_000L;
        }

        long boundaryMillisSinceMeasure()
        {
            return (next - origin) / 1_000_000L;
        }

        void reset(final long now)
        {
            last = now;
            next += period * Math.max(1, (now - next) / period + 1);
            ios[0] = 0;
            ios[1] = 0;
            bytes[0] = 0;
            bytes[1] = 0;
            sawIo[0] = false;
            sawIo[1] = false;
        }
    }
}
