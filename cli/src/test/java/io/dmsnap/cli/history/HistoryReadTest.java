package io.dmsnap.cli.history;

import io.dmsnap.cli.result.Direction;
import io.dmsnap.cli.result.RowKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.dmsnap.cli.history.SyntheticRuns.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@link History#read} orders runs, assigns hosts and values, on real files. */
final class HistoryReadTest
{
    private static final RowKey IOPS = SyntheticRuns.fioRow("randwrite", "write.iops");

    private static Instant day(final int d)
    {
        return SyntheticRuns.FIRST.plus(Duration.ofDays(d));
    }

    private static List<String> names(final HostHistory host)
    {
        return host.runs().stream().map(Run::name).toList();
    }

    /**
     * Start time first, the file name breaking ties; a file without a start time keeps its place in
     * name order (the fifth of six), and the note says so.
     */
    @Test
    void runsAreOrderedByStartTimeWithTheNameAsTieBreak(@TempDir final Path dir)
    {
        final SyntheticRuns runs = SyntheticRuns.history().iops("randwrite", new double[] {100, 101, 102, 103, 104, 105});
        runs.writeRun(dir.resolve("z.json"), 0, day(0));
        runs.writeRun(dir.resolve("m.json"), 1, day(1));
        runs.writeRun(dir.resolve("a.json"), 2, day(2));
        runs.writeRun(dir.resolve("c.json"), 3, day(3));
        runs.writeRun(dir.resolve("b.json"), 4, day(3));
        runs.writeRun(dir.resolve("u.json"), 5, null);
        final History h = History.read(dir, HistoryOptions.nightly());
        final HostHistory host = h.hosts().get(0);
        assertEquals(List.of("z.json", "m.json", "a.json", "b.json", "u.json", "c.json"), names(host));
        // The series follows the same order: b.json holds the value written as run 4.
        final Series s = host.series().get(0);
        assertEquals(List.of(100.0, 101.0, 102.0, 104.0, 105.0, 103.0),
            java.util.Arrays.stream(s.values()).boxed().toList());
        assertEquals(List.of("host bench-1: 1 file without a start time, placed by file name among the others: u.json"),
            h.notes());
    }

    @Test
    void aRunsValueIsTheMedianOfItsSamples(@TempDir final Path dir)
    {
        final double[] values = {1000, 1010, 990, 1005, 995};
        SyntheticRuns.history().iops("randwrite", values).samplesAround().writeTo(dir);
        final Series s = History.read(dir, HistoryOptions.nightly()).hosts().get(0).series().get(0);
        for (int i = 0; i < values.length; i++)
        {
            // Samples 0.95 v, v, 1.01 v: the median is v, the mean would be 0.9867 v.
            assertEquals(values[i], s.value(i), 1e-9);
        }
    }

    /** One flat directory holding two machines' files: two hosts, each its own series. */
    @Test
    void recordedHostsSplitAFlatDirectory(@TempDir final Path dir)
    {
        SyntheticRuns.history().host("alpha").prefix("alpha-").iops("randwrite", gaussian(1, 6, 0.01, i -> 1000)).writeTo(dir);
        SyntheticRuns.history().host("beta").prefix("beta-").iops("randwrite", gaussian(2, 4, 0.01, i -> 500)).writeTo(dir);
        final History h = History.read(dir, HistoryOptions.nightly());
        assertEquals(List.of("alpha", "beta"), h.hosts().stream().map(HostHistory::host).toList());
        assertEquals(6, h.hosts().get(0).series().get(0).length());
        assertEquals(4, h.hosts().get(1).series().get(0).length());
        assertTrue(h.hosts().get(1).series().get(0).value(0) < 600, "beta's values stay beta's");
    }

