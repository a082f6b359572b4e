package io.dmsnap.cli.reportcmd;

import io.dmsnap.cli.CliResult;
import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.matrix.MatrixFixture;
import io.dmsnap.cli.report.HeadlessChromium;
import io.dmsnap.cli.report.PageText;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a reader of {@code dmsnap report}'s page sees in a browser: every chart drawn, every table there. */
@Tag("browser")
@Timeout(180)
final class ReportInBrowserTest
{
    @Test
    void everyChartOfAMatrixAndOfOtherResultsRenders(@TempDir final Path dir) throws Exception
    {
        final Path matrix = MatrixFixture.write(dir.resolve("m.json"), 2, true, MatrixFixture.COMMIT);
        final Path html = dir.resolve("report.html");
        final CliResult r = CliResult.run("report", matrix.toString(),
            MatrixFixture.resultFixture("jmh-sample.json").toString(),
            MatrixFixture.resultFixture("fio-psync-2jobs.json").toString(),
            MatrixFixture.resultFixture("fio-runs").toString(), "--output", html.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        final String page = Files.readString(html, StandardCharsets.UTF_8);
        final int charts = PageText.images(page);
        assertTrue(r.out.contains("(" + charts + " charts)"), r::toString);
        assertTrue(charts >= 8 + 1 + 3 + 3, "matrix 8, jmh 1, fio 3 and 3: " + charts);
        try (HeadlessChromium browser = HeadlessChromium.start())
        {
            final HeadlessChromium.Rendered rendered = browser.open(html);
            assertEquals("dmsnap report: 4 inputs", rendered.title());
            assertEquals(charts, rendered.images());
            assertEquals(List.of(), rendered.broken());
            assertEquals(PageText.rows(page).isEmpty() ? 0 : countTables(page), rendered.tables());
        }
    }

    private static int countTables(final String html)
    {
        return html.split("<table", -1).length - 1;
    }
}
