package io.dmsnap.cli.merge;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The merge's progress on stderr: chunks merged, percentage, rate and time left, one line per
 * report (a log, not a redrawn line, so that it reads the same in a terminal and in a file).
 */
final class MergeProgressLine implements Consumer<OfflineMerge.Progress>
{
    private final PrintWriter err;
    private long lastMerged = -1;

    MergeProgressLine(final PrintWriter err)
    {
        this.err = err;
    }

    @Override
    public void accept(final OfflineMerge.Progress p)
    {
        if (p.merged() == lastMerged)
        {
            return;
        }
        lastMerged = p.merged();
        err.println(line(p));
        err.flush();
    }

    /** "merge: 1200/4096 chunks (29%), 512 chunks/s, ETA 0:06". */
    static String line(final OfflineMerge.Progress p)
    {
        final double seconds = p.nanos() / 1e9;
        final double rate = seconds > 0 ? p.merged() / seconds : 0;
        final long percent = p.total() == 0 ? 100 : p.merged() * 100 / p.total();
        final String eta = rate > 0 ? clock((long) Math.ceil((p.total() - p.merged()) / rate)) : "unknown";
        return String.format(Locale.ROOT, "merge: %d/%d chunks (%d%%), %.0f chunks/s, ETA %s", p.merged(), p.total(),
            percent, rate, eta);
    }

    private static String clock(final long seconds)
    {
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    void finish()
    {
        err.flush();
    }
}
