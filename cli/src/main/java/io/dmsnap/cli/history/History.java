package io.dmsnap.cli.history;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The history of a directory of result files: per host, the runs in time order, one series per row
 * with its change points; the files left out and what a reader should know. Built by
 * {@link #read(Path, HistoryOptions)}; rendered as text ({@link HistoryText}), JSON
 * ({@link HistoryJson}), charts ({@link SeriesChart}), HTML ({@link HistoryHtml}) and Otava CSV
 * ({@link HistoryOtava}). Immutable.
 *
 * @param directory the directory given
 * @param options   how it was read and analysed
 * @param hosts     one per host with at least one run, by name
 * @param skipped   files that could not be read ({@code --skip-unreadable}), in name order
 * @param notes     one line each: files without a start time, runs left out by the window, hosts
 *                  named by their directory, ...
 */
public record History(Path directory, HistoryOptions options, List<HostHistory> hosts, List<SkippedFile> skipped,
                      List<String> notes)
{
    public History
    {
        hosts = List.copyOf(hosts);
        skipped = List.copyOf(skipped);
        notes = List.copyOf(notes);
    }

    /**
     * Reads every result file under {@code directory} (a host's directory, or a parent of host
     * directories) and finds the change points of every series.
     *
     * @throws IllegalArgumentException (exit code 2 on the command line) when the directory holds no
     *                                  result file, a file cannot be read (unless skipped), a row
     *                                  changes unit or direction, or no host has two runs
     */
    public static History read(final Path directory, final HistoryOptions options)
    {
        final List<HistoryLayout.RunDirectory> layout = HistoryLayout.find(directory);
        return HistoryAnalysis.analyse(directory, layout, new RunLoader().load(layout), options);
    }

    /** Runs of all hosts. */
    public int runCount()
    {
        return hosts.stream().mapToInt(h -> h.runs().size()).sum();
    }

    /** Series of all hosts. */
    public int seriesCount()
    {
        return hosts.stream().mapToInt(h -> h.series().size()).sum();
    }

    /** Every change point: host by host, row by row, by index. */
    public List<SeriesChangePoint> changePoints()
    {
        final List<SeriesChangePoint> all = new ArrayList<>();
        for (final HostHistory host : hosts)
        {
            all.addAll(changePoints(host));
        }
        return all;
    }

    /** The change points of one host: row by row (the series' order), by index within a row. */
    public static List<SeriesChangePoint> changePoints(final HostHistory host)
    {
        final List<SeriesChangePoint> points = new ArrayList<>();
        for (final Series s : host.series())
        {
            s.changePoints().forEach(p -> points.add(new SeriesChangePoint(s, p)));
        }
        return points;
    }
}
