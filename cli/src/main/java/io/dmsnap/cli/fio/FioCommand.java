package io.dmsnap.cli.fio;

import io.dmsnap.bench.fio.FioFormat;
import io.dmsnap.bench.fio.FioJob;
import io.dmsnap.bench.fio.FioJsonReport;
import io.dmsnap.bench.fio.FioOptionTable;
import io.dmsnap.bench.fio.FioProgress;
import io.dmsnap.bench.fio.FioResult;
import io.dmsnap.bench.fio.FioRunner;
import io.dmsnap.bench.fio.FioStatus;
import io.dmsnap.bench.fio.FioSystem;
import io.dmsnap.bench.fio.FioTerseReport;
import io.dmsnap.bench.fio.FioTextReport;
import io.dmsnap.bench.fio.FioValues;
import io.dmsnap.bench.fio.JobFileParser;
import io.dmsnap.bench.fio.JobLogs;
import io.dmsnap.bench.fio.StackFactory;
import io.dmsnap.bench.fio.TargetStack;
import io.dmsnap.bench.fio.VerifyMode;
import io.dmsnap.cli.common.EngineOptions;
import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.common.InputFileKind;
import io.dmsnap.cli.common.IoReason;
import io.dmsnap.cli.common.Json;
import io.dmsnap.cli.common.VersionInfo;
import io.dmsnap.cli.result.EngineSetup;
import io.dmsnap.cli.result.Environment;
import io.dmsnap.cli.result.EnvironmentCapture;
import io.dmsnap.cli.result.ResultFileException;
import io.dmsnap.cli.result.ResultFileWriter;
import io.dmsnap.cli.result.ResultFiles;
import io.dmsnap.cli.result.ResultKind;
import io.dmsnap.cli.result.ResultPaths;
import io.dmsnap.cli.result.ResultSet;
import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.DeviceProfile;
import io.dmsnap.engine.block.NullDevice;
import io.dmsnap.engine.config.EngineConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * <p>Unless {@code --no-result}, a run whose jobs all succeeded also writes a result file
 * ({@code dmsnap-result/1}, docs/results-format.md): by default
 * {@code results/fio-<yyyyMMdd-HHmmss>-<commit>.json} in the repository, or {@code --result FILE};
 * it holds the environment, one row per job, direction and metric, and the fio JSON itself.
 *
 * <p>Exit codes: 0 when every job succeeded, 1 when a job failed (an I/O error or a verify
 * mismatch, fio's err=), 2 for bad arguments (through the frame's error handlers).
 */
@Command(name = "fio",
    description = {"Run fio jobs (fio options and/or job files) against the raw device or the snapshot stack.",
        "Unless --no-result, a run whose jobs all succeed writes a result file for compare, history and report: "
            + "results/fio-<date>-<commit>.json in the repository, or --result FILE."})
public final class FioCommand implements Callable<Integer>
{
    /** Exit code of a run in which a job failed (fio's own exit status). */
    public static final int JOB_FAILED = io.dmsnap.cli.common.ExitCodes.FAILED;

    /** Builds the devices of a run: the origin/snapshot stack or the raw data device. */
    private final StackFactory stacks;

    private CommandSpec spec;

    /** The help's footer lists the fio options from the one table of supported options. */
    @Spec
    void spec(final CommandSpec commandSpec)
    {
        this.spec = commandSpec;
        final List<String> footer = new ArrayList<>();
        footer.add("");
        footer.add("fio job options (--key=value or --key value, before a job's --name or in job files; "
            + "--cmdhelp=KEY for one):");
        for (final String line : FioOptionTable.summary())
        {
            footer.add(line.replace("%", "%%"));   // picocli reads footer lines as format strings
        }
        commandSpec.usageMessage().footer(footer.toArray(new String[0]));
    }

    @Mixin
    private EngineOptions engine;

    @Parameters(paramLabel = "JOBFILE", arity = "0..*", description = "fio job files ([global] and job sections).")
    private List<Path> jobFiles = new ArrayList<>();

    @Unmatched
    private List<String> fioOptions = new ArrayList<>();

