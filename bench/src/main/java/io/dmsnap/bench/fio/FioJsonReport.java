package io.dmsnap.bench.fio;

import io.dmsnap.bench.cli.JsonWriter;
import org.HdrHistogram.Histogram;

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
        final JsonWriter w = new JsonWriter(out);
        w.beginObject();
        w.name("fio version").value(version);
        w.name("timestamp").value(nowMillis / 1000);
        w.name("timestamp_ms").value(nowMillis);
        w.name("time").value(new java.util.Date(nowMillis).toString());
        w.name("global options");
        options(w, globalOptions);
        w.name("jobs").beginArray();
        for (final FioResult r : results)
        {
            job(w, r);
        }
        w.endArray();
        w.name("disk_util").beginArray().endArray();
        w.endObject();
        out.flush();
    }

    private static void job(final JsonWriter w, final FioResult r)
    {
        w.beginObject();
        w.name("jobname").value(r.jobName());
        w.name("groupid").value(r.groupId());
        w.name("error").value(r.error());
        w.name("eta").value(0);
        w.name("elapsed").value((r.runtimeMillis() + 999) / 1000);
        w.name("job options");
        options(w, r.options());
        for (final String direction : DIRECTIONS)
        {
            w.name(direction);
            final FioDirectionResult dir = direction.equals("read") ? r.read()
                : direction.equals("write") ? r.write() : null;
            direction(w, dir, r);
        }
        w.name("job_runtime").value(r.runtimeMillis());
        w.name("usr_cpu").value(0.0);
        w.name("sys_cpu").value(0.0);
        w.name("ctx").value(0);
        w.name("majf").value(0);
        w.name("minf").value(0);
        final Histogram all = r.read().clatHistogram();
        all.add(r.write().clatHistogram());
        latencyBuckets(w, "latency_ns", all, 1, false);
        latencyBuckets(w, "latency_us", all, 1000, false);
        latencyBuckets(w, "latency_ms", all, 1_000_000, true);
        w.name("dmsnap").beginObject();
        w.name("model").value("closed loop, no coordinated-omission correction, requests in flight = jobs x iodepth");
        w.name("notes").beginArray();
        for (final String note : r.notes())
        {
            w.value(note);
        }
        w.endArray();
        if (r.errorMessage() != null)
        {
            w.name("error_message").value(r.errorMessage());
        }
        w.name("verify_failures").value(r.verifyFailures());
        if (r.verifyMessage() != null)
        {
            w.name("verify_message").value(r.verifyMessage());
        }
        w.name("verified_blocks").value(r.verifiedBlocks());
        w.name("iops_timeline").beginArray();
        final long[] millis = r.timelineMillis();
        final double[] iops = r.timelineIops();
        for (int i = 0; i < millis.length; i++)
        {
            w.beginObject().name("time_ms").value(millis[i]).name("iops").value(iops[i]).endObject();
        }
        w.endArray();
        w.endObject();
        w.endObject();
    }

    /** A direction object; {@code dir == null} writes the zeros of a direction without I/O (trim). */
    private static void direction(final JsonWriter w, final FioDirectionResult dir, final FioResult r)
    {
        final boolean any = dir != null && dir.ios() > 0;
        w.beginObject();
        w.name("io_bytes").value(any ? dir.ioBytes() : 0);
        w.name("io_kbytes").value(any ? dir.ioBytes() / 1024 : 0);
        w.name("bw_bytes").value(any ? dir.bwBytes() : 0);
        w.name("bw").value(any ? dir.bwKib() : 0);
        w.name("iops").value(any ? dir.iops() : 0.0);
        w.name("runtime").value(any ? dir.runtimeMillis() : 0);
        w.name("total_ios").value(any ? dir.ios() : 0);
        w.name("short_ios").value(0);
        w.name("drop_ios").value(0);
        w.name("slat_ns");
        latency(w, null, false);
        w.name("clat_ns");
        latency(w, any ? dir : null, true);
        w.name("lat_ns");
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
        w.name("bw_min").value(n == 0 ? 0 : (long) (min * kib));
        w.name("bw_max").value(n == 0 ? 0 : (long) (max * kib));
        w.name("bw_agg").value(any ? 100.0 : 0.0);
        w.name("bw_mean").value(mean * kib);
        w.name("bw_dev").value(sd * kib);
        w.name("bw_samples").value(n);
        w.name("iops_min").value(n == 0 ? 0 : (long) min);
        w.name("iops_max").value(n == 0 ? 0 : (long) max);
        w.name("iops_mean").value(mean);
        w.name("iops_stddev").value(sd);
        w.name("iops_samples").value(n);
        w.endObject();
    }

    private static void latency(final JsonWriter w, final FioDirectionResult dir, final boolean percentiles)
    {
        w.beginObject();
        w.name("min").value(dir == null ? 0 : dir.clatMin());
        w.name("max").value(dir == null ? 0 : dir.clatMax());
        w.name("mean").value(dir == null ? 0.0 : dir.clatMean());
        w.name("stddev").value(dir == null ? 0.0 : dir.clatStdev());
        w.name("N").value(dir == null ? 0 : dir.ios());
        if (percentiles && dir != null)
        {
            w.name("percentile").beginObject();
            for (final double p : FioDirectionResult.PERCENTILES)
            {
                w.name(percentileKey(p)).value(dir.clatPercentile(p));
            }
            w.endObject();
        }
        w.endObject();
    }

    /** Options as strings, the way fio writes them (a bare flag has the empty string). */
    private static void options(final JsonWriter w, final Map<String, String> options)
    {
        w.beginObject();
        for (final Map.Entry<String, String> e : options.entrySet())
        {
            if (!e.getKey().equals("name"))
            {
                w.name(e.getKey()).value(e.getValue());
            }
        }
        w.endObject();
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
    private static void latencyBuckets(final JsonWriter w, final String name, final Histogram h, final long unit,
                                       final boolean withTail)
    {
        final long total = h.getTotalCount();
        w.name(name).beginObject();
        long below = unit == 1 ? 0 : atOrBelow(h, unit);   // the previous map's last bucket ends at 1000 of it
        for (final long bound : LATENCY_BOUNDS)
        {
            final long upTo = atOrBelow(h, bound * unit);
            w.name(Long.toString(bound)).value(percent(upTo - below, total));
            below = upTo;
        }
        if (withTail)
        {
            final long upTo = atOrBelow(h, 2000 * unit);
            w.name("2000").value(percent(upTo - below, total));
            w.name(">=2000").value(percent(total - upTo, total));
        }
        w.endObject();
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
