package io.dmsnap.engine.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeviceProfileTest
{
    private static final long US = 1_000;
    private static final long MS = 1_000_000;

    @Test
    void nullProfileHasNoFieldAndIsTheDefault()
    {
        final DeviceProfile p = DeviceProfile.parse("null");
        assertSame(DeviceProfile.NULL, p);
        assertTrue(p.isNull());
        assertEquals("null", p.label());
        assertEquals("", p.spec());
        assertEquals(0, p.readLatencyNanos() + p.writeLatencyNanos() + p.readBytesPerSecond() + p.readIops() + p.queueDepth());
        assertFalse(p.rotational());
        assertSame(DeviceProfile.NULL, DeviceProfile.parse(" NULL "));
    }

    @Test
    void nvmeFigures()
    {
        final DeviceProfile p = DeviceProfile.named("nvme");
        assertEquals(80 * US, p.readLatencyNanos());
        assertEquals(20 * US, p.writeLatencyNanos());
        assertEquals(3_200_000_000L, p.readBytesPerSecond());
        assertEquals(2_500_000_000L, p.writeBytesPerSecond());
        assertEquals(500_000, p.readIops());
        assertEquals(450_000, p.writeIops());
        assertEquals(1023, p.queueDepth());
        assertFalse(p.rotational());
        assertFalse(p.isNull());
        assertEquals("nvme", p.label());
    }

    @Test
    void sataSsdFigures()
    {
        final DeviceProfile p = DeviceProfile.named("sata-ssd");
        assertEquals(100 * US, p.readLatencyNanos());
        assertEquals(50 * US, p.writeLatencyNanos());
        assertEquals(550_000_000L, p.readBytesPerSecond());
        assertEquals(520_000_000L, p.writeBytesPerSecond());
        assertEquals(98_000, p.readIops());
        assertEquals(90_000, p.writeIops());
        assertEquals(32, p.queueDepth());
    }

    @Test
    void hddFigures()
    {
        final DeviceProfile p = DeviceProfile.named("hdd");
        assertTrue(p.rotational());
        assertEquals(7200, p.rpm());
        assertEquals(8_333_333, p.revolutionNanos());
        assertEquals(200 * US, p.readLatencyNanos());
        assertEquals(200 * US, p.writeLatencyNanos());
        assertEquals(250_000_000L, p.readBytesPerSecond());
        assertEquals(120_000_000L, p.innerBytesPerSecond());
        assertEquals(500 * US, p.seekCurve().trackToTrackNanos());
        assertEquals(8 * MS, p.seekCurve().averageNanos());
        assertEquals(17_350 * US, p.seekCurve().fullStrokeNanos());
        assertEquals(400 * US, p.writeSettleNanos());
        assertEquals(32, p.queueDepth());
        assertEquals(0, p.capacityBytes(), "seeks relative to the device's own size");
    }

    @Test
    void inlineSpecFromTheIssue()
    {
        final DeviceProfile p = DeviceProfile.parse("latency=80us,bw=500MB/s,qd=32");
        assertEquals(80 * US, p.readLatencyNanos());
        assertEquals(80 * US, p.writeLatencyNanos());
        assertEquals(500_000_000L, p.readBytesPerSecond());
        assertEquals(500_000_000L, p.writeBytesPerSecond());
        assertEquals(32, p.queueDepth());
        assertEquals(0, p.readIops());
        assertEquals(LatencyDistribution.FIXED, p.distribution());
        assertEquals("latency=80us,bw=500MB/s,qd=32", p.label());
        assertEquals("latency=80us,bw=500MB/s,qd=32", p.spec());
    }

    @Test
    void unitsAreParsedExactly()
    {
        assertEquals(500, DeviceProfile.parse("latency=500ns").readLatencyNanos());
        assertEquals(80 * US, DeviceProfile.parse("latency=80µs").readLatencyNanos());
        assertEquals(17_350 * US, DeviceProfile.parse("latency=17.35ms").readLatencyNanos());
        assertEquals(2_000 * MS, DeviceProfile.parse("latency=2s").readLatencyNanos());
        assertEquals(500 * US, DeviceProfile.parse("latency=0.5MS").readLatencyNanos(), "units are case-insensitive");
        assertEquals(4_000_000L, DeviceProfile.parse("bw=4MB/s").readBytesPerSecond());
        assertEquals(4L << 20, DeviceProfile.parse("bw=4MiB/s").readBytesPerSecond());
        assertEquals(1_500_000_000L, DeviceProfile.parse("bw=1.5GB/s").readBytesPerSecond());
        assertEquals(4096, DeviceProfile.parse("bw=4KiB/s").readBytesPerSecond());
        assertEquals(98_000, DeviceProfile.parse("iops=98k").readIops());
        assertEquals(1_234, DeviceProfile.parse("iops=1234").writeIops());
        assertEquals(0.25, DeviceProfile.parse("latency=1ms,dist=lognormal,spread=25%").spread(), 1e-12);
        assertEquals(4_000_000_000_000L, DeviceProfile.parse("hdd,capacity=4TB").capacityBytes());
        assertEquals(1L << 40, DeviceProfile.parse("hdd,capacity=1TiB").capacityBytes());
    }

    @Test
    void readAndWriteFieldsOverrideTheCommonOneWhateverTheOrder()
    {
        final DeviceProfile p = DeviceProfile.parse("read-latency=100us,latency=50us,write_bw=100MB/s,bw=200MB/s");
        assertEquals(50 * US, p.readLatencyNanos(), "fields apply in order: latency came last");
        final DeviceProfile q = DeviceProfile.parse("latency=50us,read-latency=100us,bw=200MB/s,write-bw=100MB/s");
        assertEquals(100 * US, q.readLatencyNanos());
        assertEquals(50 * US, q.writeLatencyNanos());
        assertEquals(200_000_000L, q.readBytesPerSecond());
        assertEquals(100_000_000L, q.writeBytesPerSecond());
        assertEquals("read-latency=100us,write-latency=50us,read-bw=200MB/s,write-bw=100MB/s", q.spec());
    }

    @Test
    void aNamedProfileCanBeTheBaseOfOverrides()
    {
        final DeviceProfile p = DeviceProfile.parse("hdd,qd=1,rpm=5400");
        assertEquals("hdd,qd=1,rpm=5400", p.label());
        assertEquals(1, p.queueDepth());
        assertEquals(5400, p.rpm());
        assertEquals(8 * MS, p.seekCurve().averageNanos(), "the rest comes from hdd");
        final DeviceProfile q = DeviceProfile.parse("nvme,iops=none,qd=none");
        assertEquals(0, q.readIops());
        assertEquals(0, q.writeIops());
        assertEquals(0, q.queueDepth());
        assertEquals(80 * US, q.readLatencyNanos());
    }

    @Test
    void theCanonicalSpecParsesBackToAnEqualProfile()
    {
        for (final String spec : new String[] {"nvme", "sata-ssd", "hdd", "hdd,capacity=4TB,seed=7,qd=none",
            "latency=80us,bw=500MB/s,qd=32", "read-latency=90us,write-latency=0ns,dist=uniform,spread=12.5%",
            "latency=1ms,dist=lognormal,spread=150%,bw=4MiB/s,read-iops=1000", "rpm=5400,seek-t2t=1ms,seek-avg=12ms,seek-full=22ms"})
        {
            final DeviceProfile p = DeviceProfile.parse(spec);
            final DeviceProfile back = DeviceProfile.parse(p.spec());
            assertEquals(p, back, spec + " -> " + p.spec());
            assertEquals(p.hashCode(), back.hashCode());
            assertEquals(p.spec(), back.spec());
        }
        assertEquals("latency=200us,bw=250MB/s,qd=32,rpm=7200,seek-t2t=500us,seek-avg=8ms,seek-full=17.35ms,"
            + "write-settle=400us,inner-bw=120MB/s", DeviceProfile.named("hdd").spec());
        assertNotEquals(DeviceProfile.named("hdd"), DeviceProfile.parse("hdd,seed=2"));
    }

    @Test
    void distributionsNeedASpreadAndALatency()
    {
        final DeviceProfile p = DeviceProfile.parse("latency=100us,dist=uniform,spread=20%,seed=42");
        assertEquals(LatencyDistribution.UNIFORM, p.distribution());
        assertEquals(42, p.seed());
        assertEquals(DeviceProfile.DEFAULT_SEED, DeviceProfile.parse("latency=1us").seed());
        assertNull(DeviceProfile.parse("latency=1us").seekCurve());
    }

    @Test
    void badInputIsRefusedWithTheProblemNamed()
    {
        refused("", "empty device profile");
        refused("  ", "empty device profile");
        refused("ssd", "unknown device profile 'ssd': expected one of null, nvme, sata-ssd, hdd");
        refused("hdd,qd=1,nvme", "device profile field 'nvme' has no value");
        refused("latency=80us,,qd=2", "empty field in device profile");
        refused("latency=80us,speed=5", "unknown device profile field 'speed': expected one of latency, read-latency");
        refused("latency=80us,latency=90us", "device profile field 'latency' is given twice");
        refused("latency=", "device profile field 'latency' has an empty value");
        // units
        refused("latency=80", "latency=80: missing unit; expected a duration such as 80us");
        refused("latency=80sec", "latency=80sec: unknown unit 'sec'; expected one of ns, us, ms, s");
        refused("latency=fast", "latency=fast: expected a duration such as 80us");
        refused("bw=500MB", "bw=500MB: expected a rate per second such as 500MB/s");
        refused("bw=500Mbit/s", "bw=500Mbit/s: unknown unit 'Mbit/s'");
        refused("iops=98q", "iops=98q: unknown suffix 'q'");
        refused("qd=1.5", "qd=1.5: expected a whole number from 1 to 65536");
        refused("spread=20us,latency=1ms,dist=lognormal", "spread=20us: expected a percentage of the mean such as 25%");
        refused("hdd,capacity=1000B", "capacity=1000B: not a whole number of 512-byte sectors");
        refused("dist=gaussian,latency=1ms", "dist=gaussian: unknown distribution; expected fixed, uniform or lognormal");
        // negative and zero values
        refused("latency=-5us", "latency=-5us: must not be negative");
        refused("bw=-1MB/s", "bw=-1MB/s: must not be negative");
        refused("qd=-3", "qd=-3: must not be negative");
        refused("bw=0MB/s", "bw=0MB/s: must be positive");
        refused("qd=0", "qd=0: must be positive");
        refused("latency=2h", "latency=2h: unknown unit 'h'");
        refused("latency=61s", "latency=61s: too large; at most 60s");
        // inconsistent fields
        refused("latency=1ms,spread=10%", "spread=10% needs dist=uniform or dist=lognormal");
        refused("latency=1ms,dist=lognormal", "dist=lognormal needs spread=PERCENT");
        refused("dist=uniform,spread=10%", "dist=uniform needs a latency to vary");
        refused("latency=1ms,dist=uniform,spread=60%", "spread=60% is too wide for dist=uniform");
        refused("seek-avg=8ms", "seek-avg applies to rotating disks only");
        refused("latency=1ms,inner-bw=100MB/s", "inner-bw applies to rotating disks only");
        refused("rpm=7200", "rpm=7200 needs seek-t2t, seek-avg and seek-full");
        refused("rpm=7200,seek-t2t=1ms,seek-avg=8ms", "rpm=7200 needs seek-t2t, seek-avg and seek-full");
        refused("hdd,seek-avg=20ms", "seek-t2t=500us, seek-avg=20ms, seek-full=17.35ms: expected 0 < seek-t2t < seek-avg < seek-full");
        refused("hdd,seek-avg=12ms", "seek-avg=12ms is inconsistent with seek-t2t=500us and seek-full=17.35ms:"
            + " a seek curve through them averages between 6.117ms and 9.487ms");
        refused("hdd,bw=100MB/s", "inner-bw=120MB/s is faster than bw=100MB/s");
        refused("hdd,bw=none", "inner-bw=120MB/s needs bw");
        refused("hdd,read-bw=200MB/s", "inner-bw=120MB/s needs one bw for reads and writes");
    }

    private static void refused(final String spec, final String message)
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceProfile.parse(spec), spec);
        assertTrue(e.getMessage().startsWith(message) || e.getMessage().contains(message),
            "'" + spec + "' gave: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
