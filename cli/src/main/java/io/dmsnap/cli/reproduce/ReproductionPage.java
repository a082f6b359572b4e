package io.dmsnap.cli.reproduce;

import io.dmsnap.cli.report.HtmlPage;
import io.dmsnap.cli.report.RowsChart;
import io.dmsnap.cli.stats.Descriptive;
import io.dmsnap.cli.tune.Units;
import org.knowm.xchart.XYChart;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reproduction as one self-contained HTML page ({@link HtmlPage}): the table, then per row the
 * machine, what its cores cannot show, what ran, the lines of the measurement and one chart per
 * measured quantity, its sides side by side with a dot per sample ({@link RowsChart}).
 */
final class ReproductionPage
{
    private ReproductionPage()
    {
    }

    static HtmlPage page(final Depth depth, final Machine machine, final List<Outcome> outcomes)
    {
        final HtmlPage page = new HtmlPage("dmsnap reproduce " + depth.option());
        page.heading(1, "Reproduction of the seeds' results");
        page.paragraph("dmsnap reproduce " + depth.option() + " on " + machine.describe() + ".");
        final List<List<String>> rows = new ArrayList<>();
        final List<String> classes = new ArrayList<>();
        for (final Outcome o : outcomes)
        {
            rows.add(o.cells());
            classes.add(o.finding().sameShape() ? "improved" : "regressed");
        }
        page.table(Outcome.HEADER, rows, classes, Outcome.HEADER.size());
        for (final Outcome o : outcomes)
        {
            final Reproduction r = o.reproduction();
            page.heading(2, r.commit() + " (" + r.id() + ")");
            page.fields(List.of(
                Map.entry("machine", machine.describe()),
                Map.entry("what " + Machine.cores(machine.cores()) + " cannot show",
                    r.limits(machine.cores())),
                Map.entry("ran", r.workload(depth) + " (" + Units.duration(o.seconds()) + ")"),
                Map.entry("ours", o.finding().ours())));
            if (!o.finding().details().isEmpty())
            {
                page.preformatted(String.join("\n", o.finding().details()));
            }
            for (final Map.Entry<String, List<Figure>> group : groups(o.finding().figures()).entrySet())
            {
                page.chart(chart(r, group.getKey(), group.getValue()), group.getKey());
            }
        }
        return page;
    }

    static void write(final Path file, final Depth depth, final Machine machine, final List<Outcome> outcomes)
        throws IOException
    {
        page(depth, machine, outcomes).write(file);
    }

    /** Figures of one quantity (metric, parameters, threads) together, in the order measured. */
    private static Map<String, List<Figure>> groups(final List<Figure> figures)
    {
        final Map<String, List<Figure>> groups = new LinkedHashMap<>();
        for (final Figure f : figures)
        {
            final String key = f.metric() + (f.params().isEmpty() ? "" : " " + f.params().values())
                + (f.threads() > 1 ? " " + f.threads() + " workers" : "") + " (" + f.unit() + ")";
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
        }
        return groups;
    }

    private static XYChart chart(final Reproduction r, final String title, final List<Figure> figures)
    {
        final List<String> labels = new ArrayList<>();
        for (final Figure f : figures)
        {
            labels.add(f.side());
        }
        final RowsChart chart = new RowsChart(r.commit() + ": " + title, figures.get(0).unit(), labels);
        for (int i = 0; i < figures.size(); i++)
        {
            final double[] samples = figures.get(i).samples();
            chart.row(i, Descriptive.mean(samples), samples, Arrays.stream(samples).min().orElseThrow(),
                Arrays.stream(samples).max().orElseThrow());
        }
        return chart.build();
    }
}
