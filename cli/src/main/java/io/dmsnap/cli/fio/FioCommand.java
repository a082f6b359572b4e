package io.dmsnap.cli.fio;

import io.dmsnap.bench.fio.FioFormat;
import io.dmsnap.bench.fio.FioJob;
import io.dmsnap.bench.fio.FioJsonReport;
import io.dmsnap.bench.fio.FioProgress;
import io.dmsnap.bench.fio.FioResult;
import io.dmsnap.bench.fio.FioRunner;
import io.dmsnap.bench.fio.FioTextReport;
import io.dmsnap.bench.fio.FioValues;
import io.dmsnap.bench.fio.JobFileParser;
import io.dmsnap.bench.fio.StackFactory;
import io.dmsnap.bench.fio.TargetStack;
import io.dmsnap.cli.common.EngineOptions;
import io.dmsnap.cli.common.VersionInfo;
import io.dmsnap.engine.block.DeviceProfile;
import io.dmsnap.engine.config.EngineConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code dmsnap fio [fio options] [JOBFILE...]}: runs fio jobs against the modelled stack and
 * prints fio's human summary or fio-compatible JSON.
 *
 * <p>Any {@code --key=value} or {@code --flag} that is not one of this command's own options is
 * a fio job option, with fio's rules: options before the first {@code --name} apply to every job
 * (and to the jobs of the job files), each {@code --name=x} starts a job. Without any
 * {@code --name} and job file, the options form one job named after its rw.
 *
 * <p>Exit codes: 0 when every job succeeded, 1 when a job failed (an I/O error or a verify
 * mismatch, fio's err=), 2 for bad arguments (through the frame's error handlers).
 */
@Command(name = "fio",
    description = "Run fio jobs (fio options and/or job files) against the raw device or the snapshot stack.")
public final class FioCommand implements Callable<Integer>
{
    /** Exit code of a run in which a job failed (fio's own exit status). */
    public static final int JOB_FAILED = io.dmsnap.cli.common.ExitCodes.FAILED;

    /** Builds the devices of a run: the origin/snapshot stack or the raw data device. */
    private final StackFactory stacks;

    @Spec
    private CommandSpec spec;

    @Mixin
    private EngineOptions engine;

    @Parameters(paramLabel = "JOBFILE", arity = "0..*", description = "fio job files ([global] and job sections).")
    private List<Path> jobFiles = new ArrayList<>();

    @Unmatched
    private List<String> fioOptions = new ArrayList<>();

    @Option(names = "--output-format", paramLabel = "FORMAT", defaultValue = "normal",
        description = "normal (fio's summary) or json. Default: ${DEFAULT-VALUE}.")
    private String outputFormat;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
    private Path output;

    @Option(names = "--write_hist_log", paramLabel = "PREFIX",
        description = "Write each job's clat interval histograms to PREFIX_clat_hist.N.hlog (HdrHistogram log).")
    private String histLogPrefix;

    @Option(names = "--target", paramLabel = "TARGET", defaultValue = "origin",
        description = "origin, snapshot or raw (the bare data device). Default: ${DEFAULT-VALUE}.")
    private String target;

    @Option(names = "--origin-size", paramLabel = "SIZE", defaultValue = "80g",
        description = "Size of the origin (and raw) device, fio size syntax. Default: ${DEFAULT-VALUE}.")
    private String originSize;

    @Option(names = "--chunk-size", paramLabel = "SIZE", defaultValue = "4k",
        description = "Snapshot chunk size (a power of two, at least 512). Default: ${DEFAULT-VALUE} (8 sectors).")
    private String chunkSize;

    @Option(names = "--store", paramLabel = "STORE", defaultValue = "N",
        description = "Exception store of the snapshot: N (transient), P (persistent), PO (persistent, overflow). "
            + "Default: ${DEFAULT-VALUE}.")
    private String store;

    @Option(names = "--device", paramLabel = "KIND", defaultValue = "null",
        description = "Data device: null (keeps nothing), memory (keeps data) or file. Default: ${DEFAULT-VALUE}.")
    private String device;

    @Option(names = "--device-path", paramLabel = "FILE", description = "Backing file for --device=file.")
    private String devicePath;

