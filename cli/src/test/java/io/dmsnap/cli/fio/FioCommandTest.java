package io.dmsnap.cli.fio;

import io.dmsnap.cli.Dmsnap;
import io.dmsnap.cli.JsonValues;
import io.dmsnap.cli.result.EngineSetup;
import io.dmsnap.cli.result.Measurement;
import io.dmsnap.cli.result.Replication;
import io.dmsnap.cli.result.ResultFiles;
import io.dmsnap.cli.result.ResultKind;
import io.dmsnap.cli.result.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
final class FioCommandTest
{
    /**
     * Exit code, stdout and stderr of one run. Runs that do not choose a result file get
     * {@code --no-result}: a test never writes into the repository's results folder.
     */
    private static String[] run(final String... args)
    {
        final List<String> all = new ArrayList<>(List.of(args));
        if (all.stream().noneMatch(a -> a.startsWith("--result") || a.equals("--no-result") || a.equals("--help")))
        {
            all.add("--no-result");
        }
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Dmsnap.run(new PrintWriter(out), new PrintWriter(err), all.toArray(new String[0]));
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
        assertTrue(r[2].contains("set size and offset_increment=size"), r[2]);
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
                    "--size=8m", "--offset_increment=8m", "--verify=crc32c");
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
        // A read job verifying a memory device nothing wrote: every block reads back as zeros.
        final String[] r = run("fio", "--device=memory", "--origin-size=16m", "--rw=read", "--size=1m",
            "--verify=crc32c");
        assertEquals("1", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("err=84"), r[1]);
        assertTrue(r[2].contains("failed: err=84: verify: "), r[2]);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRunWritesAResultFileWithRowsEnvironmentEngineAndTheFioJson(@TempDir final Path dir) throws Exception
    {
        final Path result = dir.resolve("results/run.json");
        final Path output = dir.resolve("out.json");
        final String[] r = run("fio", "--target=origin", "--device=null", "--origin-size=16m", "--preset=v5.0",
            "--set=throttle=NONE", "--name=w", "--rw=randwrite", "--bs=4k", "--numjobs=2", "--iodepth=4",
            "--ioengine=libaio", "--group_reporting", "--output-format=json", "--output=" + output, "--result=" + result);
        assertEquals("0", r[0], r[2]);
        assertTrue(r[2].contains("Result file: " + result), r[2]);

        final ResultSet set = ResultFiles.read(result);
        assertEquals(ResultKind.DMSNAP, set.kind());
        final Measurement iops = set.measurements().stream().filter(m -> m.key().metric().equals("write.iops"))
            .findFirst().orElseThrow();
        assertEquals("w", iops.key().benchmark());
        assertEquals(2, iops.key().threads(), "group_reporting: one row set for both workers");
        assertEquals("v5.0+throttle=NONE", iops.key().params().get("dmsnap_config"));
        assertEquals("4", iops.key().params().get("iodepth"));
        assertFalse(iops.key().params().containsKey("group_reporting"), "it shows in the thread count");
        assertEquals(Replication.SINGLE_VALUE, iops.replication());
        // The rows are what the fio reader finds in the JSON the run printed.
        assertEquals(ResultFiles.read(output).measurements(), set.measurements());

        final EngineSetup engine = set.environment().engine().orElseThrow();
        assertEquals("v5.0", engine.preset());
        assertEquals("NONE", engine.switches().get("throttle"));
        assertEquals("2048", engine.switches().get("cowThreshold"));
        assertEquals(Optional.of(Runtime.getRuntime().availableProcessors()), set.environment().cores());
        assertTrue(set.environment().startTime().isPresent() && set.environment().jdkVersion().isPresent());

        final Map<String, Object> doc = (Map<String, Object>) JsonValues.parse(Files.readString(result));
        final Map<String, Object> runSection = (Map<String, Object>) doc.get("run");
        assertEquals("fio", runSection.get("command"));
        assertTrue(((List<Object>) runSection.get("arguments")).contains("--preset=v5.0"), runSection::toString);
        assertEquals(JsonValues.parse(Files.readString(output)), ((Map<String, Object>) doc.get("raw")).get("fio"),
            "the fio JSON is embedded as printed");
    }

    @Test
    void theRawDeviceHasNoEngineSetupAndTheNormalReportIsUnchanged(@TempDir final Path dir)
    {
        final Path result = dir.resolve("raw.json");
        final String[] r = run("fio", "--target=raw", "--device=null", "--rw=randread", "--bs=4k", "--size=1m",
            "--result", result.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("dmsnap fio: jobs ran on raw (stack: raw"), r[1]);
        assertFalse(r[1].contains("Result file"), "the report on stdout stays fio's");
        final ResultSet set = ResultFiles.read(result);
        assertTrue(set.environment().engine().isEmpty(), set.environment()::toString);
        assertTrue(set.measurements().stream().allMatch(m -> m.key().metric().startsWith("read.")));
    }

    @Test
    void aFailedRunWritesNoResultFile(@TempDir final Path dir)
    {
        final Path result = dir.resolve("failed.json");
        final String[] r = run("fio", "--device=memory", "--origin-size=16m", "--rw=read", "--size=1m", "--verify=crc32c",
            "--result=" + result);
        assertEquals("1", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("no result file: a job failed"), r[2]);
        assertFalse(Files.exists(result));
    }

    @Test
    void resultOptionsAreCheckedBeforeTheRun(@TempDir final Path dir) throws Exception
    {
        final String[] both = run("fio", "--rw=read", "--size=1m", "--result=" + dir.resolve("x.json"), "--no-result");
        assertEquals("2", both[0], both[2]);
        assertEquals("dmsnap: --result and --no-result exclude each other\n", both[2]);
        final String[] same = run("fio", "--rw=read", "--size=1m", "--output=" + dir.resolve("r.json"),
            "--result=" + dir.resolve("x/../r.json"));
        assertEquals("2", same[0], same[2]);
        assertTrue(same[2].contains("--result and --output name the same file"), same[2]);
        final Path file = Files.writeString(dir.resolve("plain"), "a file, not a folder");
        final String[] unusable = run("fio", "--target=raw", "--rw=read", "--size=1m", "--result=" + file.resolve("x.json"));
        assertEquals("2", unusable[0], unusable[2]);
        assertTrue(unusable[2].startsWith("dmsnap: cannot create the folder of the result file " + file.resolve("x.json")),
            unusable[2]);
        assertFalse(unusable[2].contains("\tat "), unusable[2]);
    }

    @Test
    void helpSaysWhereTheResultFileGoes()
    {
        final String[] r = run("fio", "--help");
        assertEquals("0", r[0], r[2]);
        final String text = r[1].replaceAll("\\s+", " ");
        assertTrue(text.contains("--result=FILE"), r[1]);
        assertTrue(text.contains("--no-result"), r[1]);
        assertTrue(text.contains("results/fio-<date>-<commit>.json"), r[1]);
    }
}
