package io.dmsnap.engine.block;

import java.util.List;
import java.util.Objects;

/**
 * What requests cost on a modelled device: the immutable input of {@link TimedDevice}.
 *
 * <p>A profile is a named one ({@link #NULL}, {@code nvme}, {@code sata-ssd}, {@code hdd}; see
 * {@link #NAMES}) or an inline spec of comma-separated {@code field=value} pairs, optionally
 * starting with a name whose fields the rest override ({@code hdd,qd=1}). {@link #parse} reads
 * both; the fields and their units are in docs/devices.md. What the fields mean:
 * <ul>
 *   <li>latency: a fixed cost per request, separately for reads and writes (FLUSH and DISCARD
 *       cost a write's latency), either exactly the mean or drawn from a seeded
 *       {@link LatencyDistribution} with a spread (standard deviation / mean);</li>
 *   <li>bandwidth: bytes per second for reads and writes; a request's transfer time is
 *       {@code bytes / bandwidth} and transfers of concurrent requests share it;</li>
 *   <li>IOPS: requests per second, for reads and writes; request starts are spaced by
 *       {@code 1 / iops};</li>
 *   <li>queue depth: at most this many requests in service, the rest wait in FIFO order;</li>
 *   <li>rotation: a rotating disk (rpm set) serves one request at a time and adds a seek from the
 *       head's position ({@link SeekCurve}, fitted to track-to-track, average and full-stroke
 *       times, plus a settle time for writes), a rotational delay uniform in one revolution, and
 *       a transfer rate that falls linearly from the outer to the inner zone.</li>
 * </ul>
 * A limit of 0 means "none": no bandwidth, IOPS or queue depth limit. The {@link #NULL} profile
 * has no field at all and means "no timing model": {@link TimedDevice#wrap} returns the device
 * unchanged.
 *
 * <p>Immutable and thread-safe. Equality is by field values; {@link #label()} is how the profile
 * was asked for, {@link #spec()} is every field in canonical form.
 */
public final class DeviceProfile
{
    /** The names {@link #named} and {@link #parse} know, in the order documentation lists them. */
    public static final List<String> NAMES = List.of("null", "nvme", "sata-ssd", "hdd");

    /** Seed of the latency and rotation draws when the profile does not set {@code seed}. */
    public static final long DEFAULT_SEED = 1;

    /** Today's device: requests cost nothing; no timing model is applied. */
    public static final DeviceProfile NULL = new DeviceProfileParser.Fields().build("null");

    private final String label;
    private final long readLatencyNanos;
    private final long writeLatencyNanos;
    private final LatencyDistribution distribution;
    private final double spread;
    private final long readBytesPerSecond;
    private final long writeBytesPerSecond;
    private final long readIops;
    private final long writeIops;
    private final int queueDepth;
    private final int rpm;
    private final SeekCurve seekCurve;
    private final long writeSettleNanos;
    private final long innerBytesPerSecond;
    private final long capacityBytes;
    private final long seed;

    DeviceProfile(final String label, final DeviceProfileParser.Fields f)
    {
        this.label = label;
        this.readLatencyNanos = f.readLatency;
        this.writeLatencyNanos = f.writeLatency;
        this.distribution = f.distribution;
        this.spread = f.spread;
        this.readBytesPerSecond = f.readBw;
        this.writeBytesPerSecond = f.writeBw;
        this.readIops = f.readIops;
        this.writeIops = f.writeIops;
        this.queueDepth = f.queueDepth;
        this.rpm = f.rpm;
        this.seekCurve = f.seekCurve;
        this.writeSettleNanos = f.writeSettle;
        this.innerBytesPerSecond = f.innerBw;
        this.capacityBytes = f.capacity;
        this.seed = f.seed;
    }

    /**
     * A profile from a name ({@code null}, {@code nvme}, {@code sata-ssd}, {@code hdd}) or an inline
     * spec such as {@code latency=80us,bw=500MB/s,qd=32} or {@code hdd,qd=1}.
     *
     * @throws IllegalArgumentException with one line naming the unknown name, the bad field or
     *                                  unit, or the inconsistent fields
     */
    public static DeviceProfile parse(final String spec)
    {
        return DeviceProfileParser.parse(spec);
    }

    /**
     * One of the named profiles.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static DeviceProfile named(final String name)
    {
        return DeviceProfileParser.named(name);
    }

    /** True for the profile with no fields ({@link #NULL}): no timing model. */
    public boolean isNull()
    {
        return equals(NULL);
    }

    /** How the profile was asked for: a name ({@code hdd}) or the spec as given, normalised ({@code hdd,qd=1}). */
    public String label()
    {
        return label;
    }

    /** Every field in canonical form, comma-separated; parses back to an equal profile. Empty for {@link #NULL}. */
    public String spec()
    {
        return DeviceProfileParser.spec(this);
    }

