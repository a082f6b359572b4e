package io.dmsnap.cli.report;

import io.dmsnap.cli.result.Direction;
import io.dmsnap.cli.result.Measurement;
import io.dmsnap.cli.result.Replicate;
import io.dmsnap.cli.result.ResultSet;
import io.dmsnap.cli.result.RowKey;
import io.dmsnap.cli.stats.Descriptive;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Any result drawn without knowing what was measured (a JMH suite, fio runs, a directory of
 * repeated runs): its rows grouped by benchmark, mode and unit; per group a chart with a column
 * per row (labelled by what differs between the rows: metric, threads, parameters), a dot per
 * replicate and the range of the samples, then a table of the figures; at the end the
 * environment. Stateless.
 */
public final class ResultView
{
    /** More columns than this in one chart are split into several charts. */
    static final int MAX_COLUMNS = 40;

    private ResultView()
    {
    }

    /** One group: rows of one benchmark, mode and unit. */
    private record Group(String benchmark, String mode, String unit, Direction direction, List<Measurement> rows)
    {
    }

    /** Appends a section for {@code set}: a heading naming its source, then every row of it. */
    public static void append(final HtmlPage page, final ResultSet set)
    {
        append(page, set, set.measurements());
    }

    /**
     * Appends a section for {@code set} drawing only {@code rows} (some of its measurements; others
     * were drawn elsewhere). Nothing is appended for no rows.
     */
    public static void append(final HtmlPage page, final ResultSet set, final List<Measurement> rows)
    {
        if (rows.isEmpty())
        {
            return;
        }
        page.heading(2, sourceName(set.source()));
        page.paragraph("meta", describe(set, rows));
        page.notes(set.notes());
        page.paragraph("Each chart holds the rows of one benchmark and unit. A dot is one replicate (a JMH fork: the mean "
            + "of its iterations; a fio run: its value), the diamond the mean of all samples, the grey bar the range "
            + "from the lowest to the highest sample. A column is labelled with what sets its row apart, or with its "
            + "number in the table below the chart, which has the same figures.");
        for (final Group g : groups(rows))
        {
            group(page, g);
        }
        page.heading(3, "Environment");
        page.fields(EnvironmentFields.of(set.environment()));
    }

    /** The file or directory name, as a section's heading. */
    public static String sourceName(final Path source)
    {
        final Path name = source.getFileName();
        return name == null ? source.toString() : name.toString();
    }

    private static String describe(final ResultSet set, final List<Measurement> rows)
    {
        final StringBuilder s = new StringBuilder();
        s.append(set.kind().label()).append(" result, ").append(rows.size()).append(rows.size() == 1 ? " row" : " rows");
        if (set.files().size() > 1)
        {
            s.append(" merged from ").append(set.files().size()).append(" runs (one replicate per run or fork of each)");
        }
        s.append("; ").append(set.source());
        s.append("; commit ").append(EnvironmentFields.commit(set.environment()));
        set.environment().startTime().ifPresent(t -> s.append("; started ").append(t));
        return s.toString();
    }

    private static List<Group> groups(final List<Measurement> rows)
    {
        final Map<String, List<Measurement>> byKey = new LinkedHashMap<>();
        for (final Measurement m : rows)
        {
            byKey.computeIfAbsent(m.key().benchmark() + '\u0000' + m.key().mode() + '\u0000' + m.unit(),
                k -> new ArrayList<>()).add(m);
        }
        final List<Group> groups = new ArrayList<>();
        for (final List<Measurement> list : byKey.values())
        {
            final Measurement first = list.get(0);
            final boolean oneDirection = list.stream().allMatch(m -> m.direction() == first.direction());
            groups.add(new Group(first.key().benchmark(), first.key().mode(), first.unit(),
                oneDirection ? first.direction() : Direction.UNKNOWN, list));
        }
        return groups;
    }

