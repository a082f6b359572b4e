package io.dmsnap.bench.fio;

import org.HdrHistogram.Histogram;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * fio-compatible JSON ({@code --output-format=json}): the top-level fields, and per job group the
 * fields fio plotting tools read ({@code jobs[].read/write/trim} with {@code io_bytes},
 * {@code bw}, {@code iops}, {@code runtime}, {@code clat_ns} with {@code "%f"} percentile keys,
 * {@code lat_ns}, the latency buckets, {@code "job options"}). Units follow fio: bytes, KiB/s for
 * {@code bw}, ms for {@code runtime}, ns for latencies, stddev with n - 1.
 *
 * <p>Mapping: the model has no submission queue in front of the device, so slat is empty (N = 0)
 * and lat equals clat. Fields fio fills from the operating system (cpu, ctx, faults, disk_util)
 * are zero or empty. Extras live under {@code "dmsnap"} per job: ignored-option notes, verify
 * counts and the IOPS timeline.
 */
public final class FioJsonReport
{
    private static final long[] LATENCY_BOUNDS = {2, 4, 10, 20, 50, 100, 250, 500, 750, 1000};
    private static final String[] DIRECTIONS = {"read", "write", "trim"};
    /** Indented like fio's own output; the caller's writer stays open. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
        .build();

    private FioJsonReport()
    {
    }

    /**
     * @param version the {@code "fio version"} value (the harness's name and version)
     * @param globalOptions options common to all jobs, as given
     */
    public static void print(final PrintWriter out, final String version, final Map<String, String> globalOptions,
                             final List<FioResult> results)
    {
        final long nowMillis = System.currentTimeMillis();
        try (JsonGenerator w = MAPPER.createGenerator(out))
        {
            document(w, version, globalOptions, results, nowMillis);
        }
        out.println();
        out.flush();
    }

    private static void document(final JsonGenerator w, final String version, final Map<String, String> globalOptions,
                                 final List<FioResult> results, final long nowMillis)
    {
        w.writeStartObject();
        w.writeStringProperty("fio version", version);
        w.writeNumberProperty("timestamp", nowMillis / 1000);
        w.writeNumberProperty("timestamp_ms", nowMillis);
        w.writeStringProperty("time", new java.util.Date(nowMillis).toString());
        w.writeName("global options");
        options(w, globalOptions);
        w.writeArrayPropertyStart("jobs");
        for (final FioResult r : results)
        {
            job(w, r);
        }
        w.writeEndArray();
        w.writeArrayPropertyStart("disk_util");
        w.writeEndArray();
        w.writeEndObject();
    }

    private static void job(final JsonGenerator w, final FioResult r)
    {
        w.writeStartObject();
        w.writeStringProperty("jobname", r.jobName());
        w.writeNumberProperty("groupid", r.groupId());
        w.writeNumberProperty("error", r.error());
        w.writeNumberProperty("eta", 0);
        w.writeNumberProperty("elapsed", (r.runtimeMillis() + 999) / 1000);
        w.writeName("job options");
        options(w, r.options());
        for (final String direction : DIRECTIONS)
        {
            w.writeName(direction);
            final FioDirectionResult dir = direction.equals("read") ? r.read()
                : direction.equals("write") ? r.write() : null;
            direction(w, dir, r);
        }
        w.writeNumberProperty("job_runtime", r.runtimeMillis());
        fixed(w, "usr_cpu", 0.0);
        fixed(w, "sys_cpu", 0.0);
        w.writeNumberProperty("ctx", 0);
        w.writeNumberProperty("majf", 0);
        w.writeNumberProperty("minf", 0);
        final Histogram all = r.read().clatHistogram();
        all.add(r.write().clatHistogram());
        latencyBuckets(w, "latency_ns", all, 1, false);
        latencyBuckets(w, "latency_us", all, 1000, false);
        latencyBuckets(w, "latency_ms", all, 1_000_000, true);
        w.writeObjectPropertyStart("dmsnap");
        w.writeStringProperty("model", "closed loop, no coordinated-omission correction, requests in flight = jobs x iodepth");
        w.writeArrayPropertyStart("notes");
        for (final String note : r.notes())
        {
            w.writeString(note);
        }
        w.writeEndArray();
        if (r.errorMessage() != null)
        {
            w.writeStringProperty("error_message", r.errorMessage());
        }
        w.writeNumberProperty("verify_failures", r.verifyFailures());
        if (r.verifyMessage() != null)
        {
            w.writeStringProperty("verify_message", r.verifyMessage());
        }
        w.writeNumberProperty("verified_blocks", r.verifiedBlocks());
        w.writeArrayPropertyStart("iops_timeline");
        final long[] millis = r.timelineMillis();
        final double[] iops = r.timelineIops();
        for (int i = 0; i < millis.length; i++)
        {
            w.writeStartObject();
            w.writeNumberProperty("time_ms", millis[i]);
            fixed(w, "iops", iops[i]);
            w.writeEndObject();
        }
        w.writeEndArray();
        w.writeEndObject();
        w.writeEndObject();
    }

