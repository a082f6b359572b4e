package io.dmsnap.cli.matrix;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The matrix as a library for other commands: runs the plan {@code dmsnap matrix ARGUMENTS} would run,
 * with the matrix's own progress on stderr, and returns the seed's tables as figures and as the text
 * {@code dmsnap matrix} prints. Runs on the calling thread.
 */
public final class SeedMatrix
{
    /**
     * One worker count of one benchmark's table.
     *
     * @param benchmark      the benchmark, e.g. {@code fio_origin_randwrite_throughput}
     * @param throughput     a throughput benchmark (IOPS, higher is better), else latency (us/op)
     * @param workers        the worker count
     * @param oversubscribed more workers than the machine's cores
     * @param before         the "before" preset's score, NaN when not measured
     * @param after          the "after" preset's score, NaN when not measured
     * @param beforeSamples  the "before" iteration scores
     * @param afterSamples   the "after" iteration scores
     * @param gain           after/before (throughput) or before/after (latency), NaN when not both measured
     * @param withinNoise    the gain is not significant (Mann-Whitney U on the iteration scores)
     * @param seedGain       the seed's gain at this worker count, NaN where the seed has none
     * @param unit           the score's unit
     */
    public record Cell(String benchmark, boolean throughput, int workers, boolean oversubscribed, double before,
                       double after, double[] beforeSamples, double[] afterSamples, double gain, boolean withinNoise,
                       double seedGain, String unit)
    {
    }

    private final MatrixPlan plan;
    private final List<Cell> cells;
    private final String text;

    private SeedMatrix(final MatrixPlan plan, final List<Cell> cells, final String text)
    {
        this.plan = plan;
        this.cells = List.copyOf(cells);
        this.text = text;
    }

    /**
     * Runs {@code dmsnap matrix ARGUMENTS}' plan.
     *
     * @throws IllegalArgumentException for arguments the matrix refuses
     * @throws RunnerException          when a benchmark fails
     */
    public static SeedMatrix run(final List<String> arguments, final PrintWriter err) throws RunnerException
    {
        final MatrixPlan plan = MatrixCommand.plan(arguments);
        final MatrixProgress progress = new MatrixProgress(err, false, false, plan.progressPoints(),
            plan.estimatedSecondsPerProgressPoint(), System::nanoTime);
        final List<RunResult> results = new MatrixRunner(plan, progress).run();
        progress.clearLive();
        final List<MatrixPoint> points = new ArrayList<>();
        for (final RunResult r : results)
        {
            points.add(MatrixPoint.of(r));
        }
        final int cpus = Runtime.getRuntime().availableProcessors();
        final List<MatrixTables.Table> tables = MatrixTables.tables(MatrixLayout.of(plan), points, cpus);
        final StringWriter text = new StringWriter();
        MatrixTables.print(new PrintWriter(text), tables);
        final List<Cell> cells = new ArrayList<>();
        for (final MatrixTables.Table t : tables)
        {
            for (final MatrixTables.Row row : t.rows())
            {
                cells.add(new Cell(t.benchmark().name(), t.throughput(), row.workers(), row.oversubscribed(),
                    score(row.before()), score(row.after()), samples(row.before()), samples(row.after()),
                    row.gain().orElse(Double.NaN), row.withinNoise(), row.seedGain().orElse(Double.NaN),
                    row.after() != null ? row.after().unit() : row.before() != null ? row.before().unit() : ""));
            }
        }
        return new SeedMatrix(plan, cells, text.toString());
    }

    /** Estimated seconds of the plan {@code dmsnap matrix ARGUMENTS} would run, forks included. */
    public static double estimatedSeconds(final List<String> arguments)
    {
        final MatrixPlan plan = MatrixCommand.plan(arguments);
        return plan.points() * plan.estimatedSecondsPerPoint();
    }

    /** The plan as one line (benchmarks, presets, workers, iterations). */
    public String describe()
    {
        return plan.describe();
    }

    /** Every table's rows, table by table, worker count by worker count. */
    public List<Cell> cells()
    {
        return cells;
    }

    /** The tables as {@code dmsnap matrix} prints them, footnotes included. */
    public String tablesText()
    {
        return text;
    }

    private static double score(final MatrixPoint p)
    {
        return p == null ? Double.NaN : p.score();
    }

    private static double[] samples(final MatrixPoint p)
    {
        return p == null ? new double[0] : p.iterations();
    }
}
