package io.dmsnap.cli.tune;

import io.dmsnap.cli.report.HtmlPage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The self-contained HTML page of a tune run: the recommendation and why, the table of each chunk
 * size, the charts (throughput, p99, memory; the heat map with several chunk sizes; the live run's
 * two charts), and the settings.
 */
final class TunePage
{
    private TunePage()
    {
    }

    static HtmlPage build(final TuneReport report, final String title, final List<String> commandLine,
                          final Map<String, Object> settings)
    {
        final SweepResult result = report.result();
        final HtmlPage page = new HtmlPage(title);
        page.paragraph("meta", result.plan().workload().describe());
        page.paragraph("verdict", report.sentence());
        page.chart(TuneCharts.throughput(result, report.byChunk()), "Median IOPS of each threshold; the vertical line is "
            + "the recommended value.");
        page.chart(TuneCharts.p99(result, report.byChunk()), "Median p99 write latency of each threshold.");
        page.chart(TuneCharts.memory(result, report.byChunk()), "Peak and time-weighted mean copier memory, as the kernel "
            + "allocates it (job objects, pages of running copies, the clients' reserves).");
        if (result.plan().chunkBytes().size() > 1)
        {
            page.chart(TuneCharts.heatMap(result), "Throughput of each threshold and chunk size, in percent of the best of "
                + "that chunk size.");
        }
        for (final long chunk : result.plan().chunkBytes())
        {
            page.heading(2, "Chunk " + Units.chunk(chunk));
            page.paragraph(report.byChunk().get(chunk).sentence());
            final List<List<String>> rows = new ArrayList<>();
            final List<String> classes = new ArrayList<>();
            for (final Point p : result.pointsOf(chunk))
            {
                rows.add(List.of(p.threshold().label(), Units.count(p.iops()), Units.micros(p.p50Micros()),
                    Units.micros(p.p99Micros()), Units.micros(p.p999Micros()), Units.duration(p.seconds()),
                    p.deviceSeconds() < 0 ? "-" : Units.duration(p.deviceSeconds()), Units.count(p.peakInflight()),
                    Units.size(p.peakCopyBytes()), Units.size(p.meanCopyBytes()), Integer.toString(p.samples().size())));
                classes.add(p.threshold().equals(report.byChunk().get(chunk).value()) ? "improved" : null);
            }
            page.table(List.of("threshold", "IOPS", "p50", "p99", "p99.9", "time", "device time", "peak in flight",
                "peak memory", "mean memory", "samples"), rows, classes);
        }
        report.live().ifPresent(live ->
        {
            page.heading(2, "Live threshold changes (chunk " + Units.chunk(live.chunkBytes()) + ")");
            page.paragraph("One run; the threshold was written while I/O ran, at the start of each step. 'Within limit "
                + "after' is the time from the change until every snapshot's copies in flight were within the new "
                + "threshold plus one per submitting thread.");
            page.chart(TuneCharts.liveInflight(live), "Copies in flight of the fullest snapshot, and the threshold in force.");
            page.chart(TuneCharts.liveThroughput(live), "Throughput of each step.");
            final List<List<String>> rows = new ArrayList<>();
            for (final LiveStep s : live.steps())
            {
                rows.add(List.of(s.threshold().label(), Units.count(s.inflightAtStart()),
                    s.settled() ? Units.millis(s.settleMillis()) : "not within the step", Units.count(s.iops()),
                    s.p99Micros() < 0 ? "-" : Units.micros(s.p99Micros()), Units.count(s.peakInflight()),
                    Units.count(s.meanInflight()), Units.size(s.meanCopyBytes())));
            }
            page.table(List.of("threshold", "in flight at change", "within limit after", "IOPS", "p99", "peak in flight",
                "mean in flight", "mean memory"), rows, null);
        });
        page.beginDetails("Settings and command line");
        page.preformatted("dmsnap " + String.join(" ", commandLine));
        final List<List<String>> rows = new ArrayList<>();
        for (final Map.Entry<String, Object> e : settings.entrySet())
        {
            rows.add(List.of(e.getKey(), String.valueOf(e.getValue())));
        }
        page.table(List.of("setting", "value"), rows, null);
        page.endDetails();
        return page;
    }
}
