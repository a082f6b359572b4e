package io.dmsnap.cli.matrix;

import io.dmsnap.bench.jmh.fio.FioBenchmarkName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
final class MatrixTablesTest
{
    private static final FioBenchmarkName ORIGIN_THROUGHPUT = FioBenchmarkName.parse("fio_origin_randwrite_throughput");
    private static final FioBenchmarkName SNAPSHOT_LATENCY = FioBenchmarkName.parse("fio_snapshot_randwrite_latency");
    private static final FioBenchmarkName RAW_SEQREAD = FioBenchmarkName.parse("fio_raw_device_seqread_throughput");

    private static MatrixPoint point(final FioBenchmarkName name, final String preset, final int workers, final double score)
    {
        final boolean latency = name.type() == FioBenchmarkName.Type.LATENCY;
        return new MatrixPoint(name, preset, "N", workers, score, Double.NaN, latency ? "us/op" : "ops/s",
            latency ? new double[] {score, 2 * score, 3 * score} : new double[0],
            new double[] {0.99 * score, 0.995 * score, score, 1.005 * score, 1.01 * score});
    }

    private static List<String> print(final MatrixPlan plan, final List<MatrixPoint> points, final int cpus)
    {
        final StringWriter text = new StringWriter();
        MatrixTables.print(new PrintWriter(text), plan, points, cpus);
        return List.of(text.toString().split("\n"));
    }

    @Test
    void throughputRowsShowAfterOverBeforeNextToTheSeed()
    {
        final MatrixPlan plan = MatrixPlan.quick().benchmarks("fio_origin_randwrite_throughput").build();
        final List<MatrixPoint> points = new ArrayList<>();
        points.add(point(ORIGIN_THROUGHPUT, "v5.0", 1, 1000));
        points.add(point(ORIGIN_THROUGHPUT, "current", 1, 1500));
        points.add(point(ORIGIN_THROUGHPUT, "v5.0", 2, 2000));
        points.add(point(ORIGIN_THROUGHPUT, "current", 2, 1000));
        points.add(point(ORIGIN_THROUGHPUT, "v5.0", 4, 4000));
        final List<String> lines = print(plan, points, 2);
        assertTrue(lines.get(0).startsWith("fio_origin_randwrite_throughput, store N: IOPS"), lines.get(0));
        assertTrue(lines.get(0).contains("before = v5.0, after = current"), lines.get(0));
        assertEquals(List.of("workers", "before", "after", "after/before", "seed", "after/before"), words(lines.get(1)));
        assertEquals(List.of("1", "1000", "1500", "1.50", "1.15"), words(lines.get(2)));
        assertEquals(List.of("2", "2000", "1000", "0.50", "1.22"), words(lines.get(3)));
        assertEquals(List.of("4*", "4000", "-", "-", "1.47"), words(lines.get(4)), "a missing point shows -");
        assertEquals(List.of("8*", "-", "-", "-", "1.80"), words(lines.get(5)));
        assertEquals("* 4 and 8 workers on 2 cores measure oversubscription.", lines.get(6));
        assertEquals(7, lines.size());
    }

    @Test
    void latencyRowsShowBeforeOverAfterAndTheSeedsRatio()
    {
        final MatrixPlan plan = MatrixPlan.quick().benchmarks("fio_snapshot_randwrite_latency").workers(List.of(1, 8)).build();
        final List<MatrixPoint> points = List.of(point(SNAPSHOT_LATENCY, "v5.0", 1, 12.53), point(SNAPSHOT_LATENCY, "current", 1, 10.6),
            point(SNAPSHOT_LATENCY, "v5.0", 8, 89.32), point(SNAPSHOT_LATENCY, "current", 8, 48.48));
        final List<String> lines = print(plan, points, 16);
        assertTrue(lines.get(0).contains("mean latency (us/op)"), lines.get(0));
        assertEquals(List.of("workers", "before", "after", "before/after", "seed", "before/after"), words(lines.get(1)));
        // The seed's own figures give the seed's ratio.
        assertEquals(List.of("1", "12.53", "10.60", "1.18", "1.18"), words(lines.get(2)));
        assertEquals(List.of("8", "89.32", "48.48", "1.84", "1.84"), words(lines.get(3)));
        assertEquals(4, lines.size(), "no footnote when every worker has a core");
    }

    @Test
    void benchmarksWithoutSeedFiguresShowADashAndStoresGetTablesOfTheirOwn()
    {
        final MatrixPlan plan = MatrixPlan.quick().benchmarks("fio_raw_device_seqread_throughput").workers(List.of(3))
            .stores(List.of("N", "P")).overrides(List.of("throttle=NONE")).build();
        final List<String> lines = print(plan, List.of(point(RAW_SEQREAD, "v5.0", 3, 10), point(RAW_SEQREAD, "current", 3, 30)), 1);
        assertTrue(lines.get(0).contains("store N") && lines.get(0).contains("both with throttle=NONE"), lines.get(0));
        assertEquals(List.of("3*", "10", "30", "3.00", "-"), words(lines.get(2)));
        assertEquals("* 3 workers on 1 core measure oversubscription.", lines.get(3));
        assertEquals("", lines.get(4));
        assertTrue(lines.get(5).contains("store P"), lines.get(5));
        assertEquals(List.of("3*", "-", "-", "-", "-"), words(lines.get(7)), "the P points were not measured");
        assertFalse(lines.get(5).contains("store N"));
    }

    @Test
    void aRatioWithinTheNoiseIsMarkedAndExplained()
    {
        final MatrixPlan plan = MatrixPlan.quick().benchmarks("fio_origin_randwrite_throughput").workers(List.of(1, 2)).build();
        final List<MatrixPoint> points = List.of(
            // 1 worker: 1.5x with 1% spread on each side, a real difference
            point(ORIGIN_THROUGHPUT, "v5.0", 1, 1000), point(ORIGIN_THROUGHPUT, "current", 1, 1500),
            // 2 workers: 1.03x with iterations that overlap widely, noise
            noisy(ORIGIN_THROUGHPUT, "v5.0", 2, 800, 1000, 1200, 900, 1100),
            noisy(ORIGIN_THROUGHPUT, "current", 2, 850, 1030, 1210, 950, 1110));
        final List<String> lines = print(plan, points, 2);
        assertEquals(List.of("1", "1000", "1500", "1.50", "1.15"), words(lines.get(2)));
        assertEquals(List.of("2", "1000", "1030", "1.03", "~", "1.22"), words(lines.get(3)));
        assertEquals("~ within the noise: Mann-Whitney U test on 5+5 iteration scores gives p >= 0.05.", lines.get(4));
        assertEquals(5, lines.size());
    }

    private static MatrixPoint noisy(final FioBenchmarkName name, final String preset, final int workers,
                                     final double... iterations)
    {
        double sum = 0;
        for (final double v : iterations)
        {
            sum += v;
        }
        return new MatrixPoint(name, preset, "N", workers, sum / iterations.length, Double.NaN, "ops/s", new double[0],
            iterations);
    }

    @Test
    void oversubscriptionNotesListTheCounts()
    {
        assertEquals("16 workers on 8 cores measure oversubscription.", MatrixTables.oversubscriptionNote(List.of(16), 8));
        assertEquals("3, 4 and 8 workers on 2 cores measure oversubscription.",
            MatrixTables.oversubscriptionNote(List.of(3, 4, 8), 2));
    }

    private static List<String> words(final String line)
    {
        return List.of(line.trim().split("\\s+"));
    }
}
