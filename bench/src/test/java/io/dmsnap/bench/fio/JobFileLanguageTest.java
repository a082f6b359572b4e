package io.dmsnap.bench.fio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fio's job-file language: comments, include, variables, keywords, arithmetic, --section. */
@Timeout(10)
final class JobFileLanguageTest
{
    private static final FioSystem SYSTEM = FioSystem.of(Map.of("SIZE", "64m", "NUMJOBS", "4"), 8, 4096, 16_000);

    private static List<FioJob> parse(final String text)
    {
        return JobFileParser.parse(new StringReader(text), "t.fio", null, Map.of(), SYSTEM, Set.of());
    }

    @Test
    void commentsAreCutAtTheFirstSemicolonOrHashLikeFio()
    {
        // fio 3.33 --debug=parse shows bs=4k;x handled as 4k and ioengine=null#x as null.
        final FioJob j = parse("[j] ; a job\nbs=8k;no blank needed\nioengine=libaio#x\n  # whole line\n; whole line\n").get(0);
        assertEquals("j", j.name());
        assertEquals(8192, j.blockSize());
        assertEquals("libaio", j.ioengine());
    }

    @Test
    void environmentVariablesAndKeywords()
    {
        final FioJob j = parse("[w]\nsize=${SIZE}\nnumjobs=${NUMJOBS}\niodepth=$ncpus\nioengine=libaio\n"
            + "bs=$pagesize\nrw=randwrite${UNSET}\n").get(0);
        assertEquals(64L << 20, j.size());
        assertEquals(4, j.numjobs());
        assertEquals(8, j.iodepth());
        assertEquals(4096, j.blockSize());
        assertEquals(ReadWrite.RANDWRITE, j.rw());   // an unset variable is the empty string
        // a keyword with an operator goes through bc: integer arithmetic
        assertEquals(4, parse("[w]\nnumjobs=$ncpus/2\n").get(0).numjobs());
        assertEquals(17, parse("[w]\nnumjobs=$ncpus*2+1\n").get(0).numjobs());
        assertEquals(8L * 16_000, parse("[w]\nsize=8*$mb_memory\n").get(0).size());
        assertEquals("numjobs=16", JobFileExpander.substitute("numjobs=$ncpus*2", SYSTEM));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("[w]\nsize=$ncpus*1k\n")).getMessage()
            .contains("bc"));
    }

    @Test
    void arithmeticInParentheses()
    {
        assertEquals(8192, FioValues.size("bs", "(2*4k)"));
        assertEquals(4096, FioValues.size("bs", "(2^12)"));
        assertEquals(2730, FioValues.size("bs", "(8192/3)"));
        assertEquals(1536, FioValues.size("bs", "(1.5*1024)"));
        assertEquals(24, FioValues.size("bs", "((1+2)*(3+5))"));
        assertEquals(1000, FioValues.size("bs", "(1kib)"));
        assertEquals(5_000_000_000L, FioValues.durationNanos("runtime", "(2+3)"));
        assertEquals(500_000_000L, FioValues.durationNanos("runtime", "(250ms*2)"));
        assertEquals(120_000_000_000L, FioValues.durationNanos("runtime", "(2m)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FioValues.size("bs", "(2*4)k")).getMessage()
            .contains("parentheses"));
        assertThrows(IllegalArgumentException.class, () -> FioValues.size("bs", "(1/0)"));
        assertThrows(IllegalArgumentException.class, () -> FioValues.size("bs", "$(2*4)"));
    }

    @Test
    void sizesFollowFiosUnitRules()
    {
        // Expected values from fio 3.33 --parse-only --debug=parse.
        assertEquals(4096, FioValues.size("size", "4ki"));
        assertEquals(4000, FioValues.size("offset", "4kib"));
        assertEquals(1_000_000, FioValues.size("io_size", "1MiB"));
        assertEquals(2_097_152, FioValues.size("filesize", "2mi"));
        assertEquals(3072, FioValues.size("rate", "3KB"));
        assertEquals(16, FioValues.integer("number_ios", "0x10", 0, 100));
        assertEquals(4000, FioValues.size("size", "4ki", 1000));
        assertEquals(4096, FioValues.size("offset", "4kib", 1000));
        assertEquals(1_048_576, FioValues.size("io_size", "1MiB", 1000));
        assertEquals(3000, FioValues.size("rate", "3KB", 1000));
    }

    @Test
    void includesSpliceOptionsRelativeToTheIncludingFile(@TempDir final Path dir) throws IOException
    {
        Files.writeString(dir.resolve("glob-include.fio"), "; shared\nbs=16k\ninclude deeper.fio\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("deeper.fio"), "iodepth=4\nioengine=libaio\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("test-include.fio"), "rw=randwrite\n", StandardCharsets.UTF_8);
        final Path job = dir.resolve("including.fio");
        Files.writeString(job, "[global]\ninclude glob-include.fio\n[test]\nrw=randread\ninclude test-include.fio\n[other]\n",
            StandardCharsets.UTF_8);
        final List<FioJob> jobs = JobFileParser.parse(Files.newBufferedReader(job), job.toString(), job, Map.of(),
            SYSTEM, Set.of());
        assertEquals(2, jobs.size());
        assertEquals(16384, jobs.get(0).blockSize());
        assertEquals(4, jobs.get(0).iodepth());
        assertEquals(ReadWrite.RANDWRITE, jobs.get(0).rw());   // the include comes after rw=randread
        assertEquals(ReadWrite.READ, jobs.get(1).rw());
        Files.writeString(dir.resolve("bad.fio"), "[nested]\n", StandardCharsets.UTF_8);
        Files.writeString(job, "[a]\ninclude bad.fio\n", StandardCharsets.UTF_8);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobFileParser.parse(Files.newBufferedReader(job),
            job.toString(), job, Map.of(), SYSTEM, Set.of())).getMessage().contains("may not open a section"));
        Files.writeString(dir.resolve("loop.fio"), "include loop.fio\n", StandardCharsets.UTF_8);
        Files.writeString(job, "[a]\ninclude loop.fio\n", StandardCharsets.UTF_8);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobFileParser.parse(Files.newBufferedReader(job),
            job.toString(), job, Map.of(), SYSTEM, Set.of())).getMessage().contains("nested"));
        Files.writeString(job, "include x.fio\n[a]\n", StandardCharsets.UTF_8);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobFileParser.parse(Files.newBufferedReader(job),
            job.toString(), job, Map.of(), SYSTEM, Set.of())).getMessage().contains("outside a section"));
    }

    @Test
    void sectionSelectsJobsAndKeepsGlobals()
    {
        final String text = "[global]\nbs=8k\n[a]\nrw=write\n[b]\nrw=randread\n[c]\n";
        final List<FioJob> jobs = JobFileParser.parse(new StringReader(text), "t", null, Map.of(), SYSTEM, Set.of("b"));
        assertEquals(1, jobs.size());
        assertEquals("b", jobs.get(0).name());
        assertEquals(8192, jobs.get(0).blockSize());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobFileParser.parse(new StringReader(text), "t",
            null, Map.of(), SYSTEM, Set.of("zz"))).getMessage().contains("--section"));
    }

    @Test
    void blockSizesPerDirectionRangeAndSplit()
    {
        final Map<String, String> o = new LinkedHashMap<>();
        o.put("bs", "8k,32k");
        final JobShape s = FioJob.of("j", o).shape();
        assertEquals(8192, s.blockSizes(JobShape.READ).min());
        assertEquals(32768, s.blockSizes(JobShape.WRITE).min());
        assertEquals(8192, FioJob.of("j", o).blockSize());
        o.put("bs", ",8k");
        assertEquals(4096, FioJob.of("j", o).shape().blockSizes(JobShape.READ).min());
        assertEquals(8192, FioJob.of("j", o).shape().blockSizes(JobShape.WRITE).min());
        o.clear();
        o.put("bsrange", "4k-16k");
        final BlockSizeSpec range = FioJob.of("j", o).shape().blockSizes(JobShape.WRITE);
        final int[] seen = new int[5];
        for (long r = 0; r < 4000; r++)
        {
            final int bs = range.pick(BlockSequence.mix64(r));
            assertEquals(0, bs % 4096);
            seen[bs / 4096]++;
        }
        for (int k = 1; k <= 4; k++)
        {
            assertTrue(seen[k] > 800 && seen[k] < 1200, "bsrange 4k-16k picks each multiple of 4k about equally: " + seen[k]);
        }
        // The HOWTO's example: blank percentages share the rest evenly.
        final BlockSizeSpec split = BlockSizeSpec.split("bssplit", "4k/50:1k/:32k/", 1024);
        assertEquals(50, split.percentOf(4096));
        assertEquals(25, split.percentOf(1024));
        assertEquals(25, split.percentOf(32768));
        assertEquals(1024, split.min());
        assertEquals(32768, split.max());
        final BlockSizeSpec iometer = BlockSizeSpec.split("bssplit", "512/10:1k/5:2k/5:4k/60:8k/2:16k/4:32k/4:64k/10", 1024);
        assertEquals(60, iometer.percentOf(4096));
        assertEquals(2, iometer.percentOf(8192));
        assertThrows(IllegalArgumentException.class, () -> BlockSizeSpec.split("bssplit", "4k/90:8k/:16k/:1k/20", 1024));
        o.clear();
        o.put("bssplit", "4k/50:8k/50");
        o.put("verify", "crc32c");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FioJob.of("j", o)).getMessage().contains("one bs"));
    }

    @Test
    void percentSizesAndOffsetsResolveAgainstTheDevice()
    {
        final Map<String, String> o = new LinkedHashMap<>();
        o.put("size", "50%");
        o.put("offset", "25%");
        final FioJob j = FioJob.of("j", o);
        assertEquals(50L << 20, j.regionBytes(100L << 20));
        assertEquals(25L << 20, j.regionStart(0, 100L << 20));
        o.put("filesize", "1m");
        o.remove("size");
        assertEquals(1L << 20, FioJob.of("j", o).regionBytes(100L << 20));
    }

    @Test
    void ratesLoopsFlushesAndDistributionParse()
    {
        final Map<String, String> o = new LinkedHashMap<>();
        o.put("rw", "randrw");
        o.put("bs", "4k,8k");
        o.put("rate_iops", ",300");
        o.put("rate", "1m");
        o.put("loops", "3");
        o.put("fsync", "16");
        o.put("end_fsync", "1");
        o.put("random_distribution", "zipf:1.2");
        final JobShape s = FioJob.of("j", o).shape();
        assertEquals(1L << 20, s.rateBytes(JobShape.READ));
        assertEquals(1L << 20, s.rateBytes(JobShape.WRITE));   // rate wins over rate_iops, as in fio
        o.remove("rate");
        assertEquals(300L * 8192, FioJob.of("j", o).shape().rateBytes(JobShape.WRITE));
        assertEquals(0, FioJob.of("j", o).shape().rateBytes(JobShape.READ));
        assertEquals(3, s.loops());
        assertEquals(16, s.flushEvery());
        assertTrue(s.endFsync());
        assertEquals("zipf:1.2", s.distribution().toString());
        o.put("rw", "write");
        assertTrue(FioJob.of("j", o).shape().distribution().isUniform());   // fio applies it to random I/O only
    }
}
