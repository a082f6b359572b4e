package io.dmsnap.bench.fio;

import org.HdrHistogram.Histogram;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * fio 3.33's JSON ({@code --output-format=json}) and json+ ({@code json+}: {@code clat_ns.bins}),
 * with every key fio writes for a block-device job, in fio's order: at the top
 * {@code "fio version"} (fio's form, {@value #FIO_VERSION}, so that tools that check it accept the
 * file; dmsnap's own version is under {@code "dmsnap version"}), {@code timestamp},
 * {@code timestamp_ms}, {@code time} (C's ctime form), {@code "global options"} (only when there
 * are some, as fio), {@code jobs} and {@code disk_util}; per job {@code jobname}, {@code groupid},
 * {@code error}, {@code eta}, {@code elapsed}, {@code "job options"} (name first, then the job's
 * own options), {@code read}/{@code write}/{@code trim}, {@code sync}, {@code job_runtime} (the
 * threads' runtimes summed), cpu, {@code iodepth_level/submit/complete}, {@code latency_ns/us/ms}
 * (of lat, as fio) and {@code latency_depth/target/percentile/window}. Units follow fio: bytes,
 * KiB/s for {@code bw}, ms for {@code runtime}, ns for latencies, stddev with n - 1.
 *
 * <p>Mapping: slat is the time in the device's submit (asynchronous engines; none for sync
 * engines, as fio), clat the rest, lat their sum. {@code disk_util} has one entry per device the
 * jobs ran on, from the jobs' own I/O: ios per direction, ticks = summed latencies in ms,
 * in_queue their sum, util = the time with I/O in flight bounded by the runtime (no merges). Extras
 * live under {@code "dmsnap"} per job: ignored-option notes, the device, verify counts and the
 * IOPS timeline.
 */
public final class FioJsonReport
{
    /** The fio version dmsnap's output follows. */
    public static final String FIO_VERSION = "fio-3.33";
    private static final String[] DIRECTIONS = {"read", "write", "trim"};
    /** C's ctime(): "Sun Dec  6 14:23:56 2026". */
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);
    /** Indented like fio's own output; the caller's writer stays open. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
        .build();

    private FioJsonReport()
    {
    }

    /** fio's json. */
    public static void print(final PrintWriter out, final String version, final Map<String, String> globalOptions,
                             final List<FioResult> results)
    {
        print(out, version, globalOptions, results, false);
    }

    /**
     * @param version dmsnap's version string (the {@code "dmsnap version"} value)
     * @param globalOptions fio's "global options" (empty: the key is left out, as fio does)
     * @param plus json+ (latency bins)
     */
    public static void print(final PrintWriter out, final String version, final Map<String, String> globalOptions,
                             final List<FioResult> results, final boolean plus)
    {
        final long nowMillis = System.currentTimeMillis();
        try (JsonGenerator w = MAPPER.createGenerator(out))
        {
            document(w, version, globalOptions, results, nowMillis, plus);
        }
        out.println();
        out.flush();
    }

    /** C's ctime() form of a time, in the local zone. */
    static String ctime(final long millis)
    {
        return CTIME.format(Instant.ofEpochMilli(millis).atZone(ZoneId.systemDefault()));
    }

    private static void document(final JsonGenerator w, final String version, final Map<String, String> globalOptions,
                                 final List<FioResult> results, final long nowMillis, final boolean plus)
    {
        final List<FioGroupStatus> groups = FioGroupStatus.of(results);
        w.writeStartObject();
        w.writeStringProperty("fio version", FIO_VERSION);
        w.writeStringProperty("dmsnap version", version);
        w.writeNumberProperty("timestamp", nowMillis / 1000);
        w.writeNumberProperty("timestamp_ms", nowMillis);
        w.writeStringProperty("time", ctime(nowMillis));
        if (!globalOptions.isEmpty())
        {
            w.writeName("global options");
            options(w, globalOptions);
        }
        w.writeArrayPropertyStart("jobs");
        for (final FioResult r : results)
        {
            job(w, r, FioGroupStatus.find(groups, r.groupId()), plus, nowMillis);
        }
        w.writeEndArray();
        diskUtil(w, results);
        w.writeEndObject();
    }

    private static void job(final JsonGenerator w, final FioResult r, final FioGroupStatus group, final boolean plus,
                            final long nowMillis)
    {
        final FioResult.Usage u = r.usage();
        w.writeStartObject();
        w.writeStringProperty("jobname", r.jobName());
        w.writeNumberProperty("groupid", r.groupId());
        w.writeNumberProperty("error", r.error());
        w.writeNumberProperty("eta", 0);
        w.writeNumberProperty("elapsed", u.startMillis() == 0 ? (r.runtimeMillis() + 999) / 1000
            : Math.max(1, (nowMillis - u.startMillis() + 999) / 1000));
        w.writeName("job options");
        options(w, r.job().ownOptions());
        for (int d = 0; d < DIRECTIONS.length; d++)
        {
            w.writeName(DIRECTIONS[d]);
            final FioDirectionResult dir = d == 0 ? r.read() : d == 1 ? r.write() : null;
            direction(w, dir, group, d, plus, r.job().percentiles());
        }
        // fio's sync: the flushes of fsync/fdatasync/end_fsync, their latency with percentiles.
        w.writeObjectPropertyStart("sync");
        w.writeNumberProperty("total_ios", r.syncs());
        w.writeName("lat_ns");
        latency(w, r.sync(), r.job().percentiles().list(), false);
        w.writeEndObject();
        w.writeNumberProperty("job_runtime", u.jobRuntimeMillis() == 0 ? r.runtimeMillis() : u.jobRuntimeMillis());
        fixed(w, "usr_cpu", u.userPercent());
        fixed(w, "sys_cpu", u.systemPercent());
        w.writeNumberProperty("ctx", u.contextSwitches());
        w.writeNumberProperty("majf", u.majorFaults());
        w.writeNumberProperty("minf", u.minorFaults());
        buckets(w, "iodepth_level", FioDepths.DEPTH_KEYS, u.depthLevels());
        buckets(w, "iodepth_submit", FioDepths.BATCH_KEYS, u.submitBatches());
        buckets(w, "iodepth_complete", FioDepths.BATCH_KEYS, u.completeBatches());
        final Histogram all = r.read().lat().histogram();
        all.add(r.write().lat().histogram());
        latencyBuckets(w, "latency_ns", all, 1, false);
        latencyBuckets(w, "latency_us", all, 1000, false);
        latencyBuckets(w, "latency_ms", all, 1_000_000, true);
        w.writeNumberProperty("latency_depth", r.job().iodepth());
        w.writeNumberProperty("latency_target", 0);
        fixed(w, "latency_percentile", 100.0);
        w.writeNumberProperty("latency_window", 0);
        w.writeObjectPropertyStart("dmsnap");
        w.writeStringProperty("model", "closed loop, no coordinated-omission correction, requests in flight = jobs x iodepth");
        w.writeStringProperty("device", u.device());
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

    private static void buckets(final JsonGenerator w, final String name, final String[] keys, final long[] counts)
    {
        final double[] p = FioDepths.percents(counts);
        w.writeObjectPropertyStart(name);
        for (int i = 0; i < keys.length; i++)
        {
            fixed(w, keys[i], p[i]);
        }
        w.writeEndObject();
    }

    /** A direction object; {@code dir == null} writes the zeros of a direction without I/O (trim). */
    private static void direction(final JsonGenerator w, final FioDirectionResult dir, final FioGroupStatus group,
                                  final int d, final boolean plus, final JobPercentiles percentiles)
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
        latency(w, any ? dir.slat() : null, null, false);
        w.writeName("clat_ns");
        latency(w, any ? dir.clat() : null, percentiles.clat() ? percentiles.list() : null, plus);
        w.writeName("lat_ns");
        latency(w, any ? dir.lat() : null, percentiles.lat() ? percentiles.list() : null, false);
        final IntervalStats bw = dir == null ? new IntervalStats() : dir.bwSamples();
        final IntervalStats iops = dir == null ? new IntervalStats() : dir.iopsSamples();
        w.writeNumberProperty("bw_min", (long) bw.min());
        w.writeNumberProperty("bw_max", (long) bw.max());
        fixed(w, "bw_agg", bw.samples() == 0 || d > 1 ? 0.0 : group.percentOfAggregate(d, bw.mean()));
        fixed(w, "bw_mean", bw.mean());
        fixed(w, "bw_dev", bw.stdev());
        w.writeNumberProperty("bw_samples", bw.samples());
        w.writeNumberProperty("iops_min", (long) iops.min());
        w.writeNumberProperty("iops_max", (long) iops.max());
        fixed(w, "iops_mean", iops.mean());
        fixed(w, "iops_stddev", iops.stdev());
        w.writeNumberProperty("iops_samples", iops.samples());
        w.writeEndObject();
    }

    /** One disk_util entry per device the jobs ran on (see the class comment). */
    private static void diskUtil(final JsonGenerator w, final List<FioResult> results)
    {
        final Map<String, long[]> byDevice = new LinkedHashMap<>();
        for (final FioResult r : results)
        {
            final long[] v = byDevice.computeIfAbsent(r.usage().device().isEmpty() ? "dmsnap" : r.usage().device(),
                k -> new long[5]);
            v[0] += r.read().ios();
            v[1] += r.write().ios();
            v[2] += (long) (r.read().lat().mean() * r.read().ios() / 1e6);
            v[3] += (long) (r.write().lat().mean() * r.write().ios() / 1e6);
            v[4] = Math.max(v[4], r.runtimeMillis());
        }
        w.writeArrayPropertyStart("disk_util");
        for (final Map.Entry<String, long[]> e : byDevice.entrySet())
        {
            final long[] v = e.getValue();
            w.writeStartObject();
            w.writeStringProperty("name", e.getKey());
            w.writeNumberProperty("read_ios", v[0]);
            w.writeNumberProperty("write_ios", v[1]);
            w.writeNumberProperty("read_merges", 0);
            w.writeNumberProperty("write_merges", 0);
            w.writeNumberProperty("read_ticks", v[2]);
            w.writeNumberProperty("write_ticks", v[3]);
            w.writeNumberProperty("in_queue", v[2] + v[3]);
            fixed(w, "util", v[4] == 0 ? 0 : Math.min(100.0, 100.0 * (v[2] + v[3]) / v[4]));
            w.writeEndObject();
        }
        w.writeEndArray();
    }

    /**
     * A latency object; {@code lat == null} or empty writes zeros without percentiles, as fio.
     * {@code percentiles}: those to write (the job's percentile_list), or null for none.
     */
    private static void latency(final JsonGenerator w, final FioLatency lat, final double[] percentiles,
                                final boolean bins)
    {
        final boolean any = lat != null && lat.count() > 0;
        w.writeStartObject();
        w.writeNumberProperty("min", any ? lat.min() : 0);
        w.writeNumberProperty("max", any ? lat.max() : 0);
        fixed(w, "mean", any ? lat.mean() : 0.0);
        fixed(w, "stddev", any ? lat.stdev() : 0.0);
        w.writeNumberProperty("N", any ? lat.count() : 0);
        if (percentiles != null && any)
        {
            w.writeObjectPropertyStart("percentile");
            for (final double p : percentiles)
            {
                w.writeNumberProperty(percentileKey(p), lat.percentile(p));
            }
            w.writeEndObject();
        }
        if (bins && any)
        {
            // json+: non-empty fio bins, keyed by the bin's value in ns, in ascending order.
            final long[] counts = FioLatencyBins.of(lat.histogram());
            w.writeObjectPropertyStart("bins");
            for (int i = 0; i < counts.length; i++)
            {
                if (counts[i] > 0)
                {
                    w.writeNumberProperty(Long.toString(FioLatencyBins.value(i)), counts[i]);
                }
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
            w.writeStringProperty(e.getKey(), e.getValue());
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

    /** fio's latency_ns/us/ms map (unit: 1, 1000 or 1000000 ns). */
    private static void latencyBuckets(final JsonGenerator w, final String name, final Histogram h, final long unit,
                                       final boolean withTail)
    {
        final double[] p = FioLatencyBuckets.percents(h, unit);
        w.writeObjectPropertyStart(name);
        for (int i = 0; i < p.length; i++)
        {
            fixed(w, FioLatencyBuckets.MS_LABELS[i], p[i]);
        }
        w.writeEndObject();
    }
}
