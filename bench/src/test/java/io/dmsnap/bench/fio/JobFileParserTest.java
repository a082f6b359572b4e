package io.dmsnap.bench.fio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
final class JobFileParserTest
{
    /** The throughput job of the device-mapper test suite's snapshot benchmarks, with 4 workers. */
    static final String DMTEST_JOB = String.join("\n",
        "# dmtest fio snapshot benchmark, throughput type",
        "[global]",
        "direct=1",
        "randrepeat=1",
        "numjobs=4",
        "size=20g",
        "offset_increment=20g",
        "timeout=120",
        "ioengine=libaio",
        "iodepth=32",
        "group_reporting",
        "",
        "[randwrite]",
        "rw=randwrite   ; 4 KiB random writes",
        "bs=4k",
        "");

    @Test
    void dmtestJobParses()
    {
        final List<FioJob> jobs = JobFileParser.parse(DMTEST_JOB, "dmtest.fio");
        assertEquals(1, jobs.size());
        final FioJob j = jobs.get(0);
        assertEquals("randwrite", j.name());
        assertEquals(ReadWrite.RANDWRITE, j.rw());
        assertEquals(4096, j.blockSize());
        assertEquals(4, j.numjobs());
        assertEquals(20L << 30, j.size());
        assertEquals(20L << 30, j.offsetIncrement());
        assertEquals(120_000_000_000L, j.runtimeNanos());
        assertTrue(j.isAsync());
        assertEquals(32, j.iodepth());
        assertTrue(j.groupReporting());
        assertTrue(j.randrepeat());
        assertEquals(List.of("ignored: direct=1 (no page cache in the model)"), j.notes());
        assertEquals(3L * (20L << 30), j.regionStart(3, 80L << 30));
    }

    @Test
    void commandLineFormGivesTheSameJob()
    {
        final List<FioJob> fromArgs = JobFileParser.parseArgs(List.of("--direct=1", "--randrepeat=1", "--numjobs=4",
            "--size=20g", "--offset_increment=20g", "--timeout=120", "--ioengine=libaio", "--iodepth=32",
            "--group_reporting", "--name=randwrite", "--rw=randwrite", "--bs=4k"));
        final List<FioJob> fromFile = JobFileParser.parse(DMTEST_JOB, "dmtest.fio");
        assertEquals(1, fromArgs.size());
        assertEquals(fromFile.get(0).options(), fromArgs.get(0).options());
        assertEquals(fromFile.get(0).toString(), fromArgs.get(0).toString());
        assertEquals(fromFile.get(0).notes(), fromArgs.get(0).notes());
    }

    @Test
    void jobsInheritGlobalsAndOverrideThem()
    {
        final List<FioJob> jobs = JobFileParser.parse(String.join("\n",
            "[global]", "bs=8k", "rw=randread", "[a]", "bs=16k", "[b]", "; comment", "# comment",
            "[global]", "iodepth=4", "ioengine=libaio", "[c]"), "f");
        assertEquals(3, jobs.size());
        assertEquals(16384, jobs.get(0).blockSize());
        assertEquals(8192, jobs.get(1).blockSize());
        assertEquals(ReadWrite.RANDREAD, jobs.get(1).rw());
        assertEquals(1, jobs.get(1).iodepth());   // a later [global] does not reach back
        assertEquals(4, jobs.get(2).iodepth());
        assertEquals("c", jobs.get(2).name());
    }

    @Test
    void severalNamesStartSeveralJobs()
    {
        final List<FioJob> jobs = JobFileParser.parseArgs(List.of("--bs=8k", "--name=w", "--rw=write", "--name=r",
            "--rw=read", "--bs=16k"));
        assertEquals(2, jobs.size());
        assertEquals("w", jobs.get(0).name());
        assertEquals(8192, jobs.get(0).blockSize());
        assertEquals(ReadWrite.READ, jobs.get(1).rw());
        assertEquals(16384, jobs.get(1).blockSize());
        assertTrue(JobFileParser.parseArgs(List.of("--rw=write")).isEmpty());
        assertEquals("write", JobFileParser.globalOptions(List.of("--rw=write", "--name=x", "--bs=8k")).get("rw"));
    }

    @Test
    void errorsNameTheProblem()
    {
        final String unknown = assertThrows(IllegalArgumentException.class,
            () -> JobFileParser.parse("[global]\n[myjob]\nbogus=1\n", "x.fio")).getMessage();
        assertTrue(unknown.contains("'bogus'") && unknown.contains("[myjob]"), unknown);
        final String outside = assertThrows(IllegalArgumentException.class,
            () -> JobFileParser.parse("bs=4k\n[a]\n", "x.fio")).getMessage();
        assertTrue(outside.contains("x.fio:1"), outside);
        final String header = assertThrows(IllegalArgumentException.class,
            () -> JobFileParser.parse("[a\n", "x.fio")).getMessage();
        assertTrue(header.contains("bad section header"), header);
        assertThrows(IllegalArgumentException.class, () -> JobFileParser.parse("[global]\nbs=4k\n", "x.fio"));
        final String arg = assertThrows(IllegalArgumentException.class,
            () -> JobFileParser.parseArgs(List.of("rw=read"))).getMessage();
        assertTrue(arg.contains("'rw=read'"), arg);
        final String bad = assertThrows(IllegalArgumentException.class,
            () -> JobFileParser.parseArgs(List.of("--name=a", "--bs=4q"))).getMessage();
        assertTrue(bad.contains("bs=4q"), bad);
    }
}
