package io.dmsnap.cli.fio;

import io.dmsnap.cli.CliResult;
import io.dmsnap.cli.JsonValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dmsnap fio --origin-profile / --cow-profile}: timed devices under the stack; assertions on counters, never on times. */
@Timeout(60)
final class FioDeviceProfileTest
{
    @Test
    void aRunWithAnHddCowCompletesAndTheCowCountsEveryCopy()
    {
        final CliResult r = CliResult.run("fio", "--target=origin", "--device=memory", "--origin-size=16m",
            "--cow-profile", "hdd", "--name=w", "--rw=randwrite", "--bs=4k", "--size=256k", "--ioengine=libaio",
            "--iodepth=4", "--verify=crc32c");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.startsWith("dmsnap fio: jobs ran on origin (stack: origin: origin 32768 sectors, snapshot N "
            + "chunk 8 sectors, current, origin device null, cow device hdd)\n"), r.out);
        // 64 blocks written once each: 64 chunks copied, one 4 KiB COW write per copy, nothing read from the COW.
        assertTrue(r.out.contains("Device timing (modelled):\n  cow (hdd): requests=64 (reads=0, writes=64, other=0), "
            + "read 0 B, written 262144 B, "), r.out);
        assertTrue(r.out.contains("Engine stats:\n  snapshot snap: valid,"), r.out);
        assertFalse(r.out.contains("raw (null)"), "the origin's device has no profile: " + r.out);
    }

    @Test
    void aPersistentCowOnADiskSeeksBetweenDataAndMetadata()
    {
        final CliResult r = CliResult.run("fio", "--target=origin", "--store=P", "--device=memory", "--origin-size=16m",
            "--cow-profile=hdd", "--name=w", "--rw=randwrite", "--bs=4k", "--size=64k");
        assertEquals(0, r.exitCode, r.toString());
        final Matcher m = Pattern.compile("cow \\(hdd\\): requests=(\\d+) \\(reads=(\\d+), writes=(\\d+), other=(\\d+)\\).*"
            + "seeks=(\\d+) \\(distance (\\d+) sectors").matcher(r.out);
        assertTrue(m.find(), r.out);
        final long writes = Long.parseLong(m.group(3));
        assertTrue(writes > 16, "16 data chunks plus the header and metadata area writes: " + writes);
        assertTrue(Long.parseLong(m.group(5)) > 0, "metadata writes move the head away from the data: " + r.out);
        assertTrue(Long.parseLong(m.group(6)) > 0);
    }

    @Test
    void theRawDeviceTakesTheOriginProfileAndJsonCarriesTheCounters(@TempDir final Path dir) throws Exception
    {
        final Path output = dir.resolve("out.json");
        final CliResult r = CliResult.run("fio", "--target=raw", "--device=null", "--origin-size=64m",
            "--origin-profile=latency=80us,bw=500MB/s,qd=32", "--rw=randread", "--bs=4k", "--size=1m", "--iodepth=16",
            "--ioengine=libaio", "--output-format=json", "--output=" + output);
        assertEquals(0, r.exitCode, r.toString());
        @SuppressWarnings("unchecked")
        final Map<String, Object> root = (Map<String, Object>) JsonValues.parse(Files.readString(output));
        @SuppressWarnings("unchecked")
        final Map<String, Object> globals = (Map<String, Object>) root.get("global options");
        assertEquals("raw: null device of 64MiB, profile latency=80us,bw=500MB/s,qd=32", globals.get("dmsnap_target"));
        assertTrue(String.valueOf(globals.get("dmsnap_device_stats")).startsWith(
            "raw (latency=80us,bw=500MB/s,qd=32): requests=256 (reads=256, writes=0, other=0), read 1048576 B,"),
            String.valueOf(globals));
        @SuppressWarnings("unchecked")
        final Map<String, Object> job = (Map<String, Object>) ((List<Object>) root.get("jobs")).get(0);
        @SuppressWarnings("unchecked")
        final Map<String, Object> read = (Map<String, Object>) job.get("read");
        assertEquals(256L, read.get("total_ios"));
    }

    @Test
    void withoutProfilesNothingIsTimed()
    {
        final CliResult r = CliResult.run("fio", "--target=snapshot", "--device=null", "--origin-size=16m", "--rw=randwrite",
            "--bs=4k", "--size=64k");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("origin device null, cow device null"), r.out);
        assertFalse(r.out.contains("Device timing"), r.out);
    }

    @Test
    void badProfilesExitTwoWithTheProblemNamed()
    {
        bad("bad value for --cow-profile=ssd: unknown device profile 'ssd': expected one of null, nvme, sata-ssd, hdd",
            "--cow-profile=ssd");
        bad("bad value for --origin-profile=latency=80: latency=80: missing unit", "--origin-profile=latency=80");
        bad("bad value for --origin-profile=latency=-1us: latency=-1us: must not be negative", "--origin-profile=latency=-1us");
        bad("bad value for --cow-profile=bw=500MB: bw=500MB: expected a rate per second such as 500MB/s",
            "--cow-profile=bw=500MB");
        bad("bad value for --cow-profile=qd=0: qd=0: must be positive", "--cow-profile=qd=0");
        bad("bad value for --cow-profile=hdd,seek-avg=12ms: seek-avg=12ms is inconsistent with seek-t2t=500us and "
            + "seek-full=17.35ms", "--cow-profile=hdd,seek-avg=12ms");
        bad("bad value for --cow-profile=latency=1ms,spread=5%: spread=5% needs dist=uniform or dist=lognormal",
            "--cow-profile=latency=1ms,spread=5%");
        bad("bad value for --origin-profile=nvme,speed=3: unknown device profile field 'speed'", "--origin-profile=nvme,speed=3");
        bad("--cow-profile=hdd has no device to time: --target=raw has no COW device", "--target=raw", "--cow-profile=hdd");
        bad("--completion-nsec=1000 cannot be combined with a device profile", "--completion-nsec=1000",
            "--origin-profile=nvme");
    }

    private static void bad(final String message, final String... options)
    {
        final String[] args = new String[options.length + 4];
        args[0] = "fio";
        System.arraycopy(options, 0, args, 1, options.length);
        args[options.length + 1] = "--rw=read";
        args[options.length + 2] = "--size=64k";
        args[options.length + 3] = "--origin-size=16m";
        final CliResult r = CliResult.run(args);
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.startsWith("dmsnap: " + message), r.toString());
        assertEquals(1, r.err.strip().lines().count(), "one line: " + r.err);
        assertFalse(r.errHasStackTrace(), r.err);
        assertEquals("", r.out);
    }
}