    @Option(names = "--completion-nsec", paramLabel = "NS", defaultValue = "0",
        description = "Completion delay of the null device; 0 completes inline. Default: ${DEFAULT-VALUE}.")
    private long completionNsec;

    @Option(names = "--origin-profile", paramLabel = "PROFILE", defaultValue = "null",
        description = "Timing of the origin's data device (the raw device with --target=raw): null (costs nothing), "
            + "nvme, sata-ssd, hdd, or fields such as latency=80us,bw=500MB/s,qd=32 or hdd,qd=1 (docs/devices.md). "
            + "Default: ${DEFAULT-VALUE}.")
    private String originProfile;

    @Option(names = "--cow-profile", paramLabel = "PROFILE", defaultValue = "null",
        description = "Timing of the snapshot's COW device, same forms as --origin-profile. Default: ${DEFAULT-VALUE}.")
    private String cowProfile;

    public FioCommand()
    {
        this(new io.dmsnap.bench.stack.SnapshotStackFactory());
    }

    /** With another stack factory (the origin/snapshot stack). */
    public FioCommand(final StackFactory stacks)
    {
        this.stacks = stacks;
    }

    @Override
    public Integer call()
    {
        final boolean json = outputFormat(outputFormat);
        final List<FioJob> jobs = jobs();
        final StackFactory.Spec stackSpec = stackSpec();
        final PrintWriter err = spec.commandLine().getErr();
        for (final FioJob job : jobs)
        {
            for (final String note : job.notes())
            {
                err.println("fio: job [" + job.name() + "]: " + note);
            }
        }
        err.flush();
        final TargetStack stack = stacks.build(stackSpec);
        final List<FioResult> results;
        final String statistics;
        final List<String> deviceStatistics;
        try
        {
            results = new FioRunner(stack::device, progress(err)).run(jobs);
            statistics = stack.statistics();
            deviceStatistics = stack.deviceStatistics();
        }
        finally
        {
            stack.close();
        }
        if (System.console() != null)
        {
            err.println();
            err.flush();
        }
        report(json, results, stack.describe(), statistics, deviceStatistics);
        for (final FioResult r : results)
        {
            if (r.failed())
            {
                err.println("fio: job [" + r.jobName() + "] failed: err=" + r.error()
                    + (r.errorMessage() != null ? ": " + r.errorMessage() : "")
                    + (r.verifyMessage() != null ? ": " + r.verifyMessage() : ""));
            }
        }
        err.flush();
        return results.stream().anyMatch(FioResult::failed) ? JOB_FAILED : 0;
    }

    /** The jobs of the options and job files, with --write_hist_log applied to each. */
    List<FioJob> jobs()
    {
        final Map<String, String> globals = JobFileParser.globalOptions(fioOptions);
        final List<FioJob> jobs = new ArrayList<>();
        for (final Path file : jobFiles)
        {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
            {
                jobs.addAll(JobFileParser.parse(reader, file.toString(), globals));
            }
            catch (final IOException e)
            {
                throw new IllegalArgumentException("cannot read job file " + file + ": " + e.getMessage());
            }
        }
        jobs.addAll(JobFileParser.parseArgs(fioOptions));
        if (jobs.isEmpty())
        {
            if (globals.isEmpty())
            {
                throw new IllegalArgumentException("no fio job: give fio options (e.g. --rw=randwrite --bs=4k) "
                    + "or a job file");
            }
            final Map<String, String> options = new LinkedHashMap<>(globals);
            jobs.add(FioJob.of(options.getOrDefault("rw", "job"), options));
        }
        if (histLogPrefix != null)
        {
            jobs.replaceAll(job -> job.with("write_hist_log", histLogPrefix));
        }
        return jobs;
    }

