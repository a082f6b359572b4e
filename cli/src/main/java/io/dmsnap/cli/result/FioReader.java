package io.dmsnap.cli.result;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads fio's JSON output ({@code --output-format=json} or {@code json+}) of fio 3.x and of
 * {@code dmsnap fio}, which writes the same shape.
 *
 * <p>Rows: one benchmark per entry of {@code jobs} (a job's worker, or with group_reporting a
 * whole group), named by {@code jobname}, mode {@value RowKey#FIO_MODE}. Threads: the job's
 * {@code numjobs} when the name occurs once (a group), 1 when each worker has an entry of its own;
 * those entries get the parameter {@code clone} = 0, 1, ... in document order to stay apart.
 * Parameters: the global options with the job's options over them, without {@code name},
 * {@code numjobs} (that is the thread count), {@code group_reporting}, file places and log options
 * ({@link #NOT_PARAMETERS}, and every option starting with {@code write_} or {@code log_}), whose
 * values change from run to run, or between fio and dmsnap fio, without changing the workload. For each direction ({@code read}, {@code write}, {@code trim})
 * that did I/O ({@code total_ios > 0}):
 * <ul>
 *   <li>{@code <dir>.iops} in {@code ops/s}, higher is better;</li>
 *   <li>{@code <dir>.bw} in {@code B/s} (from {@code bw_bytes}), higher is better;</li>
 *   <li>{@code <dir>.clat.mean}, {@code <dir>.lat.mean} in {@code ns}, lower is better;</li>
 *   <li>{@code <dir>.clat.p<P>} for each completion latency percentile fio reports
 *       ({@code write.clat.p99.9}), and {@code <dir>.lat.p<P>} when fio ran with
 *       {@code lat_percentiles=1}, in {@code ns}, lower is better.</li>
 * </ul>
 * Each row has one replicate, {@code run}, with one sample: fio reports one value per run, so
 * replicates come from a directory of runs.
 *
 * <p>A job that failed ({@code error} not 0) makes the file unreadable: its numbers measure a
 * broken run. Environment: {@code fio version} as the tool, and the start time (the earliest
 * {@code job_start} where fio writes it, else the time of the report, {@code timestamp_ms}).
 */
final class FioReader
{
    /**
     * Job options that are not parameters of the workload: the name and worker count (the row's
     * benchmark and threads), how results are reported (group_reporting shows in the thread count),
     * places and logs, and the engine statistics dmsnap fio reports among the options.
     */
    static final Set<String> NOT_PARAMETERS = Set.of("name", "numjobs", "group_reporting", "filename", "directory",
        "filename_format", "opendir", "output", "per_job_logs", "dmsnap_engine_stats");
    private static final String[] DIRECTIONS = {"read", "write", "trim"};

    private FioReader()
    {
    }

    static SourceContent read(final JsonCursor root)
    {
        if (root.has("client_stats") && !root.has("jobs"))
        {
            throw root.error("fio client/server output (client_stats) is not supported; run fio locally");
        }
        final String version = root.get("fio version").string();
        final Map<String, String> globals = root.optional("global options").map(FioReader::options).orElse(Map.of());
        final List<JsonCursor> jobs = root.get("jobs").elements();
        if (jobs.isEmpty())
        {
            throw root.get("jobs").error("empty: fio ran no job");
        }
        final Map<String, Integer> nameCount = new HashMap<>();
        for (final JsonCursor job : jobs)
        {
            nameCount.merge(job.get("jobname").string(), 1, Integer::sum);
        }
        final Map<String, Integer> clones = new HashMap<>();
        final Map<RowKey, Measurement> rows = new LinkedHashMap<>();
        Optional<Instant> start = Optional.empty();
        for (final JsonCursor job : jobs)
        {
            final String name = job.get("jobname").string();
            if (name.isBlank())
            {
                throw job.get("jobname").error("a blank job name");
            }
            final long error = job.get("error").integer();
            if (error != 0)
            {
                throw job.error("job '" + name + "' failed with error " + error + ": its numbers do not measure a run");
            }
            final Map<String, String> options = new TreeMap<>(globals);
            options.putAll(options(job.get("job options")));
            final int numjobs = numjobs(job, options.get("numjobs"));
            final Map<String, String> params = new TreeMap<>();
            for (final Map.Entry<String, String> o : options.entrySet())
            {
                if (isParameter(o.getKey()))
                {
                    params.put(o.getKey(), o.getValue());
                }
            }
            int threads = numjobs;
            if (nameCount.get(name) > 1)
            {
                params.put("clone", Integer.toString(clones.merge(name, 1, Integer::sum) - 1));
                threads = 1;
            }
            final RowKey base = new RowKey(name, RowKey.FIO_MODE, threads, new TreeMap<>(params), RowKey.PRIMARY);
            boolean anyIo = false;
            for (final String direction : DIRECTIONS)
            {
                final Optional<JsonCursor> dir = job.optional(direction);
                if (dir.isPresent() && dir.get().get("total_ios").integer() > 0)
                {
                    anyIo = true;
                    direction(rows, base, direction, dir.get());
                }
            }
            if (!anyIo)
            {
                throw job.error("job '" + name + "' did no I/O in any direction: nothing was measured");
            }
            final Optional<JsonCursor> jobStart = job.optional("job_start");
            if (jobStart.isPresent() && jobStart.get().integer() > 0)
            {
                final Instant t = Instant.ofEpochMilli(jobStart.get().integer());
                start = start.isEmpty() || t.isBefore(start.get()) ? Optional.of(t) : start;
            }
        }
        if (start.isEmpty())
        {
            start = root.optional("timestamp_ms").map(t -> Instant.ofEpochMilli(t.integer()))
                .or(() -> root.optional("timestamp").map(t -> Instant.ofEpochSecond(t.integer())));
        }
        final Environment env = Environment.builder().tool(version).startTime(start.orElse(null)).build();
        return new SourceContent(env, new ArrayList<>(rows.values()));
    }

    static boolean isParameter(final String option)
    {
        return !NOT_PARAMETERS.contains(option) && !option.startsWith("write_") && !option.startsWith("log_");
    }

    private static void direction(final Map<RowKey, Measurement> rows, final RowKey base, final String direction,
                                  final JsonCursor dir)
    {
        add(rows, base, direction + ".iops", "ops/s", Direction.HIGHER_IS_BETTER, dir.get("iops"), dir.get("iops").number());
        final double bw;
        final JsonCursor bwAt;
        if (dir.has("bw_bytes"))
        {
            bwAt = dir.get("bw_bytes");
            bw = bwAt.number();
        }
        else
        {
            bwAt = dir.get("bw");
            bw = bwAt.number() * 1024;   // fio's bw is in KiB/s
        }
        add(rows, base, direction + ".bw", "B/s", Direction.HIGHER_IS_BETTER, bwAt, bw);
        latency(rows, base, direction + ".clat", dir.get("clat_ns"));
        latency(rows, base, direction + ".lat", dir.get("lat_ns"));
    }

    /** Mean and percentiles of one latency object ({@code clat_ns}, {@code lat_ns}), in ns. */
    private static void latency(final Map<RowKey, Measurement> rows, final RowKey base, final String prefix,
                                final JsonCursor lat)
    {
        if (lat.get("N").integer() <= 0)
        {
            return;   // not recorded (lat percentiles off, or clat disabled): no row rather than a zero
        }
        add(rows, base, prefix + ".mean", "ns", Direction.LOWER_IS_BETTER, lat.get("mean"), lat.get("mean").number());
        final Optional<JsonCursor> percentiles = lat.optional("percentile");
        if (percentiles.isPresent())
        {
            for (final Map.Entry<String, JsonCursor> p : percentiles.get().members())
            {
                add(rows, base, prefix + ".p" + percentileName(p.getKey(), p.getValue()), "ns", Direction.LOWER_IS_BETTER,
                    p.getValue(), p.getValue().number());
            }
        }
    }

    /** fio's {@code "%f"} key as a short number: {@code "99.900000"} is {@code 99.9}, {@code "50.000000"} is {@code 50}. */
    static String percentileName(final String key, final JsonCursor at)
    {
        try
        {
            final BigDecimal p = new BigDecimal(key.trim());
            if (p.signum() < 0 || p.compareTo(BigDecimal.valueOf(100)) > 0)
            {
                throw at.error("percentile " + key + " is outside 0..100");
            }
            return p.stripTrailingZeros().toPlainString();
        }
        catch (final NumberFormatException e)
        {
            throw at.error("percentile key \"" + key + "\" is not a number");
        }
    }

    private static void add(final Map<RowKey, Measurement> rows, final RowKey base, final String metric, final String unit,
                            final Direction direction, final JsonCursor at, final double value)
    {
        final Measurement m = new Measurement(base.withMetric(metric), unit, direction, List.of(Replicate.of("run", value)));
        if (rows.put(m.key(), m) != null)
        {
            throw at.error("the row " + m.key().id() + " occurs twice");
        }
    }

    private static int numjobs(final JsonCursor job, final String value)
    {
        if (value == null)
        {
            return 1;
        }
        try
        {
            final int n = Integer.parseInt(value.trim());
            if (n >= 1)
            {
                return n;
            }
        }
        catch (final NumberFormatException e)
        {
            // reported below
        }
        throw job.error("numjobs=" + value + " is not a positive integer");
    }

    /** An options object: every value a string, as fio writes them. */
    private static Map<String, String> options(final JsonCursor object)
    {
        final Map<String, String> options = new LinkedHashMap<>();
        for (final Map.Entry<String, JsonCursor> e : object.members())
        {
            options.put(e.getKey(), e.getValue().string());
        }
        return options;
    }
}
