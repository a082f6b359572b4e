package io.dmsnap.cli.matrix;

import io.dmsnap.bench.jmh.fio.FioBenchmarkName;
import io.dmsnap.cli.report.Charts;
import io.dmsnap.cli.report.EnvironmentFields;
import io.dmsnap.cli.report.HtmlPage;
import io.dmsnap.cli.report.ResultView;
import io.dmsnap.cli.report.WorkersChart;
import io.dmsnap.cli.result.ResultFiles;
import io.dmsnap.cli.result.ResultSet;
import org.knowm.xchart.XYChart;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The matrix as pictures: per benchmark and store, its score against the worker counts with one
 * line per preset and the range of the iteration scores through each point, and beside it the
 * after/before gain against the workers with the seed's gains drawn next to ours; then the
 * terminal's table (the same cells, {@code *} and {@code ~} marks, from {@link MatrixTables}) and
 * the environment. Worker counts above the machine's cores are marked on every chart and said in
 * the text. Stateless.
 */
public final class MatrixReport
{
    static final String SEED = "seed (3f1637f2)";

    private MatrixReport()
    {
    }

    /** Whether {@code set} holds a matrix this report draws: fio benchmark scores of two presets. */
    public static boolean isMatrix(final ResultSet set)
    {
        return StoredMatrix.isMatrix(set);
    }

    /**
     * Appends the matrix of {@code set}: a heading naming its source, the charts and tables of
     * every benchmark and store, the environment and settings. Rows that are not points of the
     * matrix (JMH's latency percentiles) are counted, not drawn.
     *
     * @throws IllegalArgumentException when {@code set} holds no matrix
     */
    public static void append(final HtmlPage page, final ResultSet set)
    {
        final StoredMatrix matrix = StoredMatrix.of(set);
        final MatrixLayout layout = matrix.layout();
        final OptionalInt cores = set.environment().cores().map(OptionalInt::of).orElse(OptionalInt.empty());
        final int cpus = cores.orElse(Integer.MAX_VALUE);
        final List<MatrixTables.Table> tables = MatrixTables.tables(layout, matrix.points(), cpus);

        page.heading(2, "Matrix " + ResultView.sourceName(set.source()));
        page.paragraph("meta", describe(matrix));
        page.paragraph(coresText(layout, cores));
        page.paragraph("Per benchmark, the first chart is the score against the workers, one line per preset (before = "
            + layout.before() + ", after = " + layout.after() + "); the bar through a point spans its lowest to its "
            + "highest iteration score (wide and pale for before, narrow for after). The second is the gain of after over "
            + "before (IOPS after/before, latency before/after: above 1, after is better), ours solid and the seed's "
            + "dashed where the seed has a figure. A ~ marks a gain within the noise, as in the table: the two sides' "
            + "iteration scores do not differ (Mann-Whitney U test, p >= " + Significance.ALPHA + ") or there are fewer "
            + "than " + Significance.MIN_SAMPLES + " on a side. Each step of the x axis doubles the workers.");
        final List<String> caveats = new ArrayList<>();
        if (!matrix.scoresFromSummary())
        {
            caveats.add("Scores are the means of the iteration scores: the source records no JMH score per point "
                + "(for latency JMH's own score weighs each iteration by its operations and can differ slightly).");
        }
        if (!matrix.presetsRecorded())
        {
            caveats.add("The source does not name before and after: the older preset, " + layout.before()
                + ", is taken as before.");
        }
        caveats.addAll(set.notes());
        page.notes(caveats);

        for (final MatrixTables.Table table : tables)
        {
            table(page, table, layout, cores);
        }
        page.heading(3, "Environment and settings");
        final List<Map.Entry<String, String>> fields = new ArrayList<>(EnvironmentFields.of(set.environment()));
        fields.addAll(settings(matrix));
        page.fields(fields);
        if (matrix.otherRows() > 0)
        {
            page.paragraph("meta", "The source has " + matrix.otherRows() + " more rows (JMH's latency percentiles of "
                + "each point, or other benchmarks); the matrix draws the primary scores.");
        }
    }

    /** A page for one matrix result: what {@code dmsnap matrix} writes next to its result file. */
    static HtmlPage page(final ResultSet set)
    {
        final HtmlPage page = new HtmlPage("dmsnap matrix: " + ResultView.sourceName(set.source()));
        append(page, set);
        return page;
    }