    @Option(names = "--output-format", paramLabel = "FORMAT", defaultValue = "normal",
        description = "normal (fio's report), json, json+ (with latency bins), terse (fio's terse v3), or several "
            + "separated by commas (normal,json). Default: ${DEFAULT-VALUE}.")
    private String outputFormat;

    @Option(names = "--minimal", description = "fio's terse output (as --output-format=terse).")
    private boolean minimal;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
    private Path output;

    @Option(names = "--map", paramLabel = "NAME=TARGET",
        description = "Map a job's filename to a target: origin, snapshot or raw (fio's filename=/dev/sdb style names "
            + "need a map). Repeatable.")
    private List<String> maps = new ArrayList<>();

    @Option(names = "--section", paramLabel = "NAME",
        description = "Run only this job section of the job files ([global] still applies). Repeatable.")
    private List<String> sections = new ArrayList<>();

    @Option(names = "--parse-only", description = "Parse the options and job files, check them, run nothing.")
    private boolean parseOnly;

    @Option(names = "--cmdhelp", arity = "0..1", fallbackValue = "all", paramLabel = "OPTION",
        description = "Print help for a fio job option, or for all of them.")
    private String cmdhelp;

    @Option(names = "--readonly", description = "Refuse jobs that write (fio's safety check).")
    private boolean readonly;

    @Option(names = "--eta", paramLabel = "WHEN", defaultValue = "auto",
        description = "Progress line: always, never or auto (on a terminal). Default: ${DEFAULT-VALUE}.")
    private String eta;

    @Option(names = "--eta-newline", paramLabel = "TIME",
        description = "Print the progress line on a new line every TIME (fio time syntax) instead of rewriting it.")
    private String etaNewline;

    @Option(names = "--status-interval", paramLabel = "TIME",
        description = "Print the full report (in the chosen formats) every TIME (fio time syntax: 1, 1s, 500ms) "
            + "with the figures so far, then the final one.")
    private String statusInterval;

    /** Whether some report has been written: later ones append to --output and leave out the header. */
    private boolean reportStarted;

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

    @Option(names = "--device-path", paramLabel = "FILE", description = "Backing file for --device=file; the "
        + "snapshot's COW is FILE.cow, created for the run.")
    private String devicePath;

    @Option(names = "--overwrite-cow", description = "With --device=file: overwrite an existing FILE.cow (refused "
        + "otherwise, since it may be the COW of an earlier run).")
    private boolean overwriteCow;

    @Option(names = "--result", paramLabel = "FILE",
        description = "Write the result file (dmsnap-result/1) to FILE. Default: results/fio-<date>-<commit>.json "
            + "in the repository.")
    private Path result;

