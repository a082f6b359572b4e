package io.dmsnap.cli.fio;

import io.dmsnap.cli.Dmsnap;
import io.dmsnap.cli.JsonValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
final class FioCommandTest
{
    /** Exit code, stdout and stderr of one run. */
    private static String[] run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Dmsnap.run(new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void smokeRunOnTheRawNullDevice()
    {
        final String[] r = run("fio", "--target=raw", "--device=null", "--rw=randwrite", "--bs=4k", "--iodepth=32",
            "--numjobs=2", "--size=16m");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("randwrite: (groupid=0, jobs=1): err= 0"), r[1]);
        assertTrue(r[1].contains("  write: IOPS="), r[1]);
        assertTrue(r[1].contains("(16.0MiB/"), r[1]);
        assertTrue(r[1].contains("Run status group 0 (all jobs):"), r[1]);
        assertTrue(r[2].contains("iodepth=32 has no effect with ioengine=psync"), r[2]);
    }

    @Test
    void jsonOutputToAFileWithAJobFile(@TempDir final Path dir) throws Exception
    {
        final Path jobFile = dir.resolve("dmtest.fio");
        // dmtest's throughput job, with 2 workers of 8 MiB instead of 4 of 20 GiB.
        Files.writeString(jobFile, String.join("\n",
            "# dmtest fio snapshot benchmark, throughput type",
            "[global]",
            "direct=1",
            "randrepeat=1",
            "numjobs=2",
            "size=8m",
            "offset_increment=8m",
            "timeout=120",
            "ioengine=libaio",
            "iodepth=32",
            "group_reporting",
            "",
            "[randwrite]",
            "rw=randwrite   ; 4 KiB random writes",
            "bs=4k",
            ""));
        final Path output = dir.resolve("out.json");
        final String[] r = run("fio", "--origin-size=64m", "--device=memory", "--output-format=json",
            "--output=" + output, jobFile.toString());
        assertEquals("0", r[0], r[2]);
        assertEquals("", r[1]);
        @SuppressWarnings("unchecked")
        final Map<String, Object> root = (Map<String, Object>) JsonValues.parse(Files.readString(output));
        @SuppressWarnings("unchecked")
        final Map<String, Object> job = (Map<String, Object>) ((List<Object>) root.get("jobs")).get(0);
        @SuppressWarnings("unchecked")
        final Map<String, Object> write = (Map<String, Object>) job.get("write");
        assertEquals(4096L, write.get("total_ios"));
        assertTrue(r[2].contains("ignored: direct=1"), r[2]);
    }

    @Test
    void badArgumentsExitTwoWithoutStackTrace()
    {
        for (final String[] args : new String[][] {
            {"fio", "--rw=sideways"},
            {"fio", "--name=a", "--frobnicate=1"},
            {"fio", "--output-format=xml", "--rw=read"},
            {"fio", "--target=mirror", "--rw=read"},
            {"fio", "--device=tape", "--rw=read"},
            {"fio", "--chunk-size=3k", "--rw=read"},
            {"fio", "--store=X", "--rw=read"},
            {"fio", "--target=bogus", "--rw=read"},
            {"fio", "--preset=nonsense", "--rw=read"},
            {"fio"}})
        {
            final String[] r = run(args);
            assertEquals("2", r[0], String.join(" ", args) + "\n" + r[2]);
            assertTrue(r[2].startsWith("dmsnap: "), r[2]);
            assertFalse(r[2].contains("\tat "), r[2]);
        }
        assertTrue(run("fio", "--name=a", "--frobnicate=1")[2].contains("'frobnicate'"));
        assertTrue(run("fio", "--target=bogus", "--rw=read")[2].contains("origin, snapshot or raw"));
    }

    /** Two workers writing the same blocks cannot verify anything: refused before any I/O, with the fix named. */
    @Test
    void verifyWithOverlappingWorkerRegionsIsRefused()
    {
        final String[] r = run("fio", "--target=raw", "--device=memory", "--size=1m", "--name=w", "--rw=randwrite", "--bs=4k",
            "--numjobs=2", "--verify=crc32c");
        assertEquals("2", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("job [w]: verify needs a region per worker, but workers 0 and 1 overlap"), r[2]);
        assertTrue(r[2].contains("set offset_increment=1048576"), r[2]);
        assertFalse(r[2].contains("\tat "), r[2]);
        // The same job on disjoint regions runs and verifies.
        final String[] ok = run("fio", "--target=raw", "--device=memory", "--size=1m", "--offset_increment=1m", "--name=w",
            "--rw=randwrite", "--bs=4k", "--numjobs=2", "--verify=crc32c");
        assertEquals("0", ok[0], ok[1] + ok[2]);
    }

    /** Origin and snapshot targets run through the snapshot stack, on every store, and verify. */
    @Test
    void originAndSnapshotTargetsRunThroughTheSnapshotStack()
    {
        for (final String target : new String[] {"origin", "snapshot"})
        {
            for (final String store : new String[] {"N", "P"})
            {
                final String[] r = run("fio", "--target=" + target, "--store=" + store, "--device=memory",
                    "--origin-size=16m", "--name=w", "--rw=randwrite", "--bs=4k", "--iodepth=8", "--numjobs=2",
                    "--verify=crc32c");
                assertEquals("0", r[0], target + " " + store + "\n" + r[1] + r[2]);
                assertTrue(r[1].contains("write: IOPS="), r[1]);
                // The engine's counters after the run: every chunk was copied once, nothing is left pending.
                assertTrue(r[1].contains("Engine stats:\n  snapshot snap: valid, lock waits="), r[1]);
                assertTrue(r[1].contains(", pending exceptions=0"), r[1]);
            }
        }
        final String[] raw = run("fio", "--target=raw", "--device=null", "--rw=randwrite", "--bs=4k", "--size=1m");
        assertFalse(raw[1].contains("Engine stats"), "the raw device has no engine: " + raw[1]);
    }

    @Test
    void jsonOutputCarriesTheEngineStatsAmongTheGlobalOptions(@TempDir final Path dir) throws Exception
    {
        final Path output = dir.resolve("out.json");
        final String[] r = run("fio", "--target=origin", "--device=null", "--origin-size=16m", "--name=w",
            "--rw=randwrite", "--bs=4k", "--output-format=json", "--output=" + output);
        assertEquals("0", r[0], r[2]);
        @SuppressWarnings("unchecked")
        final Map<String, Object> root = (Map<String, Object>) JsonValues.parse(Files.readString(output));
        @SuppressWarnings("unchecked")
        final Map<String, Object> globals = (Map<String, Object>) root.get("global options");
        assertTrue(String.valueOf(globals.get("dmsnap_engine_stats")).startsWith("snapshot snap: valid, lock waits="),
            String.valueOf(globals));
    }

    @Test
    void failedVerifyExitsOne()
    {
        // A write job verified against the null device, which keeps no data: the read-back finds
        // whatever the buffer held before, never the block's own header.
        final String[] r = run("fio", "--device=null", "--origin-size=16m", "--rw=write", "--size=1m",
            "--verify=crc32c");
        assertEquals("1", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("err=84"), r[1]);
        assertTrue(r[2].contains("failed: err=84: verify: "), r[2]);
    }
}
