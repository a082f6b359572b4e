package io.dmsnap.bench.fio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One fio job section, immutable, with fio's option names and meanings.
 *
 * <p>Built by {@link #of(String, Map)} from the section's {@code key=value} options (a bare flag
 * has the empty value), after {@code [global]} options were merged in by the caller. Keys are
 * case-insensitive and {@code -} equals {@code _}, as in fio. Three kinds of keys:
 * <ul>
 *   <li>modelled keys (the table in {@link #of}): parsed and checked here;</li>
 *   <li>keys of the device-mapper test suite's job files that mean nothing in a userspace model
 *       (page cache, CPU placement, batching hints): accepted, with a note in {@link #notes()};</li>
 *   <li>anything else: an error naming the key and the section.</li>
 * </ul>
 * A bad value is an error naming the key, the value and what is expected. Both errors are
 * {@link IllegalArgumentException}s (bad arguments for the command line).
 */
public final class FioJob
{
    /** fio's default {@code randseed}, so that {@code randrepeat=1} repeats across runs and tools. */
    public static final long DEFAULT_RANDSEED = 0x89L;
    public static final int DEFAULT_BLOCK_SIZE = 4096;
    /** fio's default bw_avg_time and iops_avg_time: the per-interval statistics' sample period. */
    public static final int DEFAULT_AVG_MSEC = 500;
    /** The HdrHistogram log's interval when neither log_hist_msec nor log_avg_msec is set. */
    public static final int DEFAULT_HDR_LOG_MSEC = 1000;
    private static final int MAX_BLOCK_SIZE = 64 << 20;

    private final String name;
    private final Map<String, String> options;
    private final List<String> notes;
    private final ReadWrite rw;
    private final int rwmixread;
    private final int blockSize;
    private final int iodepth;
    private final int numjobs;
    private final long size;
    private final long offset;
    private final long offsetIncrement;
    private final String ioengine;
    private final boolean async;
    private final boolean randrepeat;
    private final long randseed;
    private final boolean randseedGiven;
    private final boolean norandommap;
    private final long runtimeNanos;
    private final boolean timeBased;
    private final long rampNanos;
    private final long numberIos;
    private final boolean groupReporting;
    private final VerifyMode verify;
    private final String filename;
    private final JobShape shape;
    private final JobGrouping grouping;
    private final JobLogs logs;
    private final JobPercentiles percentiles;
    /** The global options this job inherited (as given), for reports; set by the parser. */
    private Map<String, String> globalOptions = Map.of();

    private FioJob(final String name, final Map<String, String> options)
    {
        this.name = name;
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        final List<String> notes = new ArrayList<>();
        ReadWrite rw = ReadWrite.READ;
        int rwmixread = 50;
        int blockSize = DEFAULT_BLOCK_SIZE;
        int iodepth = 1;
        int numjobs = 1;
        long size = -1;
        long offset = 0;
        long offsetIncrement = -1;
        String ioengine = "psync";
        boolean async = false;
        boolean randrepeat = true;
        long randseed = DEFAULT_RANDSEED;
        boolean randseedGiven = false;
        boolean norandommap = false;
        long runtimeNanos = 0;
        boolean timeBased = false;
        long rampNanos = 0;
        long numberIos = 0;
        boolean groupReporting = false;
        VerifyMode verify = VerifyMode.NONE;
        String filename = null;
        final int kbBase = kbBase(options);
        final JobShape.Builder shape = new JobShape.Builder(kbBase);
        final JobGrouping.Builder grouping = new JobGrouping.Builder();
        final JobLogs.Builder logs = new JobLogs.Builder(name);
        final JobPercentiles.Builder percentiles = new JobPercentiles.Builder();
        for (final Map.Entry<String, String> e : options.entrySet())
        {
            final String key = e.getKey();
            final String value = e.getValue();
            switch (key)
            {
                case "name":
                    break;
                case "rw":
                case "readwrite":
                    rw = ReadWrite.parse(key, value);
                    break;
                case "rwmixread":
                    rwmixread = (int) FioValues.integer(key, value, 0, 100);
                    break;
                case "rwmixwrite":
                    rwmixread = 100 - (int) FioValues.integer(key, value, 0, 100);
                    break;
                case "bs":
                case "blocksize":
                case "bsrange":
                case "blocksize_range":
                case "bssplit":
                    shape.blockSizes(key, value);
                    break;
                case "kb_base":
                case "loops":
                case "rate":
                case "rate_iops":
                case "io_submit_mode":
                case "random_distribution":
                case "fsync":
                case "fdatasync":
                case "end_fsync":
                case "do_verify":
                case "fill_device":
                case "filesize":
                    shape.option(key, value, notes);
                    break;
                case "iodepth":
                    iodepth = (int) FioValues.integer(key, value, 1, 65_536);
                    break;
                case "numjobs":
                    numjobs = (int) FioValues.integer(key, value, 1, 1024);
                    break;
                case "size":
                    if (shape.sizePercent(key, value))
                    {
                        break;
                    }
                    size = FioValues.size(key, value, kbBase);
                    if (size == 0)
                    {
                        throw FioValues.bad(key, value, "a size above 0");
                    }
                    break;
                case "offset":
                    offset = shape.offsetPercent(key, value) ? 0 : FioValues.size(key, value, kbBase);
                    break;
                case "offset_increment":
                    offsetIncrement = FioValues.size(key, value, kbBase);
                    break;
                case "ioengine":
                    ioengine = value.trim().toLowerCase(Locale.ROOT);
                    async = engineIsAsync(key, value);
                    break;
                case "randrepeat":
                    randrepeat = FioValues.bool(key, value);
                    break;
                case "randseed":
                    randseed = FioValues.integer(key, value, 0, Long.MAX_VALUE);
                    randseedGiven = true;
                    break;
                case "norandommap":
                    norandommap = FioValues.bool(key, value);
                    break;
                case "runtime":
                case "timeout":
                    runtimeNanos = FioValues.durationNanos(key, value);
                    break;
                case "time_based":
                    timeBased = FioValues.bool(key, value);
                    break;
                case "ramp_time":
                    rampNanos = FioValues.durationNanos(key, value);
                    break;
                case "number_ios":
                    numberIos = FioValues.integer(key, value, 0, Long.MAX_VALUE);
                    break;
                case "group_reporting":
                    groupReporting = FioValues.bool(key, value);
                    break;
                case "verify":
                    verify = VerifyMode.parse(key, value);
                    if (VerifyMode.isStandIn(value))
                    {
                        notes.add("verify=" + value + " is checked with crc32c (the block header and one checksum "
                            + "find the same corruption here)");
                    }
                    break;
                case "filename":
                    if (value.isBlank())
                    {
                        throw FioValues.bad(key, value, "a target name (origin, snapshot, raw, or a name given to --map)");
                    }
                    if (value.indexOf(':') >= 0)
                    {
                        throw FioValues.bad(key, value, "one target per job (fio's ':' list of files "
                            + "is not modelled: one device per job)");
                    }
                    filename = value.trim();
                    break;
                default:
                    if (grouping.accept(key, value) || logs.accept(key, value) || percentiles.accept(key, value))
                    {
                        break;
                    }
                    final FioOptionTable.Entry entry = FioOptionTable.find(key);
                    if (entry == null)
                    {
                        throw new IllegalArgumentException("unknown fio option '" + key + "' in job section ["
                            + name + "]; dmsnap fio --cmdhelp lists the supported ones");
                    }
                    if (entry.kind == FioOptionTable.Kind.IGNORED)
                    {
                        notes.add("ignored: " + key + (value.isEmpty() ? "" : "=" + value) + " (" + entry.help + ")");
                    }
            }
        }
        if (timeBased && runtimeNanos == 0)
        {
            throw new IllegalArgumentException("job [" + name + "]: time_based needs runtime (or timeout)");
        }
        if (!async && iodepth > 1)
        {
            notes.add("iodepth=" + iodepth + " has no effect with ioengine=" + ioengine + " (one request at a time)");
        }
        shape.check(name, rw);
        blockSize = shape.grain();
        if (verify != VerifyMode.NONE && !shape.fixedBlockSize())
        {
            throw new IllegalArgumentException("job [" + name + "]: verify needs one block size for reads and writes "
                + "(bs=" + shape.describeBlockSizes() + "): blocks written in one size and read in another are not "
                + "checked here; use one bs");
        }
        if (offset % blockSize != 0 || offsetIncrement > 0 && offsetIncrement % blockSize != 0)
        {
            throw new IllegalArgumentException("job [" + name + "]: offset and offset_increment must be multiples of bs="
                + blockSize);
        }
        this.rw = rw;
        this.rwmixread = rwmixread;
        this.blockSize = blockSize;
        this.iodepth = async ? iodepth : 1;
        this.numjobs = numjobs;
        this.size = size;
        this.offset = offset;
        this.offsetIncrement = offsetIncrement;
        this.ioengine = ioengine;
        this.async = async;
        this.randrepeat = randrepeat;
        this.randseed = randseed;
        this.randseedGiven = randseedGiven;
        this.norandommap = norandommap;
        this.runtimeNanos = runtimeNanos;
        this.timeBased = timeBased;
        this.rampNanos = rampNanos;
        this.numberIos = numberIos;
        this.groupReporting = groupReporting;
        this.verify = verify;
        this.filename = filename;
        this.shape = shape.build();
        this.grouping = grouping.build();
        this.logs = logs.build(notes);
        this.percentiles = percentiles.build();
        this.notes = Collections.unmodifiableList(notes);
    }

    /**
     * A job from its options, in the order given (later keys override earlier ones, so global
     * options go first).
     *
     * @param name the job's name (its section name, or {@code --name})
     * @param options keys as written (normalised here), values without surrounding blanks, "" for a bare flag
     * @throws IllegalArgumentException for an unknown key (naming it and the section) or a bad value
     */
    public static FioJob of(final String name, final Map<String, String> options)
    {
        if (name == null || name.isBlank())
        {
            throw new IllegalArgumentException("a fio job needs a name");
        }
        final Map<String, String> normalised = new LinkedHashMap<>();
        for (final Map.Entry<String, String> e : options.entrySet())
        {
            final String key = normaliseKey(e.getKey());
            normalised.remove(key);   // a later value also moves the key to its latest position
            normalised.put(key, e.getValue() == null ? "" : e.getValue().trim());
        }
        return new FioJob(name.trim(), normalised);
    }

    /** kb_base, read before any size (fio parses it first wherever it stands). */
    private static int kbBase(final Map<String, String> options)
    {
        final String v = options.get("kb_base");
        if (v == null)
        {
            return 1024;
        }
        final long base = FioValues.integer("kb_base", v, 1000, 1024);
        if (base != 1000 && base != 1024)
        {
            throw FioValues.bad("kb_base", v, "1000 or 1024");
        }
        return (int) base;
    }

    /** fio keys are case-insensitive and accept '-' for '_'. */
    static String normaliseKey(final String key)
    {
        return key.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    }

    private static boolean engineIsAsync(final String key, final String value)
    {
        switch (value.trim().toLowerCase(Locale.ROOT))
        {
            case "psync":
            case "sync":
            case "pvsync":
            case "pvsync2":
                return false;
            case "libaio":
            case "io_uring":
            case "null":
            case "async":
            case "posixaio":
                return true;
            default:
                throw FioValues.bad(key, value, "one of psync, sync, pvsync, pvsync2 (one request at a time), "
                    + "libaio, io_uring, posixaio, async (iodepth requests in flight) or null (the raw null device)");
        }
    }

    // ---- accessors ----

    public String name()
    {
        return name;
    }

    /** The options as given (normalised keys, in order), for reports' "job options". */
    public Map<String, String> options()
    {
        return options;
    }

    /** Notes about accepted options that have no effect. */
    public List<String> notes()
    {
        return notes;
    }

    public ReadWrite rw()
    {
        return rw;
    }

    /** Percentage of reads in a mixed job. */
    public int rwmixread()
    {
        return rwmixread;
    }

    public int blockSize()
    {
        return blockSize;
    }

    /** Requests in flight per worker: the iodepth for an asynchronous engine, 1 otherwise. */
    public int iodepth()
    {
        return iodepth;
    }

    public int numjobs()
    {
        return numjobs;
    }

    /** Bytes per worker, or -1 when absent (then the device from offset to its end, as in fio). */
    public long size()
    {
        return size;
    }

    public long offset()
    {
        return offset;
    }

    /** offset_increment as given, or -1 when absent (see {@link #regionStart}). */
    public long offsetIncrement()
    {
        return offsetIncrement;
    }

    public String ioengine()
    {
        return ioengine;
    }

    /** Whether the engine keeps iodepth requests in flight (libaio, io_uring, ...). */
    public boolean isAsync()
    {
        return async;
    }

    public boolean randrepeat()
    {
        return randrepeat;
    }

    /** The seed of the offset and read/write-mix generators. */
    public long randseed()
    {
        return randseed;
    }

    /** Whether randseed was set explicitly (then it is used even with randrepeat=0). */
    public boolean randseedGiven()
    {
        return randseedGiven;
    }

    public boolean norandommap()
    {
        return norandommap;
    }

    /** The runtime limit in nanoseconds, 0 for none. */
    public long runtimeNanos()
    {
        return runtimeNanos;
    }

    public boolean timeBased()
    {
        return timeBased;
    }

    public long rampNanos()
    {
        return rampNanos;
    }

    /** I/Os per worker before it stops, 0 for no limit. */
    public long numberIos()
    {
        return numberIos;
    }

    public boolean groupReporting()
    {
        return groupReporting;
    }

    public VerifyMode verify()
    {
        return verify;
    }

    /** stonewall, new_group, wait_for and exitall: when the job starts and which group it reports in. */
    public JobGrouping grouping()
    {
        return grouping;
    }

    /** The log files the job writes and the sample periods of its per-interval statistics. */
    public JobLogs logs()
    {
        return logs;
    }

    /** percentile_list, clat_percentiles and lat_percentiles: the percentiles the reports show. */
    public JobPercentiles percentiles()
    {
        return percentiles;
    }

    /** Block sizes, loops, rates, random distribution and flushes: what the worker does per I/O. */
    public JobShape shape()
    {
        return shape;
    }

    /** Whether the job asked for fio's null engine (then it runs on the raw null device). */
    public boolean nullEngine()
    {
        return "null".equals(ioengine);
    }

    /** The target name, or null for the caller's default. */
    public String filename()
    {
        return filename;
    }

    /**
     * Remembers the global options ([global] sections, command-line options before the first
     * --name) the job inherited, so that reports can show them apart as fio does. Returns this job.
     */
    FioJob withGlobalOptions(final Map<String, String> global)
    {
        final Map<String, String> normalised = new LinkedHashMap<>();
        global.forEach((k, v) -> normalised.put(normaliseKey(k), v == null ? "" : v.trim()));
        this.globalOptions = Collections.unmodifiableMap(normalised);
        return this;
    }

    /** fio's "global options": the global options in effect for this job, as given. */
    public Map<String, String> globalOptions()
    {
        return globalOptions;
    }

    /**
     * fio's "job options": {@code name} first, then the options set in the job's own section
     * (those not inherited unchanged from the global options).
     */
    public Map<String, String> ownOptions()
    {
        final Map<String, String> own = new LinkedHashMap<>();
        own.put("name", name);
        for (final Map.Entry<String, String> e : options.entrySet())
        {
            if (!e.getKey().equals("name") && !e.getValue().equals(globalOptions.get(e.getKey())))
            {
                own.put(e.getKey(), e.getValue());
            }
        }
        return own;
    }

    /** This job with one option set (or replaced), re-validated. */
    public FioJob with(final String key, final String value)
    {
        final Map<String, String> copy = new LinkedHashMap<>(options);
        copy.put(normaliseKey(key), value);
        return of(name, copy).withGlobalOptions(globalOptions);
    }

    /**
     * Bytes each clone covers on a device of {@code deviceBytes}: {@code size}, or, as in fio, the
     * device from {@code offset} to its end when size is absent; rounded down to whole blocks.
     * Every numjobs clone covers this much (fio copies the job; nothing is split between clones).
     */
    public long regionBytes(final long deviceBytes)
    {
        final long given = shape.sizeBytes(size, deviceBytes);
        final long bytes = given > 0 ? given : Math.max(0, deviceBytes - regionStart(0, deviceBytes));
        return bytes - bytes % blockSize;
    }

    /**
     * First byte of clone {@code worker}'s region: {@code offset + worker * offset_increment}
     * (offset_increment 0 when absent, so every clone starts at offset as in fio).
     */
    public long regionStart(final int worker, final long deviceBytes)
    {
        return offset + shape.offsetBytes(deviceBytes, blockSize) + worker * Math.max(0, offsetIncrement);
    }

    @Override
    public String toString()
    {
        return name + ": rw=" + rw.fioName() + ", bs=" + shape.describeBlockSizes() + ", ioengine=" + ioengine + ", iodepth=" + iodepth
            + ", numjobs=" + numjobs;
    }
}
