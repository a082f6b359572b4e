package io.dmsnap.cli.tune;

import io.dmsnap.cli.CliResult;
import io.dmsnap.cli.report.HeadlessChromium;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The tune page in a browser: every chart of a sweep with two chunk sizes and a live run decodes. */
final class TunePageBrowserTest
{
    @Test
    @Tag("browser")
    @Timeout(240)
    void everyChartOfTheTunePageDecodesInHeadlessChromium(@TempDir final Path dir) throws Exception
    {
        final Path page = dir.resolve("tune.html");
        final CliResult r = CliResult.run("tune", "cow_threshold", "--snapshots", "2", "--origin-size", "64m", "--amount",
            "1m", "--origin-profile", "latency=100us", "--cow-profile", "latency=200us", "--values", "unlimited,0,8",
            "--chunk-size", "4k,16k", "--repeat", "1", "--live", "--step", "300ms", "--html", page.toString(),
            "--no-result");
        assertEquals(0, r.exitCode, r.toString());
        try (HeadlessChromium browser = HeadlessChromium.start())
        {
            final HeadlessChromium.Rendered shown = browser.open(page);
            assertEquals("dmsnap tune cow_threshold", shown.title());
            // throughput, p99, memory, heat map, live in flight, live throughput
            assertEquals(6, shown.images());
            assertEquals(List.of(), shown.broken());
            // one table per chunk size, the live table, the settings
            assertEquals(4, shown.tables());
        }
    }
}
