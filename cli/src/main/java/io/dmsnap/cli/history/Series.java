package io.dmsnap.cli.history;

import io.dmsnap.cli.changepoint.ChangePoint;
import io.dmsnap.cli.changepoint.Direction;
import io.dmsnap.cli.result.RowKey;

import java.util.Arrays;
import java.util.List;

/**
 * One row of one host over time: the value of every run of the host that has the row, in run
 * order, and the change points found in it. A run that lacks the row leaves no gap in the series:
 * index i of the series is its i-th value, which {@link #run(int)} maps back to the run. Immutable.
 */
public final class Series
{
    private final String host;
    private final RowKey key;
    private final String unit;
    private final Direction direction;
    private final double[] values;
    private final int[] positions;
    private final List<Run> hostRuns;
    private final List<ChangePoint> changePoints;

    /**
     * @param positions for each value, the position of its run in {@code hostRuns}, ascending
     * @param hostRuns  all the host's runs in the history, in order
     */
    Series(final String host, final RowKey key, final String unit, final Direction direction, final double[] values,
           final int[] positions, final List<Run> hostRuns, final List<ChangePoint> changePoints)
    {
        if (values.length != positions.length)
        {
            throw new IllegalArgumentException(values.length + " values but " + positions.length + " run positions");
        }
        this.host = host;
        this.key = key;
        this.unit = unit;
        this.direction = direction;
        this.values = values.clone();
        this.positions = positions.clone();
        this.hostRuns = hostRuns;
        this.changePoints = List.copyOf(changePoints);
    }

    public String host()
    {
        return host;
    }

    public RowKey key()
    {
        return key;
    }

    public String unit()
    {
        return unit;
    }

    public Direction direction()
    {
        return direction;
    }

    /** How many runs have the row. */
    public int length()
    {
        return values.length;
    }

    /** The value of the i-th run that has the row (0-based). */
    public double value(final int i)
    {
        return values[i];
    }

    /** The values as a new array, oldest first. */
    public double[] values()
    {
        return values.clone();
    }

    /** The run of the i-th value. */
    public Run run(final int i)
    {
        return hostRuns.get(positions[i]);
    }

    /** The position among the host's runs of the i-th value's run (0-based). */
    public int runPosition(final int i)
    {
        return positions[i];
    }

    /** Ascending by index. */
    public List<ChangePoint> changePoints()
    {
        return changePoints;
    }

    /**
     * The mean of each segment between change points: segment s runs from change point s - 1 (or
     * 0) to change point s (or the end), so there is one more segment than change points. What the
     * charts draw as the series' levels; computed from the values, so it is the segment's mean as it
     * is, whatever the merge rule reported.
     */
    public double[] segmentMeans()
    {
        final double[] means = new double[changePoints.size() + 1];
        int start = 0;
        for (int s = 0; s < means.length; s++)
        {
            final int end = s < changePoints.size() ? changePoints.get(s).index() : values.length;
            means[s] = Arrays.stream(values, start, end).average().orElse(Double.NaN);
            start = end;
        }
        return means;
    }

    @Override
    public String toString()
    {
        return host + ": " + key.id() + " (" + values.length + " runs, " + changePoints.size() + " change points)";
    }
}
