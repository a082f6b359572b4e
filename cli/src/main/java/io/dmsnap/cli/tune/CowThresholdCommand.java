package io.dmsnap.cli.tune;

import io.dmsnap.bench.writeback.WritebackSettings;
import io.dmsnap.cli.common.EngineOptions;
import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.common.IoReason;
import io.dmsnap.cli.common.Json;
import io.dmsnap.cli.report.Charts;
import io.dmsnap.cli.result.EngineSetup;
import io.dmsnap.cli.result.Environment;
import io.dmsnap.cli.result.EnvironmentCapture;
import io.dmsnap.cli.result.ResultPaths;
import io.dmsnap.engine.block.DeviceProfile;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.ModuleParameter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code dmsnap tune cow_threshold}: runs a workload on fresh stacks at each value of
 * {@code snapshot_cow_threshold} (and each chunk size), a few times each, and recommends the
 * smallest value that keeps the throughput and the tail latency (docs/tuning.md).
 *
 * <p>Workloads: {@code writeback} (the default, the seed's: dmtest's many_snapshots_of_same_volume,
 * 8 snapshots written through a modelled page cache), {@code origin-randwrite} and
 * {@code snapshot-randwrite} (fio, closed loop).
 *
 * <p>Output: the table and the recommendation on stdout, progress with the time left on stderr;
 * {@code --json}, {@code --csv}, {@code --charts DIR} (PNG), {@code --html}; a result file for
 * compare and history unless {@code --no-result}. {@code --live} adds one long run that changes the
 * threshold while I/O runs.
 *
 * <p>Exit codes: 0 done, 1 a sample failed (an I/O error, an invalid snapshot, a stall), 2 bad arguments.
 */
@Command(name = "cow_threshold", aliases = {"cow-threshold", "snapshot_cow_threshold"},
    description = {"Sweep snapshot_cow_threshold on a modelled workload and recommend the smallest value that keeps "
        + "throughput and p99 latency (docs/tuning.md).",
        "Default: the seed's workload (8 snapshots of a 1 GiB origin, 4 KiB chunks, 256 MiB written through a page cache "
            + "in 4 MiB records) on sata-ssd devices, the values unlimited,0,1,2,4,...,65536, 3 repeats. "
            + "It prints its expected time before it starts (a calibration run), progress with the time left on stderr, "
            + "and writes a result file for compare and history."})
public final class CowThresholdCommand implements Callable<Integer>
{
    static final String DEFAULT_PROFILE = "sata-ssd";
    static final long DEFAULT_AMOUNT = 256L << 20;
    static final long DEFAULT_ORIGIN = 1L << 30;
    static final int DEFAULT_REPEATS = 3;
    static final int QUICK_REPEATS = 2;
    /** The largest amount --quick uses. */
    static final long QUICK_MAX_AMOUNT = 64L << 20;
    static final long QUICK_MIN_AMOUNT = 1L << 20;
    /** --quick sizes its amount so that its samples are expected to take at most this long in all. */
    static final double QUICK_BUDGET_SECONDS = 360;
    static final long DEFAULT_STEP_NANOS = 10_000_000_000L;
    static final long QUICK_STEP_NANOS = 4_000_000_000L;
    /** Calibration samples write this fraction of the amount (at least {@link #QUICK_MIN_AMOUNT}). */
    static final int CALIBRATION_DIVISOR = 16;

    @Spec
    private CommandSpec spec;

    @Mixin
    private EngineOptions engine;

    @Option(names = "--workload", paramLabel = "NAME", defaultValue = WritebackTuneWorkload.NAME,
        description = "writeback (the seed's: N snapshots, buffered writes through a page cache, open loop), "
            + "origin-randwrite or snapshot-randwrite (fio, closed loop). Default: ${DEFAULT-VALUE}.")
    private String workload;

