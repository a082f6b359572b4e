package io.dmsnap.engine.block;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * Reads {@link DeviceProfile} specs: {@code NAME}, {@code field=value,...} or
 * {@code NAME,field=value,...}, and prints a profile's canonical spec. Every error is one line
 * naming the field, the value and what was expected. Pure functions; any thread.
 */
final class DeviceProfileParser
{
    /** The named profiles as specs; docs/devices.md gives each figure's source. */
    private static final String NVME = "read-latency=80us,write-latency=20us,read-bw=3200MB/s,write-bw=2500MB/s,"
        + "read-iops=500k,write-iops=450k,qd=1023";
    private static final String SATA_SSD = "read-latency=100us,write-latency=50us,read-bw=550MB/s,write-bw=520MB/s,"
        + "read-iops=98k,write-iops=90k,qd=32";
    private static final String HDD = "latency=200us,bw=250MB/s,inner-bw=120MB/s,qd=32,rpm=7200,"
        + "seek-t2t=0.5ms,seek-avg=8ms,seek-full=17.35ms,write-settle=0.4ms";

    /** Every field name, in the order of the canonical spec. */
    static final List<String> FIELDS = List.of("latency", "read-latency", "write-latency", "dist", "spread", "bw",
        "read-bw", "write-bw", "iops", "read-iops", "write-iops", "qd", "rpm", "seek-t2t", "seek-avg", "seek-full",
        "write-settle", "inner-bw", "capacity", "seed");

    private static final int MAX_QUEUE_DEPTH = 65_536;
    private static final int MAX_RPM = 100_000;
    private static final String NONE = "none";

    private DeviceProfileParser()
    {
    }

