package io.dmsnap.cli.fio;

import io.dmsnap.cli.CliResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dmsnap fio's command line and checks before the run, and fio's own example job files. */
@Timeout(120)
final class FioLanguageCommandTest
{
    private static CliResult fio(final String... args)
    {
        final List<String> all = new ArrayList<>(List.of("fio", "--no-result"));
        all.addAll(Arrays.asList(args));
        return CliResult.run(all.toArray(new String[0]));
    }

    private static String example(final String name) throws URISyntaxException
    {
        return Path.of(FioLanguageCommandTest.class.getResource("/fio-examples/" + name + ".fio").toURI()).toString();
    }

    @Test
    void everyExampleParsesWithItsFilenamesMapped() throws URISyntaxException
    {
        for (final String name : List.of("aio-read", "basic-verify", "fio-rand-RW", "fio-rand-read", "fio-rand-write",
            "fio-seq-RW", "fio-seq-read", "fio-seq-write", "null", "zipf", "ssd-test", "iometer-file-access-server",
            "tiobench-example", "fixed-rate-submission", "rand-zones", "surface-scan"))
        {
            final CliResult r = fio("--parse-only", "--target=raw", "--device=memory", "--origin-size=16g",
                "--map", "/dev/XXX=raw", "--map=fio-rand-RW=raw", "--map=fio-rand-read=raw", "--map=fio-rand-write=raw",
                "--map=fio-seq-RW=raw", "--map=fio-seq-reads=raw", "--map=fio-seq-write=raw", "--map=ssd.test.file=raw",
                "--map=datafile.tmp=raw", example(name));
            assertEquals(0, r.exitCode, name + ": " + r);
            assertEquals("", r.out, name);
        }
    }

    @Test
    void zipfExampleRunsUnchangedOnTheNullEngine() throws URISyntaxException
    {
        final CliResult r = fio("--target=raw", "--origin-size=2g", "--output-format=json", example("zipf"));
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("\"jobname\" : \"job\"") || r.out.contains("\"jobname\":\"job\""), r.out);
    }

    @Test
    void basicVerifyAndSurfaceScanVerifyAgainstStoredData() throws URISyntaxException
    {
        final CliResult v = fio("--target=raw", "--device=memory", "--origin-size=8m", "--map", "/dev/XXX=raw",
            example("basic-verify"));
        assertEquals(0, v.exitCode, v.toString());
        final CliResult s = fio("--target=raw", "--device=memory", "--origin-size=4m", "--map=datafile.tmp=raw",
            example("surface-scan"));
        assertEquals(0, s.exitCode, s.toString());
        assertTrue(s.out.contains("verify-phase"), s.out);
    }

    @Test
    void nullEngineDeviceIsAsLargeAsItsJobsAsk()
    {
        // fio's null.fio: ioengine=null with size=100g runs on any machine; the null engine has the job's size.
        final io.dmsnap.bench.fio.FioJob big = io.dmsnap.bench.fio.FioJob.of("null",
            java.util.Map.of("ioengine", "null", "size", "100g"));
        assertEquals(100L << 30, FioCommand.nullEngineBytes(List.of(big), 1L << 30));
        final io.dmsnap.bench.fio.FioJob small = io.dmsnap.bench.fio.FioJob.of("n",
            java.util.Map.of("ioengine", "null", "size", "1m"));
        assertEquals(1L << 30, FioCommand.nullEngineBytes(List.of(small), 1L << 30));
    }

    @Test
    void unmappedFilenameNamesTheMapOption() throws URISyntaxException
    {
        final CliResult r = fio("--target=raw", example("fio-rand-read"));
        assertEquals(2, r.exitCode);
        assertTrue(r.err.contains("--map fio-rand-read=origin"), r.err);
        assertFalse(r.errHasStackTrace());
    }

    @Test
    void verifyOnTheNullDeviceIsRefusedBeforeTheRun()
    {
        final CliResult r = fio("--target=raw", "--device=null", "--name=v", "--rw=write", "--size=1m", "--verify=crc32c");
        assertEquals(2, r.exitCode);
        assertTrue(r.err.contains("keeps none"), r.err);
        final CliResult e = fio("--target=raw", "--device=memory", "--name=v", "--rw=write", "--size=1m", "--verify=crc32c",
            "--ioengine=null");
        assertEquals(2, e.exitCode);
        assertTrue(e.err.contains("ioengine=null"), e.err);
    }

    @Test
    void spaceFormReadsLikeFio()
    {
        // fio 3.33: "--rw randwrite" is --rw=randwrite (an option with a value takes the next argument)
        final CliResult r = fio("--target=raw", "--origin-size=16m", "--name", "sp", "--rw", "randwrite", "--bs", "8k",
            "--size", "1m", "--time_based", "--runtime", "1", "--output-format", "json");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("\"rw\"") && r.out.contains("randwrite"), r.out);
    }

    @Test
    void readonlyRefusesWritesAndParseOnlyRunsNothing()
    {
        final CliResult r = fio("--readonly", "--target=raw", "--name=w", "--rw=randwrite", "--size=1m");
        assertEquals(2, r.exitCode);
        assertTrue(r.err.contains("--readonly"), r.err);
        assertEquals(0, fio("--readonly", "--parse-only", "--target=raw", "--name=r", "--rw=read", "--size=1m").exitCode);
    }

    @Test
    void unwritableOutputFailsBeforeAnyIo(@TempDir final Path dir) throws IOException
    {
        final Path missing = dir.resolve("no/such/folder/report.txt");
        final CliResult r = fio("--target=raw", "--output=" + missing, "--name=w", "--rw=write", "--size=1m");
        assertEquals(2, r.exitCode);
        assertTrue(r.err.contains("cannot write " + missing + ": "), r.err);
        final CliResult h = fio("--target=raw", "--write_lat_log=" + dir.resolve("x/y/lat"), "--name=w", "--rw=write",
            "--size=1m");
        assertEquals(2, h.exitCode);
        assertTrue(h.err.contains("does not exist"), h.err);
        final Path ok = dir.resolve("report.txt");
        assertEquals(0, fio("--target=raw", "--parse-only", "--output=" + ok, "--name=w", "--rw=write", "--size=1m").exitCode);
        assertFalse(Files.exists(ok), "the probe leaves no file behind");
    }

    @Test
    void cmdhelpAndHelpComeFromTheOptionTable()
    {
        final CliResult one = fio("--cmdhelp=bs");
        assertEquals(0, one.exitCode);
        assertTrue(one.out.contains("bs: Block size unit"), one.out);
        assertTrue(one.out.contains("alias: blocksize"), one.out);
        final CliResult all = fio("--cmdhelp");
        assertTrue(all.out.contains("random_distribution") && all.out.contains("rate_iops"), all.out);
        final CliResult bad = fio("--cmdhelp=bogus");
        assertEquals(2, bad.exitCode);
        final CliResult help = CliResult.run("fio", "--help");
        assertTrue(help.out.contains("bssplit") && help.out.contains("--map"), help.out);
    }

    @Test
    void rateLimitedFlushingJobRuns()
    {
        final CliResult r = fio("--target=raw", "--device=memory", "--origin-size=16m", "--name=r", "--rw=randwrite",
            "--bssplit=4k/50:16k/50", "--rate_iops=2000", "--size=512k", "--fsync=8", "--end_fsync=1", "--loops=2",
            "--output-format=json");
        assertEquals(0, r.exitCode, r.toString());
    }
}
