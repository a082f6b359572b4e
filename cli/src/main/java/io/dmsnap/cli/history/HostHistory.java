package io.dmsnap.cli.history;

import io.dmsnap.cli.result.RowKey;

import java.util.List;

/**
 * The history of one host: its runs in order (after {@code --since} and {@code --last}), one
 * series per row, and the rows that were not analysed. Immutable.
 *
 * @param host           the host's name
 * @param runs           its runs, in order (start time, file name as a tie-break)
 * @param series         one per analysed row, in row order
 * @param undirectedRows rows whose files do not say which way is better (JMH's {@code gc.alloc.rate}
 *                       in MB/sec, counts): no regression or improvement can be named, so they
 *                       are left out, in row order
 */
public record HostHistory(String host, List<Run> runs, List<Series> series, List<RowKey> undirectedRows)
{
    public HostHistory
    {
        runs = List.copyOf(runs);
        series = List.copyOf(series);
        undirectedRows = List.copyOf(undirectedRows);
    }
}