    static DeviceProfile named(final String name)
    {
        final String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n)
        {
            case "null":
                return DeviceProfile.NULL;
            case "nvme":
                return apply(new Fields(), NVME, new HashSet<>()).build(n);
            case "sata-ssd":
                return apply(new Fields(), SATA_SSD, new HashSet<>()).build(n);
            case "hdd":
                return apply(new Fields(), HDD, new HashSet<>()).build(n);
            default:
                throw new IllegalArgumentException("unknown device profile '" + name.trim() + "': expected one of "
                    + String.join(", ", DeviceProfile.NAMES) + ", or fields such as latency=80us,bw=500MB/s,qd=32");
        }
    }

    static DeviceProfile parse(final String spec)
    {
        if (spec == null || spec.isBlank())
        {
            throw new IllegalArgumentException("empty device profile: expected one of " + String.join(", ", DeviceProfile.NAMES)
                + ", or fields such as latency=80us,bw=500MB/s,qd=32");
        }
        final String text = spec.trim();
        final int comma = text.indexOf(',');
        final String first = (comma < 0 ? text : text.substring(0, comma)).trim();
        if (first.indexOf('=') >= 0)
        {
            final List<String> given = new ArrayList<>();
            final Fields fields = apply(new Fields(), text, new HashSet<>(), given);
            return fields.build(String.join(",", given));
        }
        final DeviceProfile base = named(first);
        if (comma < 0)
        {
            return base;
        }
        final List<String> given = new ArrayList<>();
        given.add(first.toLowerCase(Locale.ROOT));
        final Fields fields = apply(Fields.of(base), text.substring(comma + 1), new HashSet<>(), given);
        return fields.build(String.join(",", given));
    }

    private static Fields apply(final Fields fields, final String fieldList, final Set<String> seen)
    {
        return apply(fields, fieldList, seen, new ArrayList<>());
    }

    /** Apply {@code key=value} pairs to {@code fields}; {@code given} collects them normalised. */
    private static Fields apply(final Fields fields, final String fieldList, final Set<String> seen, final List<String> given)
    {
        for (final String raw : fieldList.split(",", -1))
        {
            final String item = raw.trim();
            if (item.isEmpty())
            {
                throw new IllegalArgumentException("empty field in device profile '" + fieldList.trim()
                    + "': fields are key=value pairs separated by commas");
            }
            final int eq = item.indexOf('=');
            if (eq < 0)
            {
                throw new IllegalArgumentException("device profile field '" + item + "' has no value: expected key=value"
                    + " (a profile name such as hdd may only come first)");
            }
            final String key = item.substring(0, eq).trim().toLowerCase(Locale.ROOT).replace('_', '-');
            final String value = item.substring(eq + 1).trim();
            if (!FIELDS.contains(key))
            {
                throw new IllegalArgumentException("unknown device profile field '" + item.substring(0, eq).trim()
                    + "': expected one of " + String.join(", ", FIELDS));
            }
            if (!seen.add(key))
            {
                throw new IllegalArgumentException("device profile field '" + key + "' is given twice");
            }
            if (value.isEmpty())
            {
                throw new IllegalArgumentException("device profile field '" + key + "' has an empty value");
            }
            set(fields, key, value);
            given.add(key + "=" + value);
        }
        return fields;
    }

    private static void set(final Fields f, final String key, final String value)
    {
        final boolean none = value.equalsIgnoreCase(NONE);
        switch (key)
        {
            case "latency":
                f.readLatency = ProfileValues.parseDuration(key, value);
                f.writeLatency = f.readLatency;
                break;
            case "read-latency":
                f.readLatency = ProfileValues.parseDuration(key, value);
                break;
            case "write-latency":
                f.writeLatency = ProfileValues.parseDuration(key, value);
                break;
            case "dist":
                f.distribution = LatencyDistribution.byLabel(value);
                break;
            case "spread":
                f.spread = ProfileValues.parsePercent(key, value);
                break;
            case "bw":
                f.readBw = none ? 0 : ProfileValues.parseRate(key, value);
                f.writeBw = f.readBw;
                break;
            case "read-bw":
                f.readBw = none ? 0 : ProfileValues.parseRate(key, value);
                break;
            case "write-bw":
                f.writeBw = none ? 0 : ProfileValues.parseRate(key, value);
                break;
            case "iops":
                f.readIops = none ? 0 : ProfileValues.parseCount(key, value);
                f.writeIops = f.readIops;
                break;
            case "read-iops":
                f.readIops = none ? 0 : ProfileValues.parseCount(key, value);
                break;
            case "write-iops":
                f.writeIops = none ? 0 : ProfileValues.parseCount(key, value);
                break;
            case "qd":
                f.queueDepth = none ? 0 : ProfileValues.parsePositiveInt(key, value, MAX_QUEUE_DEPTH);
                break;
            case "rpm":
                f.rpm = ProfileValues.parsePositiveInt(key, value, MAX_RPM);
                break;
            case "seek-t2t":
                f.seekT2t = ProfileValues.parseDuration(key, value);
                break;
            case "seek-avg":
                f.seekAvg = ProfileValues.parseDuration(key, value);
                break;
            case "seek-full":
                f.seekFull = ProfileValues.parseDuration(key, value);
                break;
            case "write-settle":
                f.writeSettle = ProfileValues.parseDuration(key, value);
                break;
            case "inner-bw":
                f.innerBw = ProfileValues.parseRate(key, value);
                break;
            case "capacity":
                f.capacity = ProfileValues.parseSize(key, value);
                break;
            default:   // "seed": FIELDS holds nothing else
                f.seed = ProfileValues.parseLong(key, value);
                break;
        }
    }

    /** The canonical spec: every field that differs from "none", in {@link #FIELDS} order. */
    static String spec(final DeviceProfile p)
    {
        final List<String> out = new ArrayList<>();
        pair(out, "latency", "read-latency", "write-latency", p.readLatencyNanos(), p.writeLatencyNanos(), false,
            ProfileValues::duration);
        if (p.distribution() != LatencyDistribution.FIXED)
        {
            out.add("dist=" + p.distribution().label());
            out.add("spread=" + ProfileValues.percent(p.spread()));
        }
        pair(out, "bw", "read-bw", "write-bw", p.readBytesPerSecond(), p.writeBytesPerSecond(), true, ProfileValues::rate);
        pair(out, "iops", "read-iops", "write-iops", p.readIops(), p.writeIops(), true, ProfileValues::count);
        if (p.queueDepth() > 0)
        {
            out.add("qd=" + p.queueDepth());
        }
        if (p.rotational())
        {
            out.add("rpm=" + p.rpm());
            out.add("seek-t2t=" + ProfileValues.duration(p.seekCurve().trackToTrackNanos()));
            out.add("seek-avg=" + ProfileValues.duration(p.seekCurve().averageNanos()));
            out.add("seek-full=" + ProfileValues.duration(p.seekCurve().fullStrokeNanos()));
            if (p.writeSettleNanos() > 0)
            {
                out.add("write-settle=" + ProfileValues.duration(p.writeSettleNanos()));
            }
            if (p.innerBytesPerSecond() > 0)
            {
                out.add("inner-bw=" + ProfileValues.rate(p.innerBytesPerSecond()));
            }
            if (p.capacityBytes() > 0)
            {
                out.add("capacity=" + ProfileValues.size(p.capacityBytes()));
            }
        }
        if (p.seed() != DeviceProfile.DEFAULT_SEED)
        {
            out.add("seed=" + p.seed());
        }
        return String.join(",", out);
    }

    /** {@code both=x} when read and write agree, else the two fields; a limit of 0 ("none") is left out. */
    private static void pair(final List<String> out, final String both, final String read, final String write,
                             final long r, final long w, final boolean zeroIsNone,
                             final LongFunction<String> format)
    {
        if (r == w)
        {
            if (r != 0)
            {
                out.add(both + "=" + format.apply(r));
            }
            return;
        }
        if (r != 0 || !zeroIsNone)
        {
            out.add(read + "=" + format.apply(r));
        }
        if (w != 0 || !zeroIsNone)
        {
            out.add(write + "=" + format.apply(w));
        }
    }

    /** The mutable fields of a profile being parsed; {@link #build} checks them together. */
    static final class Fields
    {
        long readLatency;
        long writeLatency;
        LatencyDistribution distribution = LatencyDistribution.FIXED;
        double spread;
        long readBw;
        long writeBw;
        long readIops;
        long writeIops;
        int queueDepth;
        int rpm;
        long seekT2t;
        long seekAvg;
        long seekFull;
        SeekCurve seekCurve;
        long writeSettle;
        long innerBw;
        long capacity;
        long seed = DeviceProfile.DEFAULT_SEED;

        static Fields of(final DeviceProfile p)
        {
            final Fields f = new Fields();
            f.readLatency = p.readLatencyNanos();
            f.writeLatency = p.writeLatencyNanos();
            f.distribution = p.distribution();
            f.spread = p.spread();
            f.readBw = p.readBytesPerSecond();
            f.writeBw = p.writeBytesPerSecond();
            f.readIops = p.readIops();
            f.writeIops = p.writeIops();
            f.queueDepth = p.queueDepth();
            f.rpm = p.rpm();
            if (p.seekCurve() != null)
            {
                f.seekT2t = p.seekCurve().trackToTrackNanos();
                f.seekAvg = p.seekCurve().averageNanos();
                f.seekFull = p.seekCurve().fullStrokeNanos();
            }
            f.writeSettle = p.writeSettleNanos();
            f.innerBw = p.innerBytesPerSecond();
            f.capacity = p.capacityBytes();
            f.seed = p.seed();
            return f;
        }

        /**
         * Check the fields against each other and make the profile.
         *
         * @throws IllegalArgumentException naming the inconsistent fields
         */
        DeviceProfile build(final String label)
        {
            checkDistribution();
            checkRotation();
            return new DeviceProfile(label, this);
        }

        private void checkDistribution()
        {
            if (distribution == LatencyDistribution.FIXED)
            {
                if (spread > 0)
                {
                    throw new IllegalArgumentException("spread=" + ProfileValues.percent(spread)
                        + " needs dist=uniform or dist=lognormal: with dist=fixed every request takes exactly the latency");
                }
                return;
            }
            if (spread == 0)
            {
                throw new IllegalArgumentException("dist=" + distribution.label() + " needs spread=PERCENT, the standard"
                    + " deviation as a percentage of the mean latency (e.g. spread=25%)");
            }
            if (readLatency == 0 && writeLatency == 0)
            {
                throw new IllegalArgumentException("dist=" + distribution.label() + " needs a latency to vary: set latency,"
                    + " read-latency or write-latency");
            }
            if (distribution == LatencyDistribution.UNIFORM && spread > 1 / Math.sqrt(3))
            {
                throw new IllegalArgumentException("spread=" + ProfileValues.percent(spread) + " is too wide for dist=uniform:"
                    + " the latency would go negative; at most 57.7% (dist=lognormal allows any spread)");
            }
        }

        private void checkRotation()
        {
            final int seekFields = (seekT2t > 0 ? 1 : 0) + (seekAvg > 0 ? 1 : 0) + (seekFull > 0 ? 1 : 0);
            if (rpm == 0)
            {
                final String stray = seekT2t > 0 ? "seek-t2t" : seekAvg > 0 ? "seek-avg" : seekFull > 0 ? "seek-full"
                    : writeSettle > 0 ? "write-settle" : innerBw > 0 ? "inner-bw" : capacity > 0 ? "capacity" : null;
                if (stray != null)
                {
                    throw new IllegalArgumentException(stray + " applies to rotating disks only: set rpm and seek-t2t,"
                        + " seek-avg, seek-full (or start from hdd)");
                }
                return;
            }
            if (seekFields < 3)
            {
                throw new IllegalArgumentException("rpm=" + rpm + " needs seek-t2t, seek-avg and seek-full: the seek curve"
                    + " is fitted to all three");
            }
            seekCurve = SeekCurve.fit(seekT2t, seekAvg, seekFull);
            if (innerBw > 0)
            {
                if (readBw == 0 && writeBw == 0)
                {
                    throw new IllegalArgumentException("inner-bw=" + ProfileValues.rate(innerBw)
                        + " needs bw, the outer zone's rate");
                }
                if (readBw != writeBw)
                {
                    throw new IllegalArgumentException("inner-bw=" + ProfileValues.rate(innerBw)
                        + " needs one bw for reads and writes (the media rate), not read-bw and write-bw");
                }
                if (innerBw > readBw)
                {
                    throw new IllegalArgumentException("inner-bw=" + ProfileValues.rate(innerBw) + " is faster than bw="
                        + ProfileValues.rate(readBw) + ": the outer zone is the fastest");
                }
            }
        }
    }
}