    private StackFactory.Spec stackSpec()
    {
        final String t = target.toLowerCase(Locale.ROOT);
        if (!t.equals("origin") && !t.equals("snapshot") && !t.equals("raw"))
        {
            throw new IllegalArgumentException("bad value for --target=" + target + ": expected origin, snapshot or raw");
        }
        final long chunk = FioValues.size("--chunk-size", chunkSize);
        if (chunk < 512 || Long.bitCount(chunk) != 1 || chunk > (1L << 30))
        {
            throw new IllegalArgumentException("bad value for --chunk-size=" + chunkSize
                + ": expected a power of two from 512 bytes to 1g");
        }
        final String s = store.toUpperCase(Locale.ROOT);
        if (!s.equals("N") && !s.equals("P") && !s.equals("PO"))
        {
            throw new IllegalArgumentException("bad value for --store=" + store + ": expected N, P or PO");
        }
        if (completionNsec < 0)
        {
            throw new IllegalArgumentException("bad value for --completion-nsec=" + completionNsec + ": expected >= 0");
        }
        final DeviceProfile origin = profile("--origin-profile", originProfile);
        final DeviceProfile cow = profile("--cow-profile", cowProfile);
        if (completionNsec > 0 && !(origin.isNull() && cow.isNull()))
        {
            throw new IllegalArgumentException("--completion-nsec=" + completionNsec + " cannot be combined with a device "
                + "profile: both delay completions; give the profile a latency instead (e.g. latency=" + completionNsec + "ns)");
        }
        final EngineConfig config = engine.config();
        return new StackFactory.Spec(t, FioValues.size("--origin-size", originSize), (int) (chunk >>> 9), s,
            device.toLowerCase(Locale.ROOT), devicePath, completionNsec, config, origin, cow);
    }

    private static DeviceProfile profile(final String option, final String value)
    {
        try
        {
            return DeviceProfile.parse(value);
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException("bad value for " + option + "=" + value + ": " + e.getMessage(), e);
        }
    }

    private static boolean outputFormat(final String format)
    {
        switch (format.toLowerCase(Locale.ROOT))
        {
            case "normal":
                return false;
            case "json":
                return true;
            default:
                throw new IllegalArgumentException("bad value for --output-format=" + format + ": expected normal or json");
        }
    }

    /** A one-line progress display on stderr, only on a terminal. */
    private static FioProgress progress(final PrintWriter err)
    {
        if (System.console() == null)
        {
            return FioProgress.NONE;
        }
        return (job, elapsedMillis, iops, etaMillis) ->
        {
            err.print(String.format(Locale.ROOT, "\rJobs: [%s] [%ds] [%s IOPS] [eta %s]   ", job, elapsedMillis / 1000,
                FioFormat.count(iops), etaMillis < 0 ? "--" : (etaMillis + 999) / 1000 + "s"));
            err.flush();
        };
    }

    private void report(final boolean json, final List<FioResult> results, final String stackDescription,
                        final String statistics, final List<String> deviceStatistics)
    {
        final Map<String, String> globals = new LinkedHashMap<>(JobFileParser.globalOptions(fioOptions));
        globals.put("dmsnap_target", stackDescription);
        globals.put("dmsnap_config", engine.label());
        if (statistics != null)
        {
            globals.put("dmsnap_engine_stats", statistics);
        }
        if (!deviceStatistics.isEmpty())
        {
            globals.put("dmsnap_device_stats", String.join("; ", deviceStatistics));
        }
        if (output == null)
        {
            write(spec.commandLine().getOut(), json, globals, results, stackDescription, deviceStatistics);
            return;
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(output, StandardCharsets.UTF_8)))
        {
            write(out, json, globals, results, stackDescription, deviceStatistics);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot write " + output, e);
        }
    }

    private static void write(final PrintWriter out, final boolean json, final Map<String, String> globals,
                              final List<FioResult> results, final String stackDescription,
                              final List<String> deviceStatistics)
    {
        if (json)
        {
            FioJsonReport.print(out, "dmsnap-fio-" + VersionInfo.projectVersion(), globals, results);
        }
        else
        {
            out.println("target " + stackDescription);
            FioTextReport.print(out, results);
            final String statistics = globals.get("dmsnap_engine_stats");
            if (statistics != null)
            {
                out.println();
                out.println("Engine stats:");   // where fio prints its "Disk stats"
                out.println("  " + statistics);
            }
            if (!deviceStatistics.isEmpty())
            {
                out.println();
                out.println("Device timing (modelled):");
                for (final String line : deviceStatistics)
                {
                    out.println("  " + line);
                }
            }
        }
        out.flush();
    }
}