    /** Reads {@code resultFile} back and writes its report to {@code html}. */
    static void write(final Path resultFile, final Path html) throws IOException
    {
        page(ResultFiles.read(resultFile)).write(html);
    }

    private static void table(final HtmlPage page, final MatrixTables.Table table, final MatrixLayout layout,
                              final OptionalInt cores)
    {
        page.heading(3, table.benchmark().name() + ", store " + table.store());
        page.chart(valuesChart(table, layout, cores), table.title());
        page.chart(gainChart(table, layout, cores), gainCaption(table));
        final List<List<String>> rows = new ArrayList<>();
        final List<String> classes = new ArrayList<>();
        for (final MatrixTables.Row row : table.rows())
        {
            rows.add(row.cells(table.throughput()));
            classes.add(row.oversubscribed() ? "oversubscribed" : null);
        }
        page.table(table.header(), rows, classes);
        page.notes(table.footnotes());
    }

    /** Score against workers, a line per preset with the range of its iteration scores. */
    static XYChart valuesChart(final MatrixTables.Table table, final MatrixLayout layout, final OptionalInt cores)
    {
        final int n = table.rows().size();
        final double[][] before = new double[3][n];
        final double[][] after = new double[3][n];
        for (int i = 0; i < n; i++)
        {
            final MatrixTables.Row row = table.rows().get(i);
            figures(row.before(), before, i);
            figures(row.after(), after, i);
        }
        final String quantity = table.throughput() ? "IOPS (ops/s, all workers)" : "mean latency (us/op)";
        return new WorkersChart(table.benchmark().name() + ", store " + table.store(), quantity, layout.workers(), cores)
            .measured(layout.before() + " (before)", Charts.PALETTE[0], before[0], before[1], before[2], true)
            .measured(layout.after() + " (after)", Charts.PALETTE[1], after[0], after[1], after[2], false)
            .build();
    }

    /** The gain against workers: ours, with ~ where the table marks it, and the seed's. */
    static XYChart gainChart(final MatrixTables.Table table, final MatrixLayout layout, final OptionalInt cores)
    {
        final int n = table.rows().size();
        final double[] ours = new double[n];
        final double[] seed = new double[n];
        final double[] none = new double[n];
        final boolean[] noise = new boolean[n];
        boolean seedHasFigures = false;
        for (int i = 0; i < n; i++)
        {
            final MatrixTables.Row row = table.rows().get(i);
            ours[i] = row.gain().orElse(Double.NaN);
            seed[i] = row.seedGain().orElse(Double.NaN);
            seedHasFigures |= row.seedGain().isPresent();
            none[i] = Double.NaN;
            noise[i] = row.withinNoise();
        }
        final String ratio = table.ratioName();
        final WorkersChart chart = new WorkersChart(table.benchmark().name() + ": " + ratio,
            (table.throughput() ? "IOPS " : "mean latency ") + ratio + " (> 1: after is better)", layout.workers(), cores)
            .baseline(1.0)
            .measured("ours (" + layout.after() + " vs " + layout.before() + ")", Charts.PALETTE[2], ours, none, none, false)
            .marked(noise, "~", "~ within the noise");
        if (seedHasFigures)
        {
            chart.reference(SEED, Charts.PALETTE[7], seed);
        }
        return chart.build();
    }

    private static String gainCaption(final MatrixTables.Table table)
    {
        final boolean seed = table.rows().stream().anyMatch(r -> r.seedGain().isPresent());
        return table.ratioName() + " against workers" + (seed ? ", ours beside the seed's"
            : "; the seed has no figures for " + table.benchmark().name()) + "; ~ within the noise";
    }

    /** {score, lowest, highest iteration} of a point into column {@code i}; NaN when not measured. */
    private static void figures(final MatrixPoint point, final double[][] into, final int i)
    {
        if (point == null)
        {
            into[0][i] = Double.NaN;
            into[1][i] = Double.NaN;
            into[2][i] = Double.NaN;
            return;
        }
        into[0][i] = point.score();
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (final double v : point.iterations())
        {
            low = Math.min(low, v);
            high = Math.max(high, v);
        }
        into[1][i] = point.iterations().length == 0 ? Double.NaN : low;
        into[2][i] = point.iterations().length == 0 ? Double.NaN : high;
    }

