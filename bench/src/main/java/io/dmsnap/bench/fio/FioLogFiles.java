package io.dmsnap.bench.fio;

import org.HdrHistogram.Histogram;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The log files of one thread (numjobs clone) in fio 3.33's formats, named as fio names them with
 * the thread's number N (1, 2, ... over every job's clones):
 * <ul>
 *   <li>{@code PREFIX_lat.N.log}, {@code _clat}, {@code _slat} (ns), {@code PREFIX_bw.N.log}
 *       (KiB/s), {@code PREFIX_iops.N.log}: lines {@code time_ms, value, direction, bs, prio}, or
 *       with log_offset {@code time_ms, value, direction, bs, offset, prio}. Per I/O
 *       (log_avg_msec=0) bs is the I/O's size, the iops value 1 and the bw value that I/O's size over
 *       its latency; windowed, one line per direction with I/O in the window, its mean, bs and
 *       offset 0. A sync engine's slat log stays empty, as fio's does.</li>
 *   <li>{@code PREFIX_clat_hist.N.log}: every log_hist_msec, per direction with I/O, the
 *       interval's clat counts in fio's 1856 bins ({@link FioLatencyBins}, halved per
 *       log_hist_coarseness step): {@code time_ms, direction, bs, count0, count1, ...}, the format
 *       fio's fiologparser_hist.py reads.</li>
 *   <li>dmsnap's {@code PREFIX_clat_hdr.N.hlog}: the same intervals as an HdrHistogram log.</li>
 * </ul>
 * Runner thread only.
 */
final class FioLogFiles implements AutoCloseable
{
    private final JobLogs logs;
    private final int blockSize;
    private final boolean async;
    private final List<Writer> open = new ArrayList<>();
    private final Writer lat;
    private final Writer clat;
    private final Writer slat;
    private final Writer bw;
    private final Writer iops;
    private final Writer hist;
    private final FioHistogramLog hdr;
    private final StringBuilder line = new StringBuilder(256);

    FioLogFiles(final JobLogs logs, final int threadNumber, final String jobName, final int blockSize,
                final boolean async, final long startMillis)
    {
        this.logs = logs;
        this.blockSize = blockSize;
        this.async = async;
        final String n = "." + threadNumber + ".log";
        lat = logs.latLog() == null ? null : open(logs.latLog() + "_lat" + n);
        clat = logs.latLog() == null ? null : open(logs.latLog() + "_clat" + n);
        slat = logs.latLog() == null ? null : open(logs.latLog() + "_slat" + n);
        bw = logs.bwLog() == null ? null : open(logs.bwLog() + "_bw" + n);
        iops = logs.iopsLog() == null ? null : open(logs.iopsLog() + "_iops" + n);
        hist = logs.histLog() == null ? null : open(logs.histLog() + "_clat_hist" + n);
        if (logs.hdrLog() != null)
        {
            final Path file = FioHistogramLog.fileFor(logs.hdrLog(), threadNumber);
            try
            {
                hdr = new FioHistogramLog(file, jobName, startMillis);
            }
            catch (final IOException e)
            {
                close();
                throw new UncheckedIOException("cannot write the log file " + file, e);
            }
        }
        else
        {
            hdr = null;
        }
    }

    private Writer open(final String name)
    {
        try
        {
            final BufferedWriter w = Files.newBufferedWriter(Path.of(name), StandardCharsets.US_ASCII);
            open.add(w);
            return w;
        }
        catch (final IOException e)
        {
            close();
            throw new UncheckedIOException("cannot write the log file " + name, e);
        }
    }

    /** Whether lat, clat, slat, bw or iops lines are written per I/O. */
    boolean perIo()
    {
        return logs.logAvgMsec() == 0 && (lat != null || bw != null || iops != null);
    }

    /** One I/O (per-I/O logging). */
    void io(final long millis, final int dir, final long clatNanos, final long slatNanos, final long offset,
            final int bytes)
    {
        final long total = clatNanos + slatNanos;
        write(lat, millis, total, dir, bytes, offset);
        write(clat, millis, clatNanos, dir, bytes, offset);
        if (async)
        {
            write(slat, millis, slatNanos, dir, bytes, offset);
        }
        write(bw, millis, total == 0 ? 0 : (long) (bytes * 1e9 / 1024 / total), dir, bytes, offset);
        write(iops, millis, 1, dir, bytes, offset);
    }

    /** One window of one direction (log_avg_msec): means of the window's I/Os, its bandwidth and IOPS. */
    void window(final long millis, final int dir, final double latMean, final double clatMean, final double slatMean,
                final double kibPerSecond, final double iopsPerSecond)
    {
        write(lat, millis, Math.round(latMean), dir, 0, 0);
        write(clat, millis, Math.round(clatMean), dir, 0, 0);
        if (async)
        {
            write(slat, millis, Math.round(slatMean), dir, 0, 0);
        }
        write(bw, millis, (long) kibPerSecond, dir, 0, 0);
        write(iops, millis, (long) iopsPerSecond, dir, 0, 0);
    }

    /** One interval's clat histogram of one direction. */
    void histogram(final long millis, final int dir, final Histogram interval)
    {
        if (hist != null)
        {
            final long[] bins = FioLatencyBins.of(interval);
            final int stride = 1 << logs.logHistCoarseness();
            line.setLength(0);
            line.append(millis).append(", ").append(dir).append(", ").append(blockSize);
            for (int i = 0; i < bins.length; i += stride)
            {
                long sum = 0;
                for (int j = i; j < i + stride; j++)
                {
                    sum += bins[j];
                }
                line.append(", ").append(sum);
            }
            line.append('\n');
            append(hist);
        }
    }

    /** One interval for the HdrHistogram log, tagged read or write. */
    void hdr(final Histogram interval, final String tag)
    {
        if (hdr != null)
        {
            hdr.interval(interval, tag);
        }
    }

    boolean wantsHistogram()
    {
        return hist != null && logs.logHistMsec() > 0;
    }

    boolean wantsHdr()
    {
        return hdr != null;
    }

    boolean wantsWindows()
    {
        return logs.logAvgMsec() > 0 && (lat != null || bw != null || iops != null);
    }

    private void write(final Writer w, final long millis, final long value, final int dir, final long bs,
                       final long offset)
    {
        if (w == null)
        {
            return;
        }
        line.setLength(0);
        line.append(millis).append(", ").append(value).append(", ").append(dir).append(", ").append(bs);
        if (logs.logOffset())
        {
            line.append(", ").append(offset);
        }
        line.append(", 0\n");
        append(w);
    }

    private void append(final Writer w)
    {
        try
        {
            w.append(line);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot write a log file", e);
        }
    }

    @Override
    public void close()
    {
        IOException first = null;
        for (final Writer w : open)
        {
            try
            {
                w.close();
            }
            catch (final IOException e)
            {
                first = first == null ? e : first;
            }
        }
        open.clear();
        if (hdr != null)
        {
            hdr.close();
        }
        if (first != null)
        {
            throw new UncheckedIOException("cannot finish a log file", first);
        }
    }
}