    /** A direction object; {@code dir == null} writes the zeros of a direction without I/O (trim). */
    private static void direction(final JsonGenerator w, final FioDirectionResult dir, final FioResult r)
    {
        final boolean any = dir != null && dir.ios() > 0;
        w.writeStartObject();
        w.writeNumberProperty("io_bytes", any ? dir.ioBytes() : 0);
        w.writeNumberProperty("io_kbytes", any ? dir.ioBytes() / 1024 : 0);
        w.writeNumberProperty("bw_bytes", any ? dir.bwBytes() : 0);
        w.writeNumberProperty("bw", any ? dir.bwKib() : 0);
        fixed(w, "iops", any ? dir.iops() : 0.0);
        w.writeNumberProperty("runtime", any ? dir.runtimeMillis() : 0);
        w.writeNumberProperty("total_ios", any ? dir.ios() : 0);
        w.writeNumberProperty("short_ios", 0);
        w.writeNumberProperty("drop_ios", 0);
        w.writeName("slat_ns");
        latency(w, null, false);
        w.writeName("clat_ns");
        latency(w, any ? dir : null, true);
        w.writeName("lat_ns");
        latency(w, any ? dir : null, false);
        // Per-interval samples: the IOPS timeline scaled to this direction's share of the I/O.
        final double[] timeline = r.timelineIops();
        final long total = r.read().ios() + r.write().ios();
        final double share = any && total > 0 ? (double) dir.ios() / total : 0;
        double min = Double.MAX_VALUE;
        double max = 0;
        double sum = 0;
        double sumSq = 0;
        for (final double v : timeline)
        {
            final double x = v * share;
            min = Math.min(min, x);
            max = Math.max(max, x);
            sum += x;
            sumSq += x * x;
        }
        final int n = any ? timeline.length : 0;
        final double mean = n == 0 ? 0 : sum / n;
        final double sd = n < 2 ? 0 : Math.sqrt(Math.max(0, (sumSq - n * mean * mean) / (n - 1)));
        final double kib = any ? dir.ioBytes() / (double) Math.max(1, dir.ios()) / 1024 : 0;
        w.writeNumberProperty("bw_min", n == 0 ? 0 : (long) (min * kib));
        w.writeNumberProperty("bw_max", n == 0 ? 0 : (long) (max * kib));
        fixed(w, "bw_agg", any ? 100.0 : 0.0);
        fixed(w, "bw_mean", mean * kib);
        fixed(w, "bw_dev", sd * kib);
        w.writeNumberProperty("bw_samples", n);
        w.writeNumberProperty("iops_min", n == 0 ? 0 : (long) min);
        w.writeNumberProperty("iops_max", n == 0 ? 0 : (long) max);
        fixed(w, "iops_mean", mean);
        fixed(w, "iops_stddev", sd);
        w.writeNumberProperty("iops_samples", n);
        w.writeEndObject();
    }

    private static void latency(final JsonGenerator w, final FioDirectionResult dir, final boolean percentiles)
    {
        w.writeStartObject();
        w.writeNumberProperty("min", dir == null ? 0 : dir.clatMin());
        w.writeNumberProperty("max", dir == null ? 0 : dir.clatMax());
        fixed(w, "mean", dir == null ? 0.0 : dir.clatMean());
        fixed(w, "stddev", dir == null ? 0.0 : dir.clatStdev());
        w.writeNumberProperty("N", dir == null ? 0 : dir.ios());
        if (percentiles && dir != null)
        {
            w.writeObjectPropertyStart("percentile");
            for (final double p : FioDirectionResult.PERCENTILES)
            {
                w.writeNumberProperty(percentileKey(p), dir.clatPercentile(p));
            }
            w.writeEndObject();
        }
        w.writeEndObject();
    }

    /** Options as strings, the way fio writes them (a bare flag has the empty string). */
    private static void options(final JsonGenerator w, final Map<String, String> options)
    {
        w.writeStartObject();
        for (final Map.Entry<String, String> e : options.entrySet())
        {
            if (!e.getKey().equals("name"))
            {
                w.writeStringProperty(e.getKey(), e.getValue());
            }
        }
        w.writeEndObject();
    }

    /** A fractional number with six decimals, as fio prints its floating-point fields. */
    private static void fixed(final JsonGenerator w, final String name, final double value)
    {
        if (!Double.isFinite(value))
        {
            throw new IllegalArgumentException("JSON has no " + value + " (" + name + ")");
        }
        w.writeName(name);
        w.writeNumber(String.format(Locale.ROOT, "%.6f", value));
    }

    /** fio's key for a percentile: {@code "%f"}, e.g. "99.900000". */
    static String percentileKey(final double percentile)
    {
        return String.format(Locale.ROOT, "%f", percentile);
    }

    /**
     * Percent of I/Os per latency bucket (bounds in {@code unit} ns), as fio's latency_ns/us/ms.
     * Buckets are differences of cumulative counts, so a histogram bucket that straddles a bound
     * is counted once and the three maps add up to 100%.
     */
    private static void latencyBuckets(final JsonGenerator w, final String name, final Histogram h, final long unit,
                                       final boolean withTail)
    {
        final long total = h.getTotalCount();
        w.writeObjectPropertyStart(name);
        long below = unit == 1 ? 0 : atOrBelow(h, unit);   // the previous map's last bucket ends at 1000 of it
        for (final long bound : LATENCY_BOUNDS)
        {
            final long upTo = atOrBelow(h, bound * unit);
            fixed(w, Long.toString(bound), percent(upTo - below, total));
            below = upTo;
        }
        if (withTail)
        {
            final long upTo = atOrBelow(h, 2000 * unit);
            fixed(w, "2000", percent(upTo - below, total));
            fixed(w, ">=2000", percent(total - upTo, total));
        }
        w.writeEndObject();
    }

    private static long atOrBelow(final Histogram h, final long value)
    {
        return h.getTotalCount() == 0 ? 0 : h.getCountBetweenValues(0, value);
    }

    private static double percent(final long count, final long total)
    {
        return total == 0 ? 0 : 100.0 * count / total;
    }
}