    @Test
    void filesWithoutAHostBelongToTheirDirectory(@TempDir final Path dir)
    {
        final Path runs = dir.resolve("nightly");
        SyntheticRuns.history().host(null).iops("randwrite", gaussian(1, 5, 0.01, i -> 1000)).writeTo(runs);
        final History h = History.read(runs, HistoryOptions.nightly());
        assertEquals("nightly", h.hosts().get(0).host());
        assertEquals(List.of("5 files without a host name counted as host nightly (the directory's name): run-000.json, "
            + "run-001.json, run-002.json, run-003.json, run-004.json"), h.notes());
    }

    /** In results/history/, a file recording another host than its directory's joins that host's runs, with a note. */
    @Test
    void aMisplacedFileJoinsTheHostItRecords(@TempDir final Path dir)
    {
        SyntheticRuns.history().host("alpha").iops("randwrite", gaussian(1, 5, 0.01, i -> 1000)).writeTo(dir.resolve("alpha"));
        SyntheticRuns.history().host("beta").iops("randwrite", gaussian(2, 5, 0.01, i -> 500)).writeTo(dir.resolve("beta"));
        SyntheticRuns.history().host("beta").iops("randwrite", new double[] {500})
            .writeRun(dir.resolve("alpha").resolve("run-100.json"), 0, day(100));
        final History h = History.read(dir, HistoryOptions.nightly());
        assertEquals(List.of("alpha/run-000.json", "alpha/run-001.json", "alpha/run-002.json", "alpha/run-003.json",
            "alpha/run-004.json"), names(h.hosts().get(0)));
        assertEquals(6, h.hosts().get(1).runs().size());
        assertEquals("alpha/run-100.json", h.hosts().get(1).runs().get(5).name());
        assertEquals(List.of("alpha/run-100.json records host beta: counted with that host's runs, not alpha's"), h.notes());
    }

    /** Result files beside host directories: the directory is one history, and the note names what was not read. */
    @Test
    void hostDirectoriesBesideResultFilesAreNamedAsNotRead(@TempDir final Path dir)
    {
        SyntheticRuns.history().iops("randwrite", gaussian(1, 5, 0.01, i -> 1000)).writeTo(dir);
        SyntheticRuns.history().host("alpha").iops("randwrite", gaussian(2, 5, 0.01, i -> 1000)).writeTo(dir.resolve("alpha"));
        final History h = History.read(dir, HistoryOptions.nightly());
        assertEquals(List.of("bench-1"), h.hosts().stream().map(HostHistory::host).toList());
        assertEquals(List.of(dir + " holds result files, so it is read as one host's history: its subdirectories alpha "
            + "hold result files too and were not read (give the parent of host directories only, or one of them)"),
            h.notes());
    }

    /** A host with a single run has no series to follow; the others do. */
    @Test
    void aHostWithOneRunIsNoted(@TempDir final Path dir)
    {
        SyntheticRuns.history().host("alpha").iops("randwrite", gaussian(1, 5, 0.01, i -> 1000)).writeTo(dir.resolve("alpha"));
        SyntheticRuns.history().host("beta").iops("randwrite", new double[] {500}).writeTo(dir.resolve("beta"));
        final History h = History.read(dir, HistoryOptions.nightly());
        assertEquals(6, h.runCount());
        assertEquals(List.of("host beta has a single run (beta/run-000.json): no series to follow"), h.notes());
    }

    @Test
    void rowsWithoutDirectionAreListedNotAnalysed(@TempDir final Path dir)
    {
        final RowKey alloc = new RowKey("b", "thrpt", 1, new java.util.TreeMap<>(), "gc.alloc.rate");
        SyntheticRuns.history().iops("randwrite", gaussian(1, 5, 0.01, i -> 1000))
            .row(alloc, "MB/sec", Direction.UNKNOWN, gaussian(2, 5, 0.01, i -> 10)).writeTo(dir);
        final HostHistory host = History.read(dir, HistoryOptions.nightly()).hosts().get(0);
        assertEquals(List.of(IOPS), host.series().stream().map(Series::key).toList());
        assertEquals(List.of(alloc), host.undirectedRows());
    }
}
