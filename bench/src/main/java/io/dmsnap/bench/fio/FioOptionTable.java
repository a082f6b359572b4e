package io.dmsnap.bench.fio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fio job options {@code dmsnap fio} accepts: one table that drives the command-line parser
 * (which options take a value, so {@code --rw randwrite} reads as fio reads it), {@code --help},
 * {@code --cmdhelp} and {@link FioJob}'s check for unknown keys. Each entry says whether the
 * option is modelled, handed to the reports (log and percentile options), or accepted with no
 * effect (and why). Immutable.
 */
public final class FioOptionTable
{
    /** What an accepted option does here. */
    public enum Kind
    {
        /** Parsed and acted on by the job model. */
        MODELLED,
        /** Kept in the job's options for the reports and log writers. */
        REPORTED,
        /** Accepted, changes nothing in a userspace model; the reason is printed as a note. */
        IGNORED
    }

    /** fio's parameter types, as --cmdhelp names them. */
    public enum Type
    {
        BOOL("boolean value (opt=1)"),
        INT("integer value (opt=100)"),
        SIZE("integer value with size units (opt=4k)"),
        TIME("time value (seconds unless a unit is given)"),
        STR("string"),
        LIST("list of values separated by ':'");

        private final String description;

        Type(final String description)
        {
            this.description = description;
        }

        public String description()
        {
            return description;
        }
    }

    /** One option. */
    public static final class Entry
    {
        public final String name;
        public final List<String> aliases;
        public final Type type;
        public final Kind kind;
        public final String defaultValue;
        /** What it does (or, for an ignored option, why it changes nothing). */
        public final String help;

        Entry(final String name, final List<String> aliases, final Type type, final Kind kind, final String defaultValue,
              final String help)
        {
            this.name = name;
            this.aliases = aliases;
            this.type = type;
            this.kind = kind;
            this.defaultValue = defaultValue;
            this.help = help;
        }

        /** Whether {@code --name VALUE} takes the next argument as its value (everything but a flag). */
        public boolean takesValue()
        {
            return type != Type.BOOL;
        }