    private static void group(final HtmlPage page, final Group g)
    {
        final String name = shortName(g.benchmark);
        final String title = name + (g.mode.equals(RowKey.FIO_MODE) ? "" : " (" + g.mode + ")");
        page.heading(3, title + ": " + g.unit);
        final List<String> labels = labels(g.rows);
        final Map<String, String> fixed = fixedParameters(g.rows);
        if (!fixed.isEmpty())
        {
            final StringBuilder s = new StringBuilder("Every row: ");
            fixed.forEach((k, v) -> s.append(k).append('=').append(v).append(", "));
            s.setLength(s.length() - 2);
            if (sameThreads(g.rows))
            {
                s.append(", threads=").append(g.rows.get(0).key().threads());
            }
            page.paragraph("meta", s.toString());
        }
        final String yTitle = g.unit + switch (g.direction)
        {
            case HIGHER_IS_BETTER -> " (higher is better)";
            case LOWER_IS_BETTER -> " (lower is better)";
            case UNKNOWN -> "";
        };
        final int charts = (g.rows.size() + MAX_COLUMNS - 1) / MAX_COLUMNS;
        for (int c = 0; c < charts; c++)
        {
            final int from = c * MAX_COLUMNS;
            final int to = Math.min(g.rows.size(), from + MAX_COLUMNS);
            final RowsChart chart = new RowsChart(title + ": " + g.unit
                + (charts > 1 ? " (" + (c + 1) + " of " + charts + ")" : ""), yTitle, labels.subList(from, to));
            for (int i = from; i < to; i++)
            {
                final Measurement m = g.rows.get(i);
                final double[] all = m.pooledSamples();
                chart.row(i - from, Descriptive.mean(all), replicateMeans(m), min(all), max(all));
            }
            page.chart(chart.build(), title + ": " + g.unit + ", " + (to - from) + (to - from == 1 ? " row" : " rows")
                + (charts > 1 ? ", part " + (c + 1) + " of " + charts : ""));
        }
        final List<List<String>> cells = new ArrayList<>();
        for (int i = 0; i < g.rows.size(); i++)
        {
            final Measurement m = g.rows.get(i);
            final double[] all = m.pooledSamples();
            cells.add(List.of(String.valueOf(i + 1), labels.get(i), String.valueOf(m.replicateCount()),
                String.valueOf(all.length), Figures.format(Descriptive.mean(all)), Figures.format(Descriptive.median(all)),
                Figures.format(min(all)), Figures.format(max(all)),
                all.length < 2 ? "-" : Figures.format(Descriptive.cvPercent(all))));
        }
        page.table(List.of("#", "row", "replicates", "samples", "mean (" + g.unit + ")", "median", "min", "max", "CV %"),
            cells, null, 2);
    }

    /**
     * A row's label: what differs between the rows of its group (metric, threads, parameters); its
     * metric when nothing does.
     */
    static List<String> labels(final List<Measurement> rows)
    {
        final boolean metricVaries = rows.stream().map(m -> m.key().metric()).distinct().count() > 1;
        final boolean threadsVary = !sameThreads(rows);
        final TreeSet<String> varying = new TreeSet<>();
        final TreeSet<String> names = new TreeSet<>();
        rows.forEach(m -> names.addAll(m.key().params().keySet()));
        for (final String name : names)
        {
            if (rows.stream().map(m -> m.key().params().get(name)).distinct().count() > 1)
            {
                varying.add(name);
            }
        }
        final List<String> labels = new ArrayList<>();
        for (final Measurement m : rows)
        {
            final List<String> parts = new ArrayList<>();
            if (metricVaries)
            {
                parts.add(m.key().metric());
            }
            if (threadsVary)
            {
                parts.add("threads=" + m.key().threads());
            }
            for (final String name : varying)
            {
                parts.add(name + "=" + m.key().params().getOrDefault(name, "-"));
            }
            labels.add(parts.isEmpty() ? m.key().metric() : String.join(" ", parts));
        }
        return labels;
    }

    /** Parameters with one value in every row of the group. */
    private static Map<String, String> fixedParameters(final List<Measurement> rows)
    {
        final Map<String, String> fixed = new TreeMap<>(rows.get(0).key().params());
        for (final Measurement m : rows)
        {
            fixed.entrySet().removeIf(e -> !Objects.equals(m.key().params().get(e.getKey()), e.getValue()));
        }
        return fixed;
    }

    private static boolean sameThreads(final List<Measurement> rows)
    {
        return rows.stream().mapToInt(m -> m.key().threads()).distinct().count() == 1;
    }

    /** The last part of a JMH benchmark's name ({@code ThrottleBench.startEndCopy}); a fio job name as it is. */
    static String shortName(final String benchmark)
    {
        final int last = benchmark.lastIndexOf('.');
        if (last <= 0 || benchmark.contains(" "))
        {
            return benchmark;
        }
        final int previous = benchmark.lastIndexOf('.', last - 1);
        return benchmark.substring(previous + 1);
    }

    private static double[] replicateMeans(final Measurement m)
    {
        final double[] means = new double[m.replicateCount()];
        int i = 0;
        for (final Replicate r : m.replicates())
        {
            means[i++] = Descriptive.mean(r.values());
        }
        return means;
    }

    private static double min(final double[] values)
    {
        double min = Double.POSITIVE_INFINITY;
        for (final double v : values)
        {
            min = Math.min(min, v);
        }
        return min;
    }

    private static double max(final double[] values)
    {
        double max = Double.NEGATIVE_INFINITY;
        for (final double v : values)
        {
            max = Math.max(max, v);
        }
        return max;
    }
}