    @Option(names = "--values", paramLabel = "LIST",
        description = "Thresholds to sweep, comma-separated: numbers 0..2147483647 and unlimited (no throttle, the NONE "
            + "variant). Default: unlimited,0,1,2,4,...,65536 (--quick: unlimited,0,1,4,16,64,256,1024,2048,8192).")
    private String values;

    @Option(names = "--repeat", paramLabel = "N",
        description = "Samples per value, each on a fresh stack; figures are medians. Default: 3 (--quick: 2).")
    private Integer repeat;

    @Option(names = "--quick",
        description = "A sweep that finishes within 10 minutes on 2 cores: 10 values (unlimited,0,1,4,16,64,256,1024,2048,"
            + "8192), 2 repeats, and the largest amount from 1 MiB to 64 MiB (the dirty limit half of it) whose samples "
            + "two calibration runs expect to take at most 6 minutes in all; --live steps last 4 s.")
    private boolean quick;

    @Option(names = "--amount", paramLabel = "SIZE",
        description = "Bytes each sample writes (the seed's metric is the time this takes). Default: 256m.")
    private String amount;

    @Option(names = "--duration", paramLabel = "TIME", description = "Write for this long per sample instead of an amount "
        + "(e.g. 30s, 2m).")
    private String duration;

    @Option(names = "--chunk-size", paramLabel = "LIST", defaultValue = "4k",
        description = "Snapshot chunk sizes, comma-separated; several make a second dimension (heat map). "
            + "Default: ${DEFAULT-VALUE} (dmtest's).")
    private String chunkSizes;

    @Option(names = "--snapshots", paramLabel = "N",
        description = "Snapshots of the origin. Default: 8 for writeback (the seed's), 1 for the fio workloads.")
    private Integer snapshots;

    @Option(names = "--origin-size", paramLabel = "SIZE", defaultValue = "1g",
        description = "Size of the origin (dmtest: 1g). Default: ${DEFAULT-VALUE}.")
    private String originSize;

    @Option(names = "--store", paramLabel = "STORE", defaultValue = "N",
        description = "Exception store: N (transient, the seed's), P or PO (persistent). Default: ${DEFAULT-VALUE}.")
    private String store;

    @Option(names = "--origin-profile", paramLabel = "PROFILE", defaultValue = DEFAULT_PROFILE,
        description = "Timing of the origin's data device: null, nvme, sata-ssd, hdd, or fields such as "
            + "latency=80us,bw=500MB/s,qd=32 (docs/devices.md). Default: ${DEFAULT-VALUE}.")
    private String originProfile;

    @Option(names = "--cow-profile", paramLabel = "PROFILE", defaultValue = DEFAULT_PROFILE,
        description = "Timing of every COW device, same forms. Default: ${DEFAULT-VALUE}.")
    private String cowProfile;

    @Option(names = "--dirty-limit", paramLabel = "SIZE",
        description = "writeback: dirty plus writeback bytes at which the writer waits (vm.dirty_bytes). "
            + "Default: half the amount (256m for --duration).")
    private String dirtyLimit;

    @Option(names = "--dirty-background", paramLabel = "SIZE",
        description = "writeback: dirty bytes above which the flusher writes back (vm.dirty_background_bytes). "
            + "Default: half the dirty limit.")
    private String dirtyBackground;

    @Option(names = "--record-size", paramLabel = "SIZE",
        description = "writeback: bytes per buffered write (dt's bs). Default: 4m.")
    private String recordSize;

    @Option(names = "--burst", paramLabel = "SIZE",
        description = "writeback: write in bursts of this many bytes, with --burst-gap between them.")
    private String burst;

    @Option(names = "--burst-gap", paramLabel = "TIME", description = "writeback: pause between bursts. Default: 1s.")
    private String burstGap;

    @Option(names = "--seed", paramLabel = "N", description = "writeback: seed of the record offsets. Default: 1234 "
        + "(dmtest's rseed).")
    private Long seed;

    @Option(names = "--workers", paramLabel = "N", description = "fio workloads: workers (numjobs). Default: 1.")
    private Integer workers;

