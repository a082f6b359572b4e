package io.dmsnap.cli.history;

import io.dmsnap.cli.changepoint.ChangePoint;
import io.dmsnap.cli.changepoint.Verdict;

/**
 * A change point with the series it is in: {@code point.index()} is the position in the series,
 * {@link #run()} the run where the new level starts.
 */
public record SeriesChangePoint(Series series, ChangePoint point)
{
    /** The run of the first value of the new level. */
    public Run run()
    {
        return series.run(point.index());
    }

    /** The run's position among its host's runs. */
    public int runPosition()
    {
        return series.runPosition(point.index());
    }

    public boolean isRegression()
    {
        return point.verdict() == Verdict.REGRESSION;
    }
}
