package io.dmsnap.cli.tune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The points of a finished sweep and how long it took.
 *
 * @param plan           what ran
 * @param points         one per chunk size and threshold, chunk sizes in the plan's order, thresholds ascending
 * @param elapsedSeconds wall time of all samples
 */
public record SweepResult(SweepPlan plan, List<Point> points, double elapsedSeconds)
{
    public SweepResult
    {
        points = List.copyOf(points);
    }

    /** The points of one chunk size, thresholds ascending. */
    public List<Point> pointsOf(final long chunkBytes)
    {
        final List<Point> of = new ArrayList<>();
        for (final Point p : points)
        {
            if (p.chunkBytes() == chunkBytes)
            {
                of.add(p);
            }
        }
        of.sort(Comparator.comparing(Point::threshold));
        return of;
    }

    /** The thresholds measured, ascending (unlimited last). */
    public List<Threshold> thresholds()
    {
        final List<Threshold> t = new ArrayList<>(plan.values());
        t.sort(null);
        return t;
    }
}