    public long readLatencyNanos()
    {
        return readLatencyNanos;
    }

    public long writeLatencyNanos()
    {
        return writeLatencyNanos;
    }

    /** The mean latency of {@code op}: reads have their own, FLUSH and DISCARD cost a write's. */
    public long latencyNanos(final BioOp op)
    {
        return op == BioOp.READ ? readLatencyNanos : writeLatencyNanos;
    }

    public LatencyDistribution distribution()
    {
        return distribution;
    }

    /** Standard deviation of the latency as a fraction of its mean; 0 with {@link LatencyDistribution#FIXED}. */
    public double spread()
    {
        return spread;
    }

    /** Read bandwidth in bytes per second; 0 for no limit. On a rotating disk: the outer zone's rate. */
    public long readBytesPerSecond()
    {
        return readBytesPerSecond;
    }

    /** Write bandwidth in bytes per second; 0 for no limit. On a rotating disk: the outer zone's rate. */
    public long writeBytesPerSecond()
    {
        return writeBytesPerSecond;
    }

    /** Bandwidth of {@code op} in bytes per second (0: unlimited); FLUSH and DISCARD move no data. */
    public long bytesPerSecond(final BioOp op)
    {
        return op == BioOp.READ ? readBytesPerSecond : writeBytesPerSecond;
    }

    /** Read requests per second; 0 for no limit. */
    public long readIops()
    {
        return readIops;
    }

    /** Write (and FLUSH, DISCARD) requests per second; 0 for no limit. */
    public long writeIops()
    {
        return writeIops;
    }

    public long iops(final BioOp op)
    {
        return op == BioOp.READ ? readIops : writeIops;
    }

    /** Requests in service at most; the rest wait in FIFO order. 0 for no limit. */
    public int queueDepth()
    {
        return queueDepth;
    }

    /** True for a rotating disk: one request at a time, with seeks and rotational delay. */
    public boolean rotational()
    {
        return rpm > 0;
    }

    /** Revolutions per minute; 0 when the device does not rotate. */
    public int rpm()
    {
        return rpm;
    }

    /** One revolution in nanoseconds (the largest rotational delay); 0 when the device does not rotate. */
    public long revolutionNanos()
    {
        return rpm == 0 ? 0 : Math.round(60e9 / rpm);
    }

    /** The seek curve of a rotating disk; null otherwise. */
    public SeekCurve seekCurve()
    {
        return seekCurve;
    }

    /** Extra time a write seek takes to settle (0 for reads and without a seek). */
    public long writeSettleNanos()
    {
        return writeSettleNanos;
    }

    /**
     * Inner-zone transfer rate of a rotating disk in bytes per second: the rate falls linearly from
     * the bandwidth at the first sector to this at the end of the capacity. 0 when the rate is the
     * same everywhere.
     */
    public long innerBytesPerSecond()
    {
        return innerBytesPerSecond;
    }

    /**
     * The capacity seeks and zones are relative to, in bytes; 0 means "the device's own size" (the
     * modelled device is the whole disk).
     */
    public long capacityBytes()
    {
        return capacityBytes;
    }

    /** Seed of the latency and rotation draws; each device mixes in its name, see {@link TimedDevice}. */
    public long seed()
    {
        return seed;
    }

    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof DeviceProfile))
        {
            return false;
        }
        final DeviceProfile p = (DeviceProfile) o;
        return readLatencyNanos == p.readLatencyNanos && writeLatencyNanos == p.writeLatencyNanos
            && distribution == p.distribution && Double.compare(spread, p.spread) == 0
            && readBytesPerSecond == p.readBytesPerSecond && writeBytesPerSecond == p.writeBytesPerSecond
            && readIops == p.readIops && writeIops == p.writeIops && queueDepth == p.queueDepth && rpm == p.rpm
            && sameSeek(seekCurve, p.seekCurve) && writeSettleNanos == p.writeSettleNanos
            && innerBytesPerSecond == p.innerBytesPerSecond && capacityBytes == p.capacityBytes && seed == p.seed;
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(readLatencyNanos, writeLatencyNanos, distribution, spread, readBytesPerSecond,
            writeBytesPerSecond, readIops, writeIops, queueDepth, rpm,
            seekCurve == null ? 0 : seekCurve.averageNanos(), writeSettleNanos, innerBytesPerSecond, capacityBytes, seed);
    }

    private static boolean sameSeek(final SeekCurve a, final SeekCurve b)
    {
        if (a == null || b == null)
        {
            return a == b;
        }
        return a.trackToTrackNanos() == b.trackToTrackNanos() && a.averageNanos() == b.averageNanos()
            && a.fullStrokeNanos() == b.fullStrokeNanos();
    }

    /** The label, e.g. {@code hdd} or {@code latency=80us,bw=500MB/s,qd=32}. */
    @Override
    public String toString()
    {
        return label;
    }
}
