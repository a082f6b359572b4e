package io.dmsnap.cli.history;

import io.dmsnap.cli.report.HeadlessChromium;
import io.dmsnap.cli.report.HtmlPage;
import io.dmsnap.cli.result.Direction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.dmsnap.cli.history.SyntheticRuns.gaussian;
import static io.dmsnap.cli.history.SyntheticRuns.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The history's HTML: its sections on any page, and a browser shows every chart. */
final class HistoryHtmlTest
{
    private static History threeSeries(final Path dir)
    {
        SyntheticRuns.history().iops("randwrite", gaussian(3, 30, 0.03, step(15, 1000, 950)))
            .latency("randwrite", gaussian(4, 30, 0.03, i -> 200_000))
            .row(SyntheticRuns.jmhRow("fio_origin_randwrite_throughput", "v5.0"), "ops/s", Direction.HIGHER_IS_BETTER,
                gaussian(5, 150, 0.01, step(100, 500, 550)))
            .writeTo(dir);
        return History.read(dir, HistoryOptions.nightly());
    }

    @Test
    void sectionsAppendToAnotherPage(@TempDir final Path dir)
    {
        final History history = threeSeries(dir);
        final HtmlPage page = new HtmlPage("nightly report").paragraph("before the history");
        HistoryHtml.appendTo(page, history, 2);
        final String html = page.render();
        assertTrue(html.indexOf("before the history") < html.indexOf("<h2>Change points</h2>"), html);
        assertTrue(html.contains("<h2>Host bench-1</h2>"), html);
        assertEquals(3, html.split("<figure>", -1).length - 1);
        assertTrue(html.contains("<figcaption>randwrite:write.iops [fio, threads=1] {bs=4k, rw=randwrite} (ops/s, host bench-1): 30 runs; "
            + "regression at 15 (run-015.json, "), html);
    }

    @Test
    @Tag("browser")
    @Timeout(120)
    void everySeriesChartRendersInHeadlessChromium(@TempDir final Path dir) throws Exception
    {
        final History history = threeSeries(dir.resolve("runs"));
        final Path file = dir.resolve("history.html");
        HistoryHtml.page(history).write(file);
        try (HeadlessChromium browser = HeadlessChromium.start())
        {
            final HeadlessChromium.Rendered page = browser.open(file);
            assertEquals("dmsnap history: " + dir.resolve("runs"), page.title());
            assertEquals(history.seriesCount(), page.images());
            assertEquals(List.of(), page.broken());
            assertEquals(1, page.tables());
        }
    }
}
