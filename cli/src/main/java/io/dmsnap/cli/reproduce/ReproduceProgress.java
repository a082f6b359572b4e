package io.dmsnap.cli.reproduce;

import io.dmsnap.cli.tune.Units;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Progress of a reproduction on stderr: what runs next and when it is expected to end, and after each
 * row the time it took, the time so far and the time left. The time left is the expected time of
 * the rows still to run, scaled by how the rows so far compared with their own expectations (a
 * machine twice as slow as the estimates' takes twice as long); rough, and said so ("about").
 */
final class ReproduceProgress
{
    private final PrintWriter err;
    private final Depth depth;
    private final List<Reproduction> rows;
    private final LongSupplier nanoClock;
    private final long start;
    private double expectedDone;
    private double actualDone;

    ReproduceProgress(final PrintWriter err, final Depth depth, final List<Reproduction> rows, final LongSupplier nanoClock)
    {
        this.err = err;
        this.depth = depth;
        this.rows = List.copyOf(rows);
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    /** The line before anything runs: how many rows and how long they are expected to take. */
    void begin()
    {
        double total = 0;
        for (final Reproduction r : rows)
        {
            total += r.expectedSeconds(depth);
        }
        err.println("reproduce: " + depth.option() + ", " + rows.size() + (rows.size() == 1 ? " result" : " results")
            + ": expected about " + Units.duration(total) + " on 2 cores");
        err.flush();
    }

    void started(final int index)
    {
        final Reproduction r = rows.get(index);
        err.println("reproduce: [" + (index + 1) + "/" + rows.size() + "] " + r.commit() + " (" + r.id() + "): "
            + r.workload(depth) + "; expected about " + Units.duration(r.expectedSeconds(depth) * pace()));
        err.flush();
    }

    void finished(final int index, final double seconds)
    {
        final Reproduction r = rows.get(index);
        expectedDone += r.expectedSeconds(depth);
        actualDone += seconds;
        err.println("reproduce: [" + (index + 1) + "/" + rows.size() + "] " + r.id() + " done in "
            + Units.duration(seconds) + " | elapsed " + Units.duration(elapsed()) + ", about "
            + Units.duration(left(index)) + " left");
        err.flush();
    }

    /** Seconds since {@link ReproduceProgress} was made. */
    double elapsed()
    {
        return (nanoClock.getAsLong() - start) / 1e9;
    }

    /** Expected seconds of the rows after {@code index}, at the pace so far. */
    double left(final int index)
    {
        double left = 0;
        for (int i = index + 1; i < rows.size(); i++)
        {
            left += rows.get(i).expectedSeconds(depth);
        }
        return left * pace();
    }

    /** Actual over expected seconds of the rows so far; 1 before any finished. */
    private double pace()
    {
        return expectedDone > 0 ? actualDone / expectedDone : 1;
    }
}