    private static String describe(final StoredMatrix matrix)
    {
        final MatrixLayout layout = matrix.layout();
        final ResultSet set = matrix.set();
        final StringBuilder s = new StringBuilder();
        s.append(layout.benchmarks().size()).append(layout.benchmarks().size() == 1 ? " benchmark" : " benchmarks")
            .append(", store ").append(String.join(", ", layout.stores()))
            .append(", workers ").append(join(layout.workers()))
            .append("; before = ").append(layout.before()).append(", after = ").append(layout.after());
        if (!layout.overrides().isEmpty())
        {
            s.append(", both with ").append(String.join(",", layout.overrides()));
        }
        if (set.files().size() > 1)
        {
            s.append("; ").append(set.files().size()).append(" runs merged");
        }
        s.append("; commit ").append(EnvironmentFields.commit(set.environment()));
        set.environment().startTime().ifPresent(t -> s.append("; started ").append(t));
        s.append("; ").append(set.source());
        return s.toString();
    }

    /** What the text says about the cores: which counts oversubscribe, and what that means for reading the charts. */
    static String coresText(final MatrixLayout layout, final OptionalInt cores)
    {
        if (cores.isEmpty())
        {
            return "The source does not record the machine's core count, so no worker count is marked as "
                + "oversubscribed. Compare the presets as ratios within this run.";
        }
        final List<Integer> over = new ArrayList<>();
        for (final int w : layout.workers())
        {
            if (w > cores.getAsInt())
            {
                over.add(w);
            }
        }
        final String machine = "This machine has " + cores.getAsInt() + (cores.getAsInt() == 1 ? " core" : " cores");
        if (over.isEmpty())
        {
            return machine + ": every worker count has a core of its own (the copier thread shares them). Compare the "
                + "presets as ratios within this run; absolute figures depend on the machine.";
        }
        final String note = MatrixTables.oversubscriptionNote(over, cores.getAsInt());
        return machine + ": " + note.substring(0, note.length() - 1)
            + " (marked *, beyond the dashed line): more busy threads than cores, so those points show how each "
            + "variant copes with preemption, not how it scales. Compare the presets as ratios within this run; "
            + "absolute figures depend on the machine.";
    }

    private static List<Map.Entry<String, String>> settings(final StoredMatrix matrix)
    {
        final MatrixLayout layout = matrix.layout();
        final List<Map.Entry<String, String>> fields = new ArrayList<>();
        fields.add(EnvironmentFields.field("presets", "before " + layout.before() + ", after " + layout.after()));
        fields.add(EnvironmentFields.field("overrides", layout.overrides().isEmpty() ? "none"
            : String.join(", ", layout.overrides())));
        fields.add(EnvironmentFields.field("stores", String.join(", ", layout.stores())));
        fields.add(EnvironmentFields.field("workers", join(layout.workers())));
        final List<String> names = new ArrayList<>();
        for (final FioBenchmarkName b : layout.benchmarks())
        {
            names.add(b.name());
        }
        fields.add(EnvironmentFields.field("benchmarks", String.join(", ", names)));
        matrix.run().ifPresent(run ->
        {
            run.mode().ifPresent(m -> fields.add(EnvironmentFields.field("mode", m)));
            run.forks().ifPresent(f -> fields.add(EnvironmentFields.field("forks per point", String.valueOf(f))));
            run.warmup().ifPresent(w -> fields.add(EnvironmentFields.field("warm-up", w)));
            run.measurement().ifPresent(m -> fields.add(EnvironmentFields.field("measurement", m)));
            run.elapsedSeconds().ifPresent(e -> fields.add(EnvironmentFields.field("run time",
                String.format(Locale.ROOT, "%.0f s", e))));
            if (!run.arguments().isEmpty())
            {
                fields.add(EnvironmentFields.field("command", "dmsnap " + String.join(" ", run.arguments())));
            }
        });
        return fields;
    }

    private static String join(final List<Integer> values)
    {
        final List<String> text = new ArrayList<>();
        values.forEach(v -> text.add(String.valueOf(v)));
        return String.join(", ", text);
    }
}
