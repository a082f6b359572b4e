package io.dmsnap.cli.report;

import io.dmsnap.cli.matrix.MatrixFixture;
import io.dmsnap.cli.result.Direction;
import io.dmsnap.cli.result.Measurement;
import io.dmsnap.cli.result.Replicate;
import io.dmsnap.cli.result.ResultFiles;
import io.dmsnap.cli.result.ResultSet;
import io.dmsnap.cli.result.RowKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generic view of results that are no matrix: real JMH and fio outputs. */
@Timeout(60)
final class ResultViewTest
{
    private static String page(final ResultSet set)
    {
        final HtmlPage page = new HtmlPage("t");
        ResultView.append(page, set);
        return page.render();
    }

    @Test
    void aJmhFileHasAChartAndATablePerBenchmarkAndUnit()
    {
        final ResultSet set = ResultFiles.read(MatrixFixture.resultFixture("jmh-thrpt-gc.json"));
        final String html = page(set);
        final List<String> headings = PageText.headings(html);
        assertEquals("h2 jmh-thrpt-gc.json", headings.get(1));
        assertTrue(headings.contains("h3 ThrottleBench.startEndCopy (thrpt): ops/ms"), headings::toString);
        assertTrue(headings.contains("h3 ThrottleBench.startEndCopy (thrpt): B/op"), headings::toString);
        assertTrue(headings.contains("h3 Environment"));
        final int groups = (int) headings.stream().filter(h -> h.startsWith("h3 ThrottleBench")).count();
        assertEquals(groups, PageText.images(html), "one chart per group");

        // The primary score's rows, labelled by the parameter that differs, with figures of all samples.
        final Measurement none = set.measurements().stream()
            .filter(m -> m.key().metric().equals(RowKey.PRIMARY) && m.key().params().get("throttle").equals("NONE"))
            .findFirst().orElseThrow();
        final double[] all = none.pooledSamples();
        double sum = 0;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (final double v : all)
        {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        final List<String> row = PageText.rows(html).stream().filter(r -> r.size() == 9 && r.get(1).equals("throttle=NONE"))
            .findFirst().orElseThrow();
        assertEquals("1", row.get(0));
        assertEquals("2", row.get(2), "two forks");
        assertEquals(String.valueOf(all.length), row.get(3));
        assertEquals(Figures.format(sum / all.length), row.get(4));
        assertEquals(Figures.format(min), row.get(6));
        assertEquals(Figures.format(max), row.get(7));
        assertTrue(PageText.rows(html).contains(List.of("commit", "not recorded")), "JMH records no commit");
    }

    @Test
    void aDirectoryOfRunsIsOneResultWithAReplicatePerRun()
    {
        final ResultSet set = ResultFiles.read(MatrixFixture.resultFixture("fio-runs"));
        final String html = page(set);
        final String text = PageText.text(html);
        assertTrue(text.contains("merged from 3 runs"), text);
        final List<String> iops = PageText.rows(html).stream().filter(r -> r.size() == 9 && r.get(1).equals("write.iops"))
            .findFirst().orElseThrow();
        assertEquals(List.of("3", "3"), iops.subList(2, 4), "three runs of one sample each");
        assertTrue(PageText.headings(html).contains("h3 randwrite: ops/s"), PageText.headings(html)::toString);
        assertTrue(text.contains("Every row: bs=4k"), text);
    }

    @Test
    void labelsNameWhatDiffersBetweenTheRows()
    {
        final Measurement a = row("b", 1, Map.of("x", "1", "y", "same"), "score");
        final Measurement b = row("b", 2, Map.of("x", "2", "y", "same"), "score");
        assertEquals(List.of("threads=1 x=1", "threads=2 x=2"), ResultView.labels(List.of(a, b)));
        final Measurement c = row("b", 1, Map.of("x", "1", "y", "same"), "p0.99");
        assertEquals(List.of("score", "p0.99"), ResultView.labels(List.of(a, c)));
        assertEquals(List.of("score"), ResultView.labels(List.of(a)), "one row: its metric");
        final Measurement d = row("b", 1, Map.of(), "score");
        assertEquals(List.of("x=1 y=same", "x=- y=-"), ResultView.labels(List.of(a, d)));
    }

    @Test
    void shortNamesKeepClassAndMethod()
    {
        assertEquals("ThrottleBench.startEndCopy",
            ResultView.shortName("io.dmsnap.bench.jmh.micro.ThrottleBench.startEndCopy"));
        assertEquals("randwrite", ResultView.shortName("randwrite"));
        assertEquals("job one.two", ResultView.shortName("job one.two"));
    }

    @Test
    void nothingIsAppendedForNoRows()
    {
        final ResultSet set = ResultFiles.read(MatrixFixture.resultFixture("fio-psync-randwrite.json"));
        final HtmlPage page = new HtmlPage("t");
        ResultView.append(page, set, List.of());
        assertEquals(List.of("h1 t"), PageText.headings(page.render()));
    }

    private static Measurement row(final String benchmark, final int threads, final Map<String, String> params,
                                   final String metric)
    {
        return new Measurement(new RowKey(benchmark, "thrpt", threads, new TreeMap<>(params), metric), "ops/s",
            Direction.HIGHER_IS_BETTER, List.of(Replicate.of("fork 1", 1, 2)));
    }
}
