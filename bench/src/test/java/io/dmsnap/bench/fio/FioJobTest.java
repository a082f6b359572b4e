package io.dmsnap.bench.fio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
final class FioJobTest
{
    private static FioJob job(final String... keyValues)
    {
        final Map<String, String> options = new LinkedHashMap<>();
        for (final String kv : keyValues)
        {
            final int eq = kv.indexOf('=');
            options.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
        }
        return FioJob.of("j", options);
    }

    private static String error(final String... keyValues)
    {
        return assertThrows(IllegalArgumentException.class, () -> job(keyValues)).getMessage();
    }

    @Test
    void defaultsAreFios()
    {
        final FioJob j = job();
        assertEquals(ReadWrite.READ, j.rw());
        assertEquals(4096, j.blockSize());
        assertEquals(1, j.iodepth());
        assertEquals(1, j.numjobs());
        assertEquals(-1, j.size());
        assertEquals("psync", j.ioengine());
        assertFalse(j.isAsync());
        assertTrue(j.randrepeat());
        assertEquals(FioJob.DEFAULT_RANDSEED, j.randseed());
        assertFalse(j.norandommap());
        assertEquals(0, j.runtimeNanos());
        assertFalse(j.timeBased());
        assertFalse(j.groupReporting());
        assertEquals(VerifyMode.NONE, j.verify());
        assertEquals(50, j.rwmixread());
        assertEquals(0, j.logs().logHistMsec(), "fio: no histogram log lines unless log_hist_msec is set");
        assertEquals(0, j.logs().logAvgMsec(), "fio: one log line per I/O");
        assertEquals(500, j.logs().bwAvgMsec());
        assertEquals(500, j.logs().iopsAvgMsec());
        assertNull(j.filename());
        assertNull(j.logs().histLog());
        assertFalse(j.grouping().stonewall());
        assertFalse(j.grouping().newGroup());
        assertNull(j.grouping().waitFor());
    }

    @Test
    void sizesTakeBinarySuffixes()
    {
        assertEquals(4096, job("bs=4k").blockSize());
        assertEquals(4096, job("bs=4K").blockSize());
        assertEquals(262_144, job("bs=256k").blockSize());
        assertEquals(1 << 20, job("bs=1m").blockSize());
        assertEquals(8192, job("blocksize=8ki").blockSize());
        // fio's kb_base=1024 compatibility rule: KiB means 1000 (checked against fio 3.33's parser)
        assertEquals(8000, job("size=8KiB").size());
        assertEquals(8192, job("size=8KiB", "kb_base=1000").size());
        assertEquals(8000, job("size=8k", "kb_base=1000").size());
        assertTrue(error("blocksize=8KiB").contains("multiples of 512"));
        assertEquals(512, job("bs=512").blockSize());
        assertEquals(80L << 30, job("size=80g").size());
        assertEquals(2L << 40, job("size=2t").size());
        assertEquals(16L << 20, job("size=16MB").size());
        assertEquals(1L << 30, job("offset=1g").offset());
        assertEquals(20L << 30, job("offset_increment=20g").offsetIncrement());
    }

    @Test
    void badSizesNameKeyValueAndExpectation()
    {
        assertTrue(error("bs=4x").contains("bs=4x"), error("bs=4x"));
        assertTrue(error("bs=100").contains("multiples of 512"), error("bs=100"));
        assertTrue(error("bs=128m").contains("64m"));
        assertTrue(error("size=").contains("size="));
        assertTrue(error("size=0").contains("above 0"));
        assertTrue(error("size=-4k").contains("size=-4k"));
        assertTrue(error("offset=12").contains("multiples of bs"));
        assertTrue(error("offset_increment=1k").contains("offset_increment"));
    }

    @Test
    void timesTakeSuffixesAndTimeoutIsRuntime()
    {
        assertEquals(120_000_000_000L, job("runtime=120").runtimeNanos());
        assertEquals(120_000_000_000L, job("timeout=120").runtimeNanos());
        assertEquals(120_000_000_000L, job("runtime=2m").runtimeNanos());
        assertEquals(3_600_000_000_000L, job("runtime=1h").runtimeNanos());
        assertEquals(500_000_000L, job("runtime=500ms").runtimeNanos());
        assertEquals(5_000_000_000L, job("runtime=5s").runtimeNanos());
        assertEquals(10_000_000_000L, job("ramp_time=10s").rampNanos());
        assertTrue(error("runtime=soon").contains("runtime=soon"));
        assertTrue(error("ramp_time=1d").contains("ramp_time=1d"));
        assertTrue(error("time_based").contains("needs runtime"));
        assertTrue(job("time_based", "runtime=1").timeBased());
    }

    @Test
    void rwValuesAndMix()
    {
        assertEquals(ReadWrite.RANDWRITE, job("rw=randwrite").rw());
        assertEquals(ReadWrite.WRITE, job("rw=write").rw());
        assertEquals(ReadWrite.RANDREAD, job("readwrite=randread").rw());
        assertEquals(ReadWrite.READ, job("rw=read").rw());
        assertEquals(ReadWrite.RANDRW, job("rw=randrw").rw());
        assertEquals(ReadWrite.READWRITE, job("rw=readwrite").rw());
        assertEquals(70, job("rw=randrw", "rwmixread=70").rwmixread());
        assertEquals(30, job("rw=randrw", "rwmixwrite=70").rwmixread());
        assertTrue(error("rw=sideways").contains("randwrite"));
        assertTrue(error("rwmixread=101").contains("0 to 100"));
    }

