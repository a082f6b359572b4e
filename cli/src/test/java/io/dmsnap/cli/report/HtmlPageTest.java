package io.dmsnap.cli.report;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A self-contained page: text escaped, charts embedded, and a browser shows every chart. */
final class HtmlPageTest
{
    private static XYChart line(final String title)
    {
        final XYChart chart = new XYChartBuilder().width(480).height(320).title(title)
            .xAxisTitle("workers").yAxisTitle("IOPS").build();
        Charts.style(chart.getStyler());
        chart.addSeries("current", new double[] {1, 2, 4, 8}, new double[] {510_000, 338_000, 290_000, 250_000});
        chart.addSeries("v5.0", new double[] {1, 2, 4, 8}, new double[] {320_000, 196_000, 200_000, 170_000});
        return chart;
    }

    @Test
    void textIsEscapedAndNothingIsFetched()
    {
        final String html = new HtmlPage("a <b> & \"c\"").paragraph("x < y")
            .table(List.of("name", "value"), List.of(List.of("<script>", "1")), null)
            .chart(line("throughput"), "caption & more").render();
        assertTrue(html.contains("<title>a &lt;b&gt; &amp; &quot;c&quot;</title>"), html);
        assertTrue(html.contains("&lt;script&gt;"));
        assertFalse(html.contains("<script"), "a report carries no script");
        assertFalse(html.contains("http://") || html.contains("https://"), "a report fetches nothing");
        assertTrue(html.contains("src=\"data:image/svg+xml;base64,"));
    }

    @Test
    void fieldsNotesAndTextColumnsAreEscapedAndAligned()
    {
        final HtmlPage page = new HtmlPage("p").fields(List.of(Map.entry("a<b", "c&d")))
            .notes(List.of("* one", "~ <two>")).notes(List.of())
            .table(List.of("#", "name", "value"), List.of(List.of("1", "x", "2")), null, 2)
            .chart(line("first"), "").chart(line("second"), "");
        final String html = page.render();
        assertTrue(html.contains("<table class=\"fields\">\n<tr><th>a&lt;b</th><td>c&amp;d</td></tr>"), html);
        assertTrue(html.contains("<ul class=\"notes\">\n<li>* one</li>\n<li>~ &lt;two&gt;</li>\n</ul>"), html);
        assertEquals(1, html.split("<ul ", -1).length - 1, "an empty list of notes is no list");
        assertTrue(html.contains("<td class=\"text\">1</td><td class=\"text\">x</td><td>2</td>"), html);
        assertEquals(List.of("first", "second"), page.charts().stream().map(c -> c.getTitle()).toList());
    }

    @Test
    void pngAndSvgEncodingsAreImages()
    {
        final byte[] png = Charts.png(line("png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII));
        final String svg = new String(Charts.svg(line("svg")), StandardCharsets.UTF_8);
        assertTrue(svg.contains("<svg"), svg.substring(0, Math.min(200, svg.length())));
    }

    @Test
    @Tag("browser")
    @Timeout(120)
    void everyChartRendersInHeadlessChromium(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("page.html");
        new HtmlPage("two charts").chart(line("one"), "first").chart(line("two"), "second")
            .table(List.of("a", "b"), List.of(List.of("1", "2")), null).write(file);
        try (HeadlessChromium browser = HeadlessChromium.start())
        {
            final HeadlessChromium.Rendered page = browser.open(file);
            assertEquals("two charts", page.title());
            assertEquals(2, page.images());
            assertEquals(List.of(), page.broken());
            assertEquals(1, page.tables());
        }
    }

    @Test
    @Tag("browser")
    @Timeout(120)
    void aBrokenChartIsReported(@TempDir final Path dir) throws Exception
    {
        // The check must be able to fail: an image whose data is not an image.
        final Path file = dir.resolve("broken.html");
        Files.writeString(file, "<!DOCTYPE html><html><head><title>broken</title></head><body>"
            + "<img alt=\"bad\" src=\"data:image/svg+xml;base64,bm90IGFuIGltYWdl\"></body></html>");
        try (HeadlessChromium browser = HeadlessChromium.start())
        {
            final HeadlessChromium.Rendered page = browser.open(file);
            assertEquals(1, page.images());
            assertEquals(List.of("bad"), page.broken());
        }
    }
}