    @Option(names = "--iodepth", paramLabel = "N", description = "fio workloads: writes in flight per worker. Default: 8.")
    private Integer iodepth;

    @Option(names = "--bs", paramLabel = "SIZE", description = "fio workloads: block size. Default: 4k.")
    private String blockSize;

    @Option(names = "--throughput-tolerance", paramLabel = "PCT", defaultValue = "5%",
        description = "A value keeps the throughput when its median IOPS is within this of the best. "
            + "Default: ${DEFAULT-VALUE}.")
    private String throughputTolerance;

    @Option(names = "--latency-tolerance", paramLabel = "PCT", defaultValue = "25%",
        description = "A value keeps the tail latency when its median p99 is within this above the best p99 among the "
            + "values that keep the throughput. Default: ${DEFAULT-VALUE}.")
    private String latencyTolerance;

    @Option(names = "--live", description = "After the sweep, one long run that writes the threshold while I/O runs, "
        + "stepping through the values (first chunk size): how fast the copies in flight follow a change.")
    private boolean live;

    @Option(names = "--step", paramLabel = "TIME", description = "--live: length of each step. Default: 10s (--quick: 4s).")
    private String step;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON: rows (one per value) and "
        + "recommended.")
    private Path jsonFile;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write one CSV line per chunk size and value (medians).")
    private Path csvFile;

    @Option(names = "--charts", paramLabel = "DIR", description = "Write the charts as PNG files into DIR.")
    private Path chartsDir;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML page with the charts.")
    private Path htmlFile;

    @Option(names = "--result", paramLabel = "FILE",
        description = "Write the result file (dmsnap-result/1) to FILE. Default: results/tune-<date>-<commit>.json.")
    private Path resultFile;

    @Option(names = "--no-result", description = "Write no result file.")
    private boolean noResult;

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Settings s = settings();
        final Instant start = Instant.now();
        final Environment environment = noResult ? Environment.UNKNOWN : EnvironmentCapture.capture(start);
        final Path result = noResult ? null : resultFile != null ? resultFile
            : ResultPaths.runFile(ResultPaths.defaultResultsDir(Path.of("").toAbsolutePath()), "tune", start,
                environment.gitCommit());
        for (final Path file : new Path[] {result, jsonFile, csvFile, htmlFile})
        {
            prepareFolder(file);
        }
        if (chartsDir != null)
        {
            prepare(chartsDir);
        }
        err.println("tune: " + s.workload.describe());
        err.flush();
        try
        {
            TuneWorkload w = s.workload;
            final Map<Threshold, Double> upFront = new LinkedHashMap<>();
            if (quick && amount == null && duration == null)
            {
                w = quickAmount(w, s, upFront, err);
            }
            else
            {
                estimate(w, s, upFront, err);
            }
            final SweepPlan plan = new SweepPlan(w, s.base, s.chunks, s.values, s.repeats);
            final SweepResult sweep = new SweepRunner(err).run(plan, upFront);
            final LiveResult liveResult = live
                ? new LiveRunner(err).run(w, s.base, s.chunks.get(0), s.values, s.stepNanos) : null;
            final Map<String, Object> settingsShown = shownSettings(w, s);
            final TuneReport report = new TuneReport(sweep, s.advisor, liveResult, settingsShown);
            report.printText(out, "dmsnap tune cow_threshold: " + w.describe());
            writeOutputs(report, settingsShown, err);
            if (result != null)
            {
                TuneResultFile.write(result, sweep, workloadParams(w, s), environment, engineSetup(s.base),
                    arguments(), report.json());
                err.println("Result file: " + result);
            }
            err.flush();
            return ExitCodes.OK;
        }
        catch (final SampleFailedException e)
        {
            err.println("dmsnap tune: " + e.getMessage());
            err.println("dmsnap tune: no result: a sample failed, so the sweep measured nothing comparable");
            err.flush();
            return ExitCodes.FAILED;
        }
    }

    // ------------------------------------------------------------------------------------------ options

    /** Everything the options ask for, checked. */
    record Settings(TuneWorkload workload, EngineConfig base, List<Long> chunks, List<Threshold> values, int repeats,
                    ThresholdAdvisor advisor, long stepNanos, StackSettings stack)
    {
    }

    Settings settings()
    {
        if (resultFile != null && noResult)
        {
            throw new IllegalArgumentException("--result and --no-result exclude each other");
        }
        final String name = workload.toLowerCase(Locale.ROOT);
        final boolean writeback = name.equals(WritebackTuneWorkload.NAME);
        final boolean fio = name.equals(FioTuneWorkload.ORIGIN) || name.equals(FioTuneWorkload.SNAPSHOT);
        if (!writeback && !fio)
        {
            throw new IllegalArgumentException("unknown workload '" + workload + "'; valid workloads: writeback, "
                + "origin-randwrite, snapshot-randwrite");
        }
        refuseOthers(writeback);
        final EngineConfig base = baseConfig();
        final List<Threshold> vs = values != null ? Threshold.parseList(values)
            : quick ? Threshold.quickSweep() : Threshold.defaultSweep();
        final int repeats = repeat != null ? repeat : quick ? QUICK_REPEATS : DEFAULT_REPEATS;
        if (repeats < 1)
        {
            throw new IllegalArgumentException("bad value for --repeat: " + repeats + ": at least 1 sample per value");
        }
        final List<Long> chunks = TuneValues.chunkSizes(chunkSizes);
        final ThresholdAdvisor advisor = new ThresholdAdvisor(
            TuneValues.percent("--throughput-tolerance", throughputTolerance, 99),
            TuneValues.percent("--latency-tolerance", latencyTolerance, 10_000));
        if (amount != null && duration != null)
        {
            throw new IllegalArgumentException("--amount and --duration exclude each other: write an amount or for a time");
        }
        final long amountBytes = duration != null ? 0 : amount != null ? TuneValues.pages("--amount", amount)
            : DEFAULT_AMOUNT;
        final long durationNanos = duration != null ? TuneValues.durationNanos("--duration", duration) : 0;
        final long originBytes = TuneValues.pages("--origin-size", originSize);
        final String st = store.toUpperCase(Locale.ROOT);
        if (!st.equals("N") && !st.equals("P") && !st.equals("PO"))
        {
            throw new IllegalArgumentException("bad value for --store: '" + store + "': expected N, P or PO");
        }
        final int n = snapshots != null ? snapshots : writeback ? 8 : 1;
        if (n < 1 || n > 64)
        {
            throw new IllegalArgumentException("bad value for --snapshots: " + n + ": expected 1 to 64");
        }
        final StackSettings stack = new StackSettings(originBytes, n, st, profile("--origin-profile", originProfile),
            profile("--cow-profile", cowProfile));
        final long stepNanos = step != null ? TuneValues.durationNanos("--step", step)
            : quick ? QUICK_STEP_NANOS : DEFAULT_STEP_NANOS;
        if (step != null && !live)
        {
            throw new IllegalArgumentException("--step is the length of a --live step; give --live too");
        }
        final TuneWorkload w = writeback ? writeback(stack, amountBytes, durationNanos)
            : fio(stack, name.equals(FioTuneWorkload.ORIGIN) ? "origin" : "snapshot", amountBytes, durationNanos);
        return new Settings(w, base, chunks, vs, repeats, advisor, stepNanos, stack);
    }

    private void refuseOthers(final boolean writeback)
    {
        final Map<String, Object> writebackOnly = new LinkedHashMap<>();
        writebackOnly.put("--dirty-limit", dirtyLimit);
        writebackOnly.put("--dirty-background", dirtyBackground);
        writebackOnly.put("--record-size", recordSize);
        writebackOnly.put("--burst", burst);
        writebackOnly.put("--burst-gap", burstGap);
        writebackOnly.put("--seed", seed);
        final Map<String, Object> fioOnly = new LinkedHashMap<>();
        fioOnly.put("--workers", workers);
        fioOnly.put("--iodepth", iodepth);
        fioOnly.put("--bs", blockSize);
        for (final Map.Entry<String, Object> e : (writeback ? fioOnly : writebackOnly).entrySet())
        {
            if (e.getValue() != null)
            {
                throw new IllegalArgumentException(e.getKey() + " applies to the " + (writeback
                    ? "fio workloads (origin-randwrite, snapshot-randwrite)" : "writeback workload")
                    + ", not to --workload " + workload);
            }
        }
        if (burstGap != null && burst == null)
        {
            throw new IllegalArgumentException("--burst-gap needs --burst (the size of each burst)");
        }
    }

    /** The engine every point starts from; the sweep sets the throttle and the threshold itself. */
    private EngineConfig baseConfig()
    {
        for (final String o : engine.overrides())
        {
            final String key = o.contains("=") ? o.substring(0, o.indexOf('=')).trim() : o.trim();
            if (ModuleParameter.COW_THRESHOLD.matches(key) || key.equalsIgnoreCase("throttle"))
            {
                throw new IllegalArgumentException("--set " + o + ": tune sets the throttle and snapshot_cow_threshold "
                    + "itself (unlimited = throttle NONE, numbers = IN_PROGRESS at that value); choose them with --values");
            }
        }
        if (engine.label().contains("+cowThreshold="))
        {
            throw new IllegalArgumentException("--cow-threshold sets one value; tune sweeps the values of --values");
        }
        return engine.config();
    }

    private static DeviceProfile profile(final String option, final String value)
    {
        try
        {
            return DeviceProfile.parse(value);
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException("bad value for " + option + ": '" + value + "': " + e.getMessage(), e);
        }
    }

    private TuneWorkload writeback(final StackSettings stack, final long amountBytes, final long durationNanos)
    {
        final long record = recordSize != null ? TuneValues.pages("--record-size", recordSize)
            : WritebackSettings.DT_RECORD_BYTES;
        final long limit = dirtyLimit != null ? TuneValues.pages("--dirty-limit", dirtyLimit)
            : amountBytes > 0 ? Math.max(8192, amountBytes / 2 / 4096 * 4096) : 256L << 20;
        final long background = dirtyBackground != null ? TuneValues.pages("--dirty-background", dirtyBackground)
            : limit / 2 / 4096 * 4096;
        if (background >= limit)
        {
            throw new IllegalArgumentException("--dirty-background " + Units.size(background) + " must be below the dirty "
                + "limit " + Units.size(limit));
        }
        final long burstBytes = burst != null ? TuneValues.pages("--burst", burst) : 0;
        final long gap = burst == null ? 0 : burstGap != null ? TuneValues.durationNanos("--burst-gap", burstGap)
            : 1_000_000_000L;
        final long recordBytes = amountBytes > 0 ? Math.min(record, amountBytes) : record;
        final WritebackSettings ws = new WritebackSettings(recordBytes, amountBytes, durationNanos, limit, background,
            burstBytes, gap, seed != null ? seed : WritebackSettings.DT_SEED);
        return new WritebackTuneWorkload(stack, ws);
    }

    private TuneWorkload fio(final StackSettings stack, final String target, final long amountBytes,
                             final long durationNanos)
    {
        final long bs = blockSize != null ? TuneValues.size("--bs", blockSize) : 4096;
        if (bs % 512 != 0 || bs > (64L << 20))
        {
            throw new IllegalArgumentException("bad value for --bs: '" + blockSize + "': a multiple of 512 bytes up to 64m");
        }
        return new FioTuneWorkload(stack, target, workers != null ? workers : 1, iodepth != null ? iodepth : 8, (int) bs,
            amountBytes, durationNanos);
    }

    // ------------------------------------------------------------------------------------------ calibration

    /**
     * {@code --quick}'s amount: after a run that warms the JIT up, the two calibration samples of
     * {@link #calibrate} on {@value #QUICK_MIN_AMOUNT} bytes; then the largest power of two from 1 MiB
     * to 64 MiB whose whole sweep is expected to take at most {@value #QUICK_BUDGET_SECONDS} s.
     */
    private TuneWorkload quickAmount(final TuneWorkload w, final Settings s, final Map<Threshold, Double> upFront,
                                     final PrintWriter err) throws InterruptedException
    {
        final TuneWorkload probe = w.withAmount(QUICK_MIN_AMOUNT);
        final List<Threshold> sorted = sorted(s.values);
        probe.run(sorted.get(sorted.size() - 1).configure(s.base), SweepPlan.sectors(s.chunks.get(0)),
            TuneWorkload.Progress.NONE);   // the first run of a JVM is the slowest: this one only warms it up
        final Map<Threshold, Double> perByte = calibrate(probe, s, err);
        double sweepPerByte = 0;
        for (final double v : perByte.values())
        {
            sweepPerByte += v * s.chunks.size() * s.repeats;
        }
        long chosen = QUICK_MIN_AMOUNT;
        while (chosen * 2 <= QUICK_MAX_AMOUNT && chosen * 2 * sweepPerByte <= QUICK_BUDGET_SECONDS)
        {
            chosen *= 2;
        }
        for (final Map.Entry<Threshold, Double> e : perByte.entrySet())
        {
            upFront.put(e.getKey(), e.getValue() * chosen);
        }
        err.println("tune: --quick: each sample writes " + Units.size(chosen) + "; " + s.chunks.size() * s.values.size()
            * s.repeats + " samples: expected about " + Units.duration(sweepPerByte * chosen) + liveNote(s));
        err.flush();
        return w.withAmount(chosen);
    }

    /**
     * The time the sweep is expected to take, printed before it starts. Timed runs: samples x
     * duration. Amounts: the two samples of {@link #calibrate} on a sixteenth of the amount.
     */
    private void estimate(final TuneWorkload w, final Settings s, final Map<Threshold, Double> upFront,
                          final PrintWriter err) throws InterruptedException
    {
        final int samples = s.chunks.size() * s.values.size() * s.repeats;
        if (w.amountBytes() == 0)
        {
            final double each = durationSeconds();
            err.println("tune: " + samples + " samples of " + Units.duration(each) + " each: expected about "
                + Units.duration(samples * each) + " plus the final writeback of each" + liveNote(s));
            err.flush();
            return;
        }
        final long calBytes = Math.max(QUICK_MIN_AMOUNT, w.amountBytes() / CALIBRATION_DIVISOR / 4096 * 4096);
        final Map<Threshold, Double> perByte = calibrate(w.withAmount(Math.min(calBytes, w.amountBytes())), s, err);
        double total = 0;
        for (final Map.Entry<Threshold, Double> e : perByte.entrySet())
        {
            final double each = e.getValue() * w.amountBytes();
            upFront.put(e.getKey(), each);
            total += each * s.chunks.size() * s.repeats;
        }
        err.println("tune: " + samples + " sample" + (samples == 1 ? "" : "s") + " of " + Units.size(w.amountBytes())
            + ": expected about "
            + Units.duration(total) + liveNote(s));
        err.flush();
    }

    /**
     * Seconds per byte of every value, from two samples of {@code probe}: at the smallest and at the
     * largest value of the sweep (usually the slowest and nearly the fastest). Each value is expected
     * to cost what the nearer of the two on the log axis did.
     */
    private static Map<Threshold, Double> calibrate(final TuneWorkload probe, final Settings s, final PrintWriter err)
        throws InterruptedException
    {
        final List<Threshold> sorted = sorted(s.values);
        final Threshold low = sorted.get(0);
        final Threshold high = sorted.get(sorted.size() - 1);
        final int sectors = SweepPlan.sectors(s.chunks.get(0));
        final double bytes = Math.max(1, probe.amountBytes());
        final double lowSeconds = probe.run(low.configure(s.base), sectors, TuneWorkload.Progress.NONE).seconds();
        final double highSeconds = low.equals(high) ? lowSeconds
            : probe.run(high.configure(s.base), sectors, TuneWorkload.Progress.NONE).seconds();
        final int largest = Math.max(1, sorted.stream().filter(t -> !t.unlimited()).mapToInt(Threshold::value).max()
            .orElse(1));
        final double lowX = low.axisPosition(largest);
        final double highX = high.axisPosition(largest);
        final Map<Threshold, Double> perByte = new LinkedHashMap<>();
        for (final Threshold t : s.values)
        {
            final double x = t.axisPosition(largest);
            perByte.put(t, (Math.abs(x - lowX) <= Math.abs(highX - x) ? lowSeconds : highSeconds) / bytes);
        }
        err.println("tune: calibration on " + Units.size(probe.amountBytes()) + ": threshold " + low.label() + " took "
            + Units.duration(lowSeconds) + (low.equals(high) ? "" : ", threshold " + high.label() + " "
            + Units.duration(highSeconds)));
        err.flush();
        return perByte;
    }

    private static List<Threshold> sorted(final List<Threshold> values)
    {
        final List<Threshold> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted;
    }

    private double durationSeconds()
    {
        return TuneValues.durationNanos("--duration", duration) / 1e9;
    }

    private String liveNote(final Settings s)
    {
        return live ? ", then a live run of " + Units.duration(s.values.size() * s.stepNanos / 1e9) : "";
    }

    // ------------------------------------------------------------------------------------------ outputs

    private static void prepareFolder(final Path file)
    {
        if (file != null && file.toAbsolutePath().getParent() != null)
        {
            prepare(file.toAbsolutePath().getParent());
        }
    }

    /** Fail on an unusable folder now, not after the sweep. */
    private static void prepare(final Path dir)
    {
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException("cannot create the folder " + dir + ": " + IoReason.of(e));
        }
    }

    private void writeOutputs(final TuneReport report, final Map<String, Object> settingsShown, final PrintWriter err)
        throws IOException
    {
        if (jsonFile != null)
        {
            writeText(jsonFile, Json.MAPPER.writeValueAsString(report.json()) + "\n");
            err.println("JSON: " + jsonFile);
        }
        if (csvFile != null)
        {
            writeText(csvFile, report.csv());
            err.println("CSV: " + csvFile);
        }
        if (chartsDir != null)
        {
            final SweepResult r = report.result();
            Charts.writePng(TuneCharts.throughput(r, report.byChunk()), chartsDir.resolve("cow_threshold-throughput.png"));
            Charts.writePng(TuneCharts.p99(r, report.byChunk()), chartsDir.resolve("cow_threshold-p99.png"));
            Charts.writePng(TuneCharts.memory(r, report.byChunk()), chartsDir.resolve("cow_threshold-memory.png"));
            if (r.plan().chunkBytes().size() > 1)
            {
                Charts.writePng(TuneCharts.heatMap(r), chartsDir.resolve("cow_threshold-heatmap.png"));
            }
            if (report.live().isPresent())
            {
                Charts.writePng(TuneCharts.liveInflight(report.live().get()), chartsDir.resolve("cow_threshold-live-inflight.png"));
                Charts.writePng(TuneCharts.liveThroughput(report.live().get()),
                    chartsDir.resolve("cow_threshold-live-throughput.png"));
            }
            err.println("Charts: " + chartsDir);
        }
        if (htmlFile != null)
        {
            TunePage.build(report, "dmsnap tune cow_threshold", arguments(), settingsShown).write(htmlFile);
            err.println("HTML: " + htmlFile);
        }
    }

    /** Written to a temporary file in the folder and moved into place. */
    private static void writeText(final Path file, final String text) throws IOException
    {
        final Path target = file.toAbsolutePath();
        final Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try
        {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        finally
        {
            Files.deleteIfExists(tmp);
        }
    }

    private List<String> arguments()
    {
        final List<String> args = new ArrayList<>();
        if (spec.commandLine().getParseResult() != null)
        {
            args.add("tune");
            args.addAll(spec.commandLine().getParseResult().originalArgs());
        }
        return args;
    }

    /** What the run was asked to do, as the JSON's settings and the page's table show it. */
    private Map<String, Object> shownSettings(final TuneWorkload w, final Settings s)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", w.name());
        m.put("preset", engine.label());
        m.put("snapshots", s.stack.snapshots());
        m.put("origin_bytes", s.stack.originBytes());
        m.put("store", s.stack.store());
        m.put("origin_profile", s.stack.originProfile().label());
        m.put("cow_profile", s.stack.cowProfile().label());
        m.put("chunk_sizes", String.join(",", s.chunks.stream().map(Units::chunk).toList()));
        m.put("values", String.join(",", s.values.stream().map(Threshold::label).toList()));
        if (w.amountBytes() > 0)
        {
            m.put("amount_bytes", w.amountBytes());
        }
        else
        {
            m.put("duration_seconds", durationSeconds());
        }
        if (w instanceof WritebackTuneWorkload wb)
        {
            m.put("record_bytes", wb.settings().recordBytes());
            m.put("dirty_limit_bytes", wb.settings().dirtyLimitBytes());
            m.put("dirty_background_bytes", wb.settings().backgroundBytes());
            m.put("burst_bytes", wb.settings().burstBytes());
            m.put("burst_gap_seconds", wb.settings().burstGapNanos() / 1e9);
            m.put("seed", wb.settings().seed());
        }
        else
        {
            m.put("workers", workers != null ? workers : 1);
            m.put("iodepth", iodepth != null ? iodepth : 8);
            m.put("bs", blockSize != null ? blockSize : "4k");
        }
        m.put("quick", quick);
        if (live)
        {
            m.put("live_step_seconds", s.stepNanos / 1e9);
        }
        return m;
    }

    /** The workload's settings as result-file row parameters. */
    private static Map<String, String> workloadParams(final TuneWorkload w, final Settings s)
    {
        final Map<String, String> p = new TreeMap<>();
        p.put("snapshots", Integer.toString(s.stack.snapshots()));
        p.put("store", s.stack.store());
        p.put("origin_profile", s.stack.originProfile().label());
        p.put("cow_profile", s.stack.cowProfile().label());
        p.put("origin_size", Long.toString(s.stack.originBytes()));
        if (w.amountBytes() > 0)
        {
            p.put("amount", Long.toString(w.amountBytes()));
        }
        if (w instanceof WritebackTuneWorkload wb)
        {
            p.put("record", Long.toString(wb.settings().recordBytes()));
            p.put("dirty_limit", Long.toString(wb.settings().dirtyLimitBytes()));
            p.put("dirty_background", Long.toString(wb.settings().backgroundBytes()));
            if (wb.settings().burstBytes() > 0)
            {
                p.put("burst", Long.toString(wb.settings().burstBytes()));
                p.put("burst_gap_ms", Long.toString(wb.settings().burstGapNanos() / 1_000_000));
            }
        }
        else if (w instanceof FioTuneWorkload f)
        {
            p.put("iodepth", Integer.toString(f.iodepth()));
            p.put("bs", Integer.toString(f.blockSize()));
        }
        return p;
    }

    /** The engine all points share: the preset and switches, without the two the sweep varies. */
    private EngineSetup engineSetup(final EngineConfig base)
    {
        final TreeMap<String, String> switches = new TreeMap<>(base.values());
        switches.remove("throttle");
        switches.remove(ModuleParameter.COW_THRESHOLD.key());
        return new EngineSetup(engine.presetName(), switches);
    }
}