    @Test
    void enginesDecideTheDepth()
    {
        final FioJob async = job("ioengine=libaio", "iodepth=32");
        assertTrue(async.isAsync());
        assertEquals(32, async.iodepth());
        assertTrue(job("ioengine=io_uring").isAsync());
        assertTrue(job("ioengine=async").isAsync());
        final FioJob sync = job("ioengine=psync", "iodepth=32");
        assertFalse(sync.isAsync());
        assertEquals(1, sync.iodepth());
        assertTrue(sync.notes().get(0).contains("iodepth=32 has no effect"), sync.notes()::toString);
        assertFalse(job("ioengine=sync").isAsync());
        assertTrue(error("ioengine=windowsaio").contains("libaio"));
        assertTrue(error("iodepth=0").contains("iodepth=0"));
        assertTrue(error("numjobs=x").contains("numjobs=x"));
        assertEquals(8, job("numjobs=8").numjobs());
    }

    @Test
    void flagsAndBooleans()
    {
        assertTrue(job("group_reporting").groupReporting());
        assertTrue(job("norandommap=1").norandommap());
        assertFalse(job("randrepeat=0").randrepeat());
        assertTrue(job("randrepeat=yes").randrepeat());
        assertEquals(42, job("randseed=42").randseed());
        assertTrue(job("randseed=42").randseedGiven());
        assertEquals(1000, job("number_ios=1000").numberIos());
        assertTrue(error("group_reporting=maybe").contains("boolean"));
    }

    @Test
    void verifyHistLogAndFilename()
    {
        assertEquals(VerifyMode.CRC32C, job("verify=crc32c").verify());
        assertEquals(VerifyMode.PATTERN, job("verify=pattern").verify());
        assertEquals(VerifyMode.NONE, job("verify=0").verify());
        assertEquals(VerifyMode.CRC32C, job("verify=md5").verify());
        assertTrue(job("verify=md5").notes().get(0).contains("crc32c"), job("verify=md5").notes().toString());
        assertEquals(VerifyMode.META, job("verify=meta").verify());
        assertTrue(error("verify=adler").contains("meta"));
        assertEquals("out/run", job("write_hist_log=out/run").logs().histLog());
        assertEquals(250, job("log_hist_msec=250").logs().logHistMsec());
        assertTrue(error("log_hist_msec=-1").contains("log_hist_msec=-1"));
        assertTrue(error("log_hist_coarseness=7").contains("0 to 6"));
        assertEquals("snapshot", job("filename=snapshot").filename());
        assertTrue(error("filename= ").contains("filename"));
    }

    @Test
    void suiteKeysAreAcceptedWithANote()
    {
        final FioJob j = job("direct=1", "stonewall", "cpus_allowed=0-3", "cpus_allowed_policy=split", "thread",
            "buffered=0", "iodepth_batch=16", "invalidate=1");
        assertEquals(7, j.notes().size(), j.notes()::toString);
        assertEquals("ignored: direct=1 (no page cache in the model)", j.notes().get(0));
        assertTrue(j.grouping().stonewall(), "stonewall is modelled, not ignored");
    }

    @Test
    void unknownKeysNameTheKeyAndTheSection()
    {
        final String message = error("frobnicate=3");
        assertTrue(message.contains("'frobnicate'"), message);
        assertTrue(message.contains("[j]"), message);
    }

    @Test
    void keysAreCaseAndDashInsensitive()
    {
        assertEquals(16L << 20, job("Offset-Increment=16m").offsetIncrement());
        assertEquals(ReadWrite.RANDWRITE, job("RW=randwrite").rw());
    }

    @Test
    void regionsFollowFio()
    {
        final FioJob sized = job("numjobs=4", "size=1g", "offset_increment=1g", "offset=4k");
        assertEquals(1L << 30, sized.regionBytes(80L << 30));
        assertEquals(4096 + 2 * (1L << 30), sized.regionStart(2, 80L << 30));
        final FioJob unsized = job("numjobs=3", "bs=4k", "offset=8k");
        // size absent: as in fio, every clone covers the device from offset to its end (whole
        // blocks); nothing is split between the clones
        final long device = (12L << 20) + 4096 + 512;
        assertEquals((12L << 20) + 4096 - 8192, unsized.regionBytes(device));
        assertEquals(8192, unsized.regionStart(0, device));
        assertEquals(8192, unsized.regionStart(2, device));
        assertEquals(-1, unsized.offsetIncrement(), "absent");
    }

    @Test
    void sizeWithoutOffsetIncrementSharesOneRangeAsFioDoes()
    {
        final FioJob shared = job("numjobs=2", "size=1m");
        assertEquals(0, shared.regionStart(1, 16L << 20));
        final FioJob explicitZero = job("numjobs=2", "offset_increment=0", "offset=8k");
        assertEquals(8192, explicitZero.regionStart(1, 16L << 20), "an explicit offset_increment=0 is kept");
    }

    @Test
    void withReplacesAnOptionAndRevalidates()
    {
        final FioJob j = job("rw=randwrite", "bs=4k");
        assertEquals(8192, j.with("bs", "8k").blockSize());
        assertEquals(4096, j.blockSize());
        assertThrows(IllegalArgumentException.class, () -> j.with("bs", "3"));
    }
}