        /** fio's --cmdhelp layout: "name: help", then alias, type, default, what dmsnap does. */
        public String cmdhelp()
        {
            final StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "%20s: %s%n", name, help));
            if (!aliases.isEmpty())
            {
                b.append(String.format(Locale.ROOT, "%20s: %s%n", "alias", String.join(", ", aliases)));
            }
            b.append(String.format(Locale.ROOT, "%20s: %s%n", "type", type.description()));
            b.append(String.format(Locale.ROOT, "%20s: %s%n", "default", defaultValue == null ? "no default" : defaultValue));
            b.append(String.format(Locale.ROOT, "%20s: %s%n", "dmsnap", kind == Kind.MODELLED ? "modelled"
                : kind == Kind.REPORTED ? "used by the reports" : "accepted, no effect"));
            return b.toString();
        }
    }

    private static final Map<String, Entry> BY_NAME = new LinkedHashMap<>();
    private static final List<Entry> ENTRIES = new ArrayList<>();

    static
    {
        final Kind m = Kind.MODELLED;
        final Kind r = Kind.REPORTED;
        final Kind i = Kind.IGNORED;
        add("name", Type.STR, m, null, "Name of this job");
        add("description", Type.STR, i, null, "free text");
        add("filename", Type.STR, m, null, "Target device: origin, snapshot, raw, or a name mapped with --map NAME=TARGET");
        add("rw", Type.STR, m, "read", "IO direction: read, write, randread, randwrite, rw/readwrite, randrw", "readwrite");
        add("rwmixread", Type.INT, m, "50", "Percentage of mixed workload that is reads");
        add("rwmixwrite", Type.INT, m, "50", "Percentage of mixed workload that is writes");
        add("bs", Type.SIZE, m, "4096", "Block size unit, per direction as r,w", "blocksize");
        add("bsrange", Type.SIZE, m, null, "Set block size range (min-max), per direction as r,w", "blocksize_range");
        add("bssplit", Type.STR, m, null, "Set a specific mix of block sizes (size/percent:...)");
        add("kb_base", Type.INT, m, "1024", "Unit prefix interpretation: 1024 or 1000");
        add("size", Type.SIZE, m, null, "Total size of device or files (or N% of the device)");
        add("filesize", Type.SIZE, m, null, "Size of the job's area when size is not given");
        add("fill_device", Type.BOOL, m, "0", "Cover the whole device from offset");
        add("offset", Type.SIZE, m, "0", "Start IO from this offset (or N% of the device)");
        add("offset_increment", Type.SIZE, m, null, "What is the increment from one offset to the next");
        add("numjobs", Type.INT, m, "1", "Duplicate this job this many times");
        add("ioengine", Type.STR, m, "psync", "IO engine: psync, sync, pvsync, pvsync2, libaio, io_uring, posixaio, "
            + "null (the raw null device)");
        add("iodepth", Type.INT, m, "1", "Number of IO buffers to keep in flight");
        add("io_submit_mode", Type.STR, m, "inline", "How IO submissions are handled under a rate limit: inline, offload");
        add("loops", Type.INT, m, "1", "Number of times to run the job");
        add("number_ios", Type.INT, m, "0", "Force job completion after this number of IOs");
        add("runtime", Type.TIME, m, null, "Stop workload when this amount of time has passed", "timeout");
        add("time_based", Type.BOOL, m, "0", "Keep running until runtime/timeout is met");
        add("ramp_time", Type.TIME, m, "0", "Ramp up time before measuring performance");
        add("rate", Type.SIZE, m, null, "Set bandwidth rate (bytes/s), per direction as r,w");
        add("rate_iops", Type.INT, m, null, "Limit IO used to this number of IO operations/sec, per direction as r,w");
        add("random_distribution", Type.STR, m, "random", "Random offset distribution: random, zipf:θ, pareto:h, "
            + "normal:σ (each with an optional :center), zoned:p/s:...");
        add("randrepeat", Type.BOOL, m, "1", "Use repeatable random IO pattern");
        add("randseed", Type.INT, m, "137", "Set the random generator seed value");
        add("norandommap", Type.BOOL, m, "0", "Accept potential duplicate random blocks");
        add("fsync", Type.INT, m, "0", "Issue a flush for every N writes");
        add("fdatasync", Type.INT, m, "0", "Issue a flush (fdatasync) for every N writes");
        add("end_fsync", Type.BOOL, m, "0", "Include a flush at the end of the job");
        add("verify", Type.STR, m, "0", "Verify data written: crc32c, meta, pattern; fio's other checksums use crc32c");
        add("do_verify", Type.BOOL, m, "1", "Run the verify phase after a write phase");
        add("group_reporting", Type.BOOL, m, "0", "Do reporting on a per-group basis");
        add("stonewall", Type.BOOL, m, "0", "Insert a hard barrier between this job and previous", "wait_for_previous");
        add("new_group", Type.BOOL, m, "0", "Mark the start of a new group (for reporting)");
        add("wait_for", Type.STR, m, null, "Only start job when this job has finished");
        add("exitall", Type.BOOL, m, "0", "Terminate all jobs when one exits");
        add("write_lat_log", Type.STR, r, null, "Write log of latency during run (PREFIX_lat/clat/slat.N.log; "
            + "a bare flag uses the job's name)");
        add("write_bw_log", Type.STR, r, null, "Write log of bandwidth during run (PREFIX_bw.N.log)");
        add("write_iops_log", Type.STR, r, null, "Write log of IOPS during run (PREFIX_iops.N.log)");
        add("log_avg_msec", Type.INT, r, "0", "Average bw/iops/lat logs over this period of time (0: every I/O)");
        add("log_offset", Type.BOOL, r, "0", "Include offset of IO for each log entry");
        add("write_hist_log", Type.STR, r, null, "Write log of latency histograms during run (PREFIX_clat_hist.N.log)");
        add("log_hist_msec", Type.INT, r, "0", "Dump completion latency histograms at frequency of this time value");
        add("log_hist_coarseness", Type.INT, r, "0", "Integer in range [0,6]. Higher coarseness outputs fewer "
            + "histogram bins per sample");
        add("write_hdr_log", Type.STR, r, null, "dmsnap's own: HdrHistogram interval log of clat "
            + "(PREFIX_clat_hdr.N.hlog), every log_hist_msec (else log_avg_msec, else 1 s)");
        add("bw_avg_time", Type.INT, r, "500", "Time in msec for the bandwidth samples of the reports");
        add("iops_avg_time", Type.INT, r, "500", "Time in msec for the IOPS samples of the reports");
        add("percentile_list", Type.LIST, r, null, "Specify a custom list of percentiles to report for completion "
            + "latency and block errors");
        add("lat_percentiles", Type.BOOL, r, "0", "Enable the reporting of total latency percentiles");
        add("clat_percentiles", Type.BOOL, r, "1", "Enable the reporting of completion latency percentiles");
        ignore("direct", Type.BOOL, "no page cache in the model");
        ignore("buffered", Type.BOOL, "no page cache in the model");
        ignore("invalidate", Type.BOOL, "no page cache in the model");
        ignore("thread", Type.BOOL, "workers are always threads");
        ignore("cpus_allowed", Type.STR, "no CPU placement");
        ignore("cpus_allowed_policy", Type.STR, "no CPU placement");
        ignore("cpumask", Type.STR, "no CPU placement");
        ignore("numa_cpu_nodes", Type.STR, "no CPU placement");
        ignore("iodepth_batch", Type.INT, "bios are submitted one at a time", "iodepth_batch_submit");
        ignore("iodepth_batch_complete", Type.INT, "completions are reaped as they arrive");
        ignore("iodepth_batch_complete_min", Type.INT, "completions are reaped as they arrive");
        ignore("iodepth_batch_complete_max", Type.INT, "completions are reaped as they arrive");
        ignore("iodepth_low", Type.INT, "the queue is refilled as soon as a request completes");
        ignore("ioscheduler", Type.STR, "no I/O scheduler in the model");
        ignore("allow_mounted_write", Type.BOOL, "the target is not a kernel device");
        ignore("create_on_open", Type.BOOL, "the target is not a file");
        ignore("create_serialize", Type.BOOL, "the target is not a file");
        ignore("unlink", Type.BOOL, "the target is not a file");
        ignore("directory", Type.STR, "jobs run on the device their filename maps to");
        ignore("refill_buffers", Type.BOOL, "buffers are filled once");
        ignore("scramble_buffers", Type.BOOL, "buffers are random data");
        ignore("buffer_compress_percentage", Type.INT, "buffers are random data");
        ignore("disk_util", Type.BOOL, "no kernel disk statistics");
        ignore("gtod_reduce", Type.BOOL, "timestamps are always taken");
        ignore("random_generator", Type.STR, "offsets come from this project's generator");
        ignore("verify_pattern", Type.STR, "verify blocks carry their own header and pattern");
        ignore("verify_interval", Type.INT, "verify checks each block whole");
    }

    private FioOptionTable()
    {
    }

    private static void add(final String name, final Type type, final Kind kind, final String defaultValue,
                            final String help, final String... aliases)
    {
        final Entry e = new Entry(name, List.of(aliases), type, kind, defaultValue, help);
        ENTRIES.add(e);
        BY_NAME.put(name, e);
        for (final String alias : aliases)
        {
            BY_NAME.put(alias, e);
        }
    }

    private static void ignore(final String name, final Type type, final String reason, final String... aliases)
    {
        add(name, type, Kind.IGNORED, null, reason, aliases);
    }

    /** The entry of a key (fio spelling: case and '-' for '_' do not matter), or null. */
    public static Entry find(final String key)
    {
        return BY_NAME.get(FioJob.normaliseKey(key));
    }

    /** Every option, in the table's order (modelled, reported, then ignored). */
    public static List<Entry> entries()
    {
        return Collections.unmodifiableList(ENTRIES);
    }

    /** One line per option for --help: "  name[, alias]  help". */
    public static List<String> summary()
    {
        final List<String> lines = new ArrayList<>();
        for (final Entry e : ENTRIES)
        {
            final String names = e.name + (e.aliases.isEmpty() ? "" : ", " + String.join(", ", e.aliases));
            lines.add(String.format(Locale.ROOT, "  %-28s %s%s", names, e.kind == Kind.IGNORED ? "(no effect: " : "",
                e.help + (e.kind == Kind.IGNORED ? ")" : "")));
        }
        return lines;
    }
}