    @Option(names = "--no-result", description = "Write no result file.")
    private boolean noResult;

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
    public Integer call() throws IOException
    {
        if (cmdhelp != null)
        {
            return cmdhelp(spec.commandLine().getOut());
        }
        final java.util.EnumSet<Format> formats = minimal ? java.util.EnumSet.of(Format.TERSE) : formats(outputFormat);
        final List<FioJob> jobs = jobs();
        final StackFactory.Spec stackSpec = stackSpec();
        final PrintWriter err = spec.commandLine().getErr();
        final Map<String, String> targets = targetMap();
        checkBeforeRun(jobs, stackSpec, targets);
        if (parseOnly)
        {
            return ExitCodes.OK;
        }
        if (result != null && noResult)
        {
            throw new IllegalArgumentException("--result and --no-result exclude each other");
        }
        if (result != null && output != null
            && result.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize()))
        {
            throw new IllegalArgumentException("--result and --output name the same file " + result
                + ": the result file would replace the report; choose two files");
        }
        final Instant start = Instant.now();
        final Environment environment = noResult ? Environment.UNKNOWN : EnvironmentCapture.capture(start);
        final Path resultFile = noResult ? null : result != null ? result
            : ResultPaths.runFile(ResultPaths.defaultResultsDir(Path.of("").toAbsolutePath()), "fio", start,
                environment.gitCommit());
        if (resultFile != null)
        {
            // Fail on an unusable folder now, not after the run.
            try
            {
                Files.createDirectories(resultFile.toAbsolutePath().getParent());
            }
            catch (final IOException e)
            {
                throw new IllegalArgumentException("cannot create the folder of the result file " + resultFile + ": "
                    + e + "; choose another with --result FILE, or --no-result");
            }
        }
        for (final FioJob job : jobs)
        {
            for (final String note : job.notes())
            {
                err.println("fio: job [" + job.name() + "]: " + note);
            }
        }
        err.flush();
        final TargetStack stack = stacks.build(stackSpec);
        final BlockDevice nullEngine = new NullDevice("null", nullEngineBytes(jobs, stackSpec.originBytes) >>> Bio.SECTOR_SHIFT,
            0, Bio.SECTOR_SIZE);
        final List<FioResult> results;
        final String statistics;
        final List<String> deviceStatistics;
        try
        {
            results = new FioRunner(name -> device(stack, nullEngine, targets, name), progress(err),
                statusNanos(), status(formats, jobs, stack)).run(jobs);
            statistics = stack.statistics();
            deviceStatistics = stack.deviceStatistics();
        }
        finally
        {
            stack.close();
            nullEngine.close();
        }
        if (System.console() != null)
        {
            err.println();
            err.flush();
        }
        final Map<String, String> globals = reportGlobals(jobs, stack.describe(), statistics, deviceStatistics);
        final String fioJson = fioJson(globals, results, false);
        final String report = render(formats, jobs, globals, results, stack.describe(), deviceStatistics,
            formats.contains(Format.JSON_PLUS) ? fioJson(globals, results, true) : fioJson, !reportStarted);
        report(report);
        for (final FioResult r : results)
        {
            if (r.failed())
            {
                err.println("fio: job [" + r.jobName() + "] failed: err=" + r.error()
                    + (r.errorMessage() != null ? ": " + r.errorMessage() : "")
                    + (r.verifyMessage() != null ? ": " + r.verifyMessage() : ""));
            }
        }
        final boolean failed = results.stream().anyMatch(FioResult::failed);
        int exitCode = failed ? JOB_FAILED : ExitCodes.OK;
        if (resultFile != null && failed)
        {
            err.println("dmsnap fio: no result file: a job failed, so the run measured nothing comparable");
        }
        else if (resultFile != null)
        {
            exitCode = writeResult(resultFile, environment, stackSpec, fioJson, err);
        }
        err.flush();
        return exitCode;
    }

    /**
     * The result file of a successful run: its rows as the fio reader finds them in the fio JSON
     * (so the file says what a reader of that JSON would), the environment with the engine setup
     * (none on the raw device), the command line, and the fio JSON itself under {@code raw.fio}.
     * Should the JSON not read back (a bug), it is kept next to the intended file instead of lost.
     */
    private int writeResult(final Path file, final Environment environment, final StackFactory.Spec stackSpec,
                            final String fioJson, final PrintWriter err) throws IOException
    {
        final ResultSet rows;
        try
        {
            rows = ResultFiles.fromFioJson(file, fioJson);
        }
        catch (final ResultFileException e)
        {
            final Path kept = file.resolveSibling(file.getFileName() + ".fio.json");
            Files.writeString(kept, fioJson, StandardCharsets.UTF_8);
            err.println("dmsnap fio: internal error: the fio JSON of this run does not read back (" + e.problem()
                + "); it is kept in " + kept);
            return ExitCodes.INTERNAL_ERROR;
        }
        final EngineSetup setup = stackSpec.target.equals("raw") ? null
            : new EngineSetup(engine.presetName(), new TreeMap<>(stackSpec.config.values()));
        final ObjectNode run = Json.MAPPER.createObjectNode();
        run.put("command", "fio");
        run.put("version", VersionInfo.projectVersion());
        final ArrayNode args = run.putArray("arguments");
        if (spec.commandLine().getParseResult() != null)
        {
            spec.commandLine().getParseResult().originalArgs().forEach(args::add);
        }
        ResultFileWriter.write(file, rows.withEnvironment(environment.toBuilder().engine(setup).build()), run,
            Map.of(ResultKind.FIO, Json.MAPPER.readTree(fioJson)));
        err.println("Result file: " + file);
        return ExitCodes.OK;
    }

    /** The jobs of the options and job files. */
    List<FioJob> jobs()
    {
        splitArguments();
        final Map<String, String> globals = JobFileParser.globalOptions(fioOptions);
        final List<FioJob> jobs = new ArrayList<>();
        for (final Path file : jobFiles)
        {
            final String refusal = InputFileKind.refusal(file);
            if (refusal != null)
            {
                throw new IllegalArgumentException("cannot read job file " + file + ": is " + refusal);
            }
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
            {
                jobs.addAll(JobFileParser.parse(reader, file.toString(), file, globals, FioSystem.current(),
                    Set.copyOf(sections)));
            }
            catch (final IOException e)
            {
                throw new IllegalArgumentException("cannot read job file " + file + ": " + IoReason.of(e));
            }
            catch (final UncheckedIOException e)
            {
                throw new IllegalArgumentException("cannot read job file " + file + ": " + IoReason.of(e));
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
        // ioengine=null is fio's device that moves no data: the raw null device here.
        jobs.replaceAll(job -> job.nullEngine() ? job.with("filename", NULL_ENGINE_TARGET) : job);
        return jobs;
    }

    /**
     * Size of ioengine=null's device: the origin size, or more when a null-engine job asks for more
     * ({@code size=100g} in fio's null.fio: fio's null engine has whatever size the job gives it).
     */
    static long nullEngineBytes(final List<FioJob> jobs, final long originBytes)
    {
        long bytes = originBytes;
        for (final FioJob job : jobs)
        {
            if (job.nullEngine() && job.size() > 0)
            {
                final long end = job.regionStart(job.numjobs() - 1, originBytes) + job.size();
                bytes = Math.max(bytes, (end + Bio.SECTOR_SIZE - 1) & -Bio.SECTOR_SIZE);
            }
        }
        return bytes;
    }

    /** The filename that stands for ioengine=null's device. */
    static final String NULL_ENGINE_TARGET = "null";

    /**
     * fio's command line, re-read in order: picocli separates unknown options from positionals,
     * but fio reads {@code --rw randwrite} as {@code --rw=randwrite} (an option that takes a value
     * takes the next argument). Sorts the arguments that are not this command's own into fio
     * options and job files.
     */
    private void splitArguments()
    {
        if (spec == null || spec.commandLine().getParseResult() == null)
        {
            return;
        }
        final List<String> all = spec.commandLine().getParseResult().originalArgs();
        // The parse result holds the whole command line: this command's arguments follow its name.
        final int self = all.indexOf(spec.name());
        final List<String> args = all.subList(self + 1, all.size());
        final List<String> options = new ArrayList<>();
        final List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++)
        {
            final String arg = args.get(i);
            final int eq = arg.indexOf('=');
            final String name = eq < 0 ? arg : arg.substring(0, eq);
            final picocli.CommandLine.Model.OptionSpec own = arg.startsWith("-") ? spec.findOption(name) : null;
            if (own != null)
            {
                if (eq < 0 && own.arity().min() > 0)
                {
                    i++;   // its value
                }
                continue;
            }
            if (arg.startsWith("--") && arg.length() > 2)
            {
                final FioOptionTable.Entry entry = FioOptionTable.find(name.substring(2));
                if (eq < 0 && entry != null && entry.takesValue() && i + 1 < args.size() && !args.get(i + 1).startsWith("-"))
                {
                    options.add(arg + "=" + args.get(++i));
                }
                else
                {
                    options.add(arg);
                }
                continue;
            }
            files.add(Path.of(arg));
        }
        fioOptions = options;
        jobFiles = files;
    }

    /** --cmdhelp: one option in fio's layout, or every option's name and help. */
    private int cmdhelp(final PrintWriter out)
    {
        if (cmdhelp.equals("all"))
        {
            for (final FioOptionTable.Entry e : FioOptionTable.entries())
            {
                out.println(String.format(Locale.ROOT, "%-24s: %s", e.name, e.help));
            }
        }
        else
        {
            final FioOptionTable.Entry e = FioOptionTable.find(cmdhelp);
            if (e == null)
            {
                throw new IllegalArgumentException("no fio option '" + cmdhelp + "' in dmsnap fio; --cmdhelp lists them "
                    + "all (docs/fio.md says why the others are refused)");
            }
            out.print(e.cmdhelp());
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** --map NAME=TARGET, checked: each name once, each target one of the stack's. */
    private Map<String, String> targetMap()
    {
        final Map<String, String> targets = new LinkedHashMap<>();
        for (final String m : maps)
        {
            final int eq = m.indexOf('=');
            final String target = eq < 0 ? "" : m.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
            if (eq <= 0 || !(target.equals("origin") || target.equals("snapshot") || target.equals("raw")))
            {
                throw new IllegalArgumentException("bad value for --map=" + m
                    + ": expected NAME=TARGET with TARGET origin, snapshot or raw (e.g. --map /dev/sdb=snapshot)");
            }
            if (targets.put(m.substring(0, eq).trim(), target) != null)
            {
                throw new IllegalArgumentException("--map names " + m.substring(0, eq).trim() + " twice");
            }
        }
        return targets;
    }

    /** The device of a job's filename: the default target, a mapped name, a target name, or ioengine=null's device. */
    private static BlockDevice device(final TargetStack stack, final BlockDevice nullEngine,
                                      final Map<String, String> targets, final String filename)
    {
        if (filename == null)
        {
            return stack.device(null);
        }
        final String mapped = targets.get(filename);
        if (mapped != null)
        {
            return stack.device(mapped);
        }
        if (filename.equals(NULL_ENGINE_TARGET))
        {
            return nullEngine;
        }
        return stack.device(filename);
    }

    /**
     * Everything that can be known wrong before any I/O: unknown filenames, writes under
     * --readonly, verify on a device that keeps no data, the progress options, and output files
     * that cannot be written (found now, not after the run).
     */
    private void checkBeforeRun(final List<FioJob> jobs, final StackFactory.Spec stackSpec,
                                final Map<String, String> targets)
    {
        final Set<String> known = Set.of("origin", "snapshot", "raw", "raw_device", NULL_ENGINE_TARGET);
        for (final FioJob job : jobs)
        {
            final String f = job.filename();
            if (f != null && !targets.containsKey(f) && !known.contains(f))
            {
                throw new IllegalArgumentException("job [" + job.name() + "]: filename=" + f + " is not a target; map it "
                    + "with --map " + f + "=origin (or snapshot, raw)");
            }
            if (readonly && (job.rw().hasWrites() || job.shape().flushEvery() > 0 || job.shape().endFsync()))
            {
                throw new IllegalArgumentException("job [" + job.name() + "] has rw=" + job.rw().fioName()
                    + (job.rw().hasWrites() ? "" : " with flushes") + ", but --readonly forbids writes");
            }
            final boolean keepsNoData = job.nullEngine() || stackSpec.device.equals("null");
            if (job.verify() != VerifyMode.NONE && keepsNoData)
            {
                throw new IllegalArgumentException("job [" + job.name() + "]: verify=" + job.verify().fioName() + " needs a "
                    + "device that keeps data, but " + (job.nullEngine() ? "ioengine=null" : "--device=null")
                    + " keeps none (reads return zeros); use --device=memory or --device=file");
            }
            final JobLogs logs = job.logs();
            final String[][] prefixes = {{"write_lat_log", logs.latLog()}, {"write_bw_log", logs.bwLog()},
                {"write_iops_log", logs.iopsLog()}, {"write_hist_log", logs.histLog()}, {"write_hdr_log", logs.hdrLog()}};
            for (final String[] p : prefixes)
            {
                if (p[1] != null)
                {
                    checkWritableFolder(p[0] + "=" + p[1] + " of job [" + job.name() + "]",
                        Path.of(p[1]).toAbsolutePath().getParent());
                }
            }
        }
        final String e = eta.toLowerCase(Locale.ROOT);
        if (!e.equals("auto") && !e.equals("always") && !e.equals("never"))
        {
            throw new IllegalArgumentException("bad value for --eta=" + eta + ": expected always, never or auto");
        }
        if (etaNewline != null)
        {
            timeMillis("--eta-newline", etaNewline);
        }
        statusNanos();
        if (output != null)
        {
            checkWritableFile(output);
        }
    }

    /** --status-interval in ns, 0 without it. */
    private long statusNanos()
    {
        return statusInterval == null ? 0 : timeMillis("--status-interval", statusInterval) * 1_000_000L;
    }

    /**
     * fio's periodic full status: the report of the figures so far in the chosen formats, on the
     * runner's thread. The engine's and devices' counters are read once the run has settled, so
     * only the final report has them.
     */
    private FioStatus status(final java.util.EnumSet<Format> formats, final List<FioJob> jobs, final TargetStack stack)
    {
        if (statusInterval == null)
        {
            return FioStatus.NONE;
        }
        return interim ->
        {
            final Map<String, String> globals = reportGlobals(jobs, stack.describe(), null, List.of());
            report(render(formats, jobs, globals, interim, stack.describe(), List.of(),
                fioJson(globals, interim, formats.contains(Format.JSON_PLUS)), !reportStarted));
        };
    }

    private static long timeMillis(final String option, final String value)
    {
        final Map<String, String> probe = new LinkedHashMap<>();
        probe.put("runtime", value);
        try
        {
            final long millis = FioJob.of("probe", probe).runtimeNanos() / 1_000_000L;
            if (millis < 1)
            {
                throw new IllegalArgumentException("too short");
            }
            return millis;
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("bad value for " + option + "=" + value
                + ": expected a time of at least 1ms (e.g. 1s, 500ms; a bare number is seconds)");
        }
    }

    private static void checkWritableFolder(final String what, final Path folder)
    {
        if (folder == null)
        {
            return;
        }
        if (!Files.isDirectory(folder))
        {
            throw new IllegalArgumentException("cannot write " + what + ": folder " + folder + " does not exist");
        }
        if (!Files.isWritable(folder))
        {
            throw new IllegalArgumentException("cannot write " + what + ": folder " + folder + " is not writable");
        }
    }

    /** Opens {@code file} for writing without truncating it (and removes it again when it was new). */
    private static void checkWritableFile(final Path file)
    {
        final boolean existed = Files.exists(file);
        try
        {
            Files.newOutputStream(file, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                StandardOpenOption.APPEND).close();
            if (!existed)
            {
                Files.deleteIfExists(file);
            }
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException("cannot write " + file + ": " + IoReason.of(e));
        }
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
        refuseToOverwriteCow(t);
        return new StackFactory.Spec(t, FioValues.size("--origin-size", originSize), (int) (chunk >>> 9), s,
            device.toLowerCase(Locale.ROOT), devicePath, completionNsec, config, origin, cow);
    }

    /**
     * A snapshot stack on files creates its COW as {@code <device-path>.cow}, from zero: an existing
     * one (a persistent snapshot of an earlier run, or any other file of that name) would be lost.
     */
    private void refuseToOverwriteCow(final String target)
    {
        if (target.equals("raw") || !device.equalsIgnoreCase("file") || devicePath == null || overwriteCow)
        {
            return;
        }
        final Path cowFile = Path.of(devicePath + ".cow");
        if (Files.exists(cowFile))
        {
            throw new IllegalArgumentException(cowFile + " exists (the COW of an earlier run?) and the snapshot would "
                + "start it from zero: remove it, or pass --overwrite-cow");
        }
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

    /** fio's output formats. */
    enum Format
    {
        NORMAL, JSON, JSON_PLUS, TERSE
    }

    private static java.util.EnumSet<Format> formats(final String value)
    {
        final java.util.EnumSet<Format> formats = java.util.EnumSet.noneOf(Format.class);
        for (final String f : value.toLowerCase(Locale.ROOT).split(",", -1))
        {
            switch (f.trim())
            {
                case "normal":
                    formats.add(Format.NORMAL);
                    break;
                case "json":
                    formats.add(Format.JSON);
                    break;
                case "json+":
                    formats.add(Format.JSON_PLUS);
                    break;
                case "terse":
                case "minimal":
                    formats.add(Format.TERSE);
                    break;
                default:
                    throw new IllegalArgumentException("bad value for --output-format=" + value
                        + ": expected normal, json, json+ or terse, or several separated by commas");
            }
        }
        if (formats.contains(Format.JSON) && formats.contains(Format.JSON_PLUS))
        {
            formats.remove(Format.JSON);   // json+ is json with bins, as in fio
        }
        return formats;
    }

    /** A one-line progress display on stderr, only on a terminal. */
    private FioProgress progress(final PrintWriter err)
    {
        final String when = eta.toLowerCase(Locale.ROOT);
        if (when.equals("never") || when.equals("auto") && System.console() == null)
        {
            return FioProgress.NONE;
        }
        final long newlineMillis = etaNewline == null ? 0 : timeMillis("--eta-newline", etaNewline);
        final long[] lastNewline = {0};
        return (job, elapsedMillis, iops, etaMillis) ->
        {
            final boolean newline = newlineMillis > 0 && elapsedMillis - lastNewline[0] >= newlineMillis;
            if (newline)
            {
                lastNewline[0] = elapsedMillis;
            }
            err.print(String.format(Locale.ROOT, "%sJobs: [%s] [%ds] [%s IOPS] [eta %s]   %s", newline ? "" : "\r", job,
                elapsedMillis / 1000, FioFormat.count(iops), etaMillis < 0 ? "--" : (etaMillis + 999) / 1000 + "s",
                newline ? System.lineSeparator() : ""));
            err.flush();
        };
    }

    /** The options of every job as the report shows them: the global ones, the stack's description and its counters. */
    private Map<String, String> reportGlobals(final List<FioJob> jobs, final String stackDescription,
                                              final String statistics, final List<String> deviceStatistics)
    {
        // fio's "global options": the [global] options (and options before the first --name) of the
        // first job; dmsnap's keys follow them.
        final Map<String, String> globals = new LinkedHashMap<>(jobs.get(0).globalOptions());
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
        return globals;
    }

    /** The fio JSON of the run, rendered once: the report and the result file hold the same document. */
    private static String fioJson(final Map<String, String> globals, final List<FioResult> results, final boolean plus)
    {
        final StringWriter text = new StringWriter();
        FioJsonReport.print(new PrintWriter(text), "dmsnap-fio-" + VersionInfo.projectVersion(), globals, results, plus);
        return text.toString();
    }

    /** Print a report, or write it to --output: the first replaces the file, later ones (--status-interval) append. */
    private void report(final String report)
    {
        final boolean append = reportStarted;
        reportStarted = true;
        if (output == null)
        {
            spec.commandLine().getOut().print(report);
            spec.commandLine().getOut().flush();
            return;
        }
        try
        {
            if (append)
            {
                Files.writeString(output, report, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            }
            else
            {
                Files.writeString(output, report, StandardCharsets.UTF_8);
            }
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot write " + output, e);
        }
    }

    /**
     * The report in fio's order: the line naming the devices the jobs ran on, fio's header lines
     * (normal only, and only in the first report of a run, as fio prints them once before the jobs
     * start), then JSON, then the normal report, then terse lines.
     */
    private static String render(final java.util.EnumSet<Format> formats, final List<FioJob> jobs,
                                 final Map<String, String> globals, final List<FioResult> results,
                                 final String stackDescription, final List<String> deviceStatistics, final String fioJson,
                                 final boolean header)
    {
        final StringWriter text = new StringWriter();
        final PrintWriter out = new PrintWriter(text);
        final boolean normal = formats.contains(Format.NORMAL);
        if (normal && header)
        {
            final java.util.Set<String> devices = new java.util.LinkedHashSet<>();
            results.forEach(r -> devices.add(r.usage().device()));
            out.println("dmsnap fio: jobs ran on " + String.join(", ", devices) + " (stack: " + stackDescription + ")");
            FioTextReport.printHeader(out, jobs);
        }
        if (formats.contains(Format.JSON) || formats.contains(Format.JSON_PLUS))
        {
            out.print(fioJson);
            if (normal)
            {
                out.println();
            }
        }
        if (normal)
        {
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
        if (formats.contains(Format.TERSE))
        {
            FioTerseReport.print(out, results);
        }
        out.flush();
        return text.toString();
    }
}
