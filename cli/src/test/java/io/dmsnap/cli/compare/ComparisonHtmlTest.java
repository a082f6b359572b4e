package io.dmsnap.cli.compare;

import io.dmsnap.cli.report.HeadlessChromium;
import io.dmsnap.cli.report.HtmlPage;
import io.dmsnap.cli.result.Direction;
import io.dmsnap.cli.result.ResultSet;
import io.dmsnap.cli.result.RowKey;
import io.dmsnap.cli.stats.ComparisonSettings;
import io.dmsnap.cli.stats.Verdict;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTML sections of a comparison: summary, table, change charts, dot plots; a browser draws every chart. */
final class ComparisonHtmlTest
{
    /** {@code rows} rows, every fifth 10% slower. */
    private static ComparisonReport many(final int rows)
    {
        final SyntheticResult base = new SyntheticResult();
        final SyntheticResult candidate = new SyntheticResult();
        for (int i = 0; i < rows; i++)
        {
            final RowKey key = SyntheticResult.key("io.x.Bench.run", "size", Integer.toString(i));
            base.row(key, "ops/s", Direction.HIGHER_IS_BETTER, 1000, 1, 8, 2L * i);
            candidate.row(key, "ops/s", Direction.HIGHER_IS_BETTER, i % 5 == 0 ? 900 : 1000, 1, 8, 2L * i + 1);
        }
        final ResultSet b = base.resultSet(Path.of("base.json"));
        final ResultSet c = candidate.resultSet(Path.of("candidate.json"));
        return ResultComparison.compare(b, c, new ResultComparison.Options(new ComparisonSettings(0.05, 0.95, 500, 1L,
            5, 0.8), new BandRules(List.of(), null), false, false, Set.of(), List.of()));
    }

    private static int count(final String html, final String regex)
    {
        final Matcher m = Pattern.compile(regex).matcher(html);
        int n = 0;
        while (m.find())
        {
            n++;
        }
        return n;
    }

    @Test
    void theSectionsAppendToAnyPage()
    {
        final ComparisonReport report = ComparisonJsonTest.sample();
        final HtmlPage page = new HtmlPage("nightly").paragraph("before the comparison");
        ComparisonHtml.append(page, report);
        final String html = page.render();
        assertTrue(html.indexOf("before the comparison") < html.indexOf("<h2>Comparison: 1 regression</h2>"), html);
        assertEquals(3, count(html, "<img "), "a change chart and a dot plot per compared row");
        assertEquals(1, count(html, "<tr class=\"regressed\">"));
        assertTrue(html.contains("Not compared") && html.contains("not in the candidate") && html.contains("skipped by"));
        assertTrue(html.contains("seed 42"), "the seed is printed");
        assertTrue(html.contains("Warning: environments differ, allowed by --allow-env-mismatch: cpu.model"), html);
        assertFalse(html.contains("<script"), "a report runs no script");
        assertTrue(html.contains("a b, &quot;c&quot;"), "parameters escaped");
    }

    @Test
    void manyRowsGetSeveralChangeChartsAndACappedNumberOfDotPlots()
    {
        final ComparisonReport report = many(45);
        final String html = ComparisonHtml.page(report).render();
        assertEquals(9, report.rows(Verdict.REGRESSED).size(), report.counts());
        assertEquals(2 + ComparisonHtml.MAX_DOT_PLOTS, count(html, "<img "), "two change charts (40 + 5 rows)");
        assertTrue(html.contains("Values of the first 40 of 45 rows are drawn (regressions first)"), html);
        assertTrue(html.indexOf("#1 run size=0") < html.indexOf("#10 run size=1"), "regressions first");
    }

    @Test
    @Tag("browser")
    @Timeout(180)
    void everyChartRendersInHeadlessChromium(@TempDir final Path dir) throws Exception
    {
        final Path small = dir.resolve("small.html");
        ComparisonHtml.page(ComparisonJsonTest.sample()).write(small);
        final Path large = dir.resolve("large.html");
        ComparisonHtml.page(many(45)).write(large);
        try (HeadlessChromium browser = HeadlessChromium.start())
        {
            final HeadlessChromium.Rendered s = browser.open(small);
            assertEquals("dmsnap compare", s.title());
            assertEquals(3, s.images());
            assertEquals(List.of(), s.broken());
            assertEquals(3, s.tables(), "rows, not compared, environment");
            final HeadlessChromium.Rendered l = browser.open(large);
            assertEquals(2 + ComparisonHtml.MAX_DOT_PLOTS, l.images());
            assertEquals(List.of(), l.broken());
        }
    }
}
