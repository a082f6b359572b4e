package io.dmsnap.bench.fio;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * An HdrHistogram interval log ({@code .hlog}) of one job's completion latencies: a header
 * (comment, format version, start time, legend), then one line per sampling interval and
 * direction, tagged {@code read} or {@code write}, values in nanoseconds (the reader's default
 * max-value ratio turns interval maxima into milliseconds). Readable with HistogramLogReader,
 * HistogramLogProcessor and HistogramLogAnalyzer. Runner thread only.
 */
final class FioHistogramLog implements AutoCloseable
{
    private final PrintStream stream;
    private final HistogramLogWriter writer;

    FioHistogramLog(final Path file, final String jobName, final long startMillis) throws IOException
    {
        this.stream = new PrintStream(file.toFile(), StandardCharsets.US_ASCII);
        this.writer = new HistogramLogWriter(stream);
        writer.outputComment("dmsnap fio clat (ns), job " + jobName);
        writer.outputLogFormatVersion();
        writer.outputStartTime(startMillis);
        writer.setBaseTime(startMillis);
        writer.outputLegend();
    }

    /** dmsnap's HdrHistogram log of thread {@code threadNumber} (from 1): PREFIX_clat_hdr.N.hlog. */
    static Path fileFor(final String prefix, final int threadNumber)
    {
        return Path.of(prefix + "_clat_hdr." + threadNumber + ".hlog");
    }

    /** One interval of one direction; the histogram's start/end timestamps give its time range. */
    void interval(final Histogram histogram, final String tag)
    {
        histogram.setTag(tag);
        writer.outputIntervalHistogram(histogram);
    }

    @Override
    public void close()
    {
        stream.close();
    }
}
