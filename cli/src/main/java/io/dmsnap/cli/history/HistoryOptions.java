package io.dmsnap.cli.history;

import io.dmsnap.cli.changepoint.ChangePointDetector;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a history is read and analysed.
 *
 * @param detector       finds the change points of each series
 * @param since          only runs that started at or after this time (runs without a start time are then left out)
 * @param last           only the last N runs of each host (after {@code since}), at least 1
 * @param skipUnreadable leave out files that cannot be read, listing them, instead of refusing the history
 */
public record HistoryOptions(ChangePointDetector detector, Optional<Instant> since, OptionalInt last, boolean skipUnreadable)
{
    /** The minimum magnitude of {@link #nightly()}, in percent. */
    public static final double NIGHTLY_MIN_MAGNITUDE_PERCENT = 2;

    public HistoryOptions
    {
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(last, "last");
        if (last.isPresent() && last.getAsInt() < 1)
        {
            throw new IllegalArgumentException("--last must be at least 1 run, got " + last.getAsInt());
        }
    }

    /**
     * The defaults of {@code dmsnap history}: Otava's detector (window 50, p 0.001, t-test, Otava's
     * merge) with a minimum magnitude of 2% (docs/history.md says why), every run, unreadable files
     * refused.
     */
    public static HistoryOptions nightly()
    {
        return new HistoryOptions(ChangePointDetector.otavaDefaults().withMinMagnitudePercent(NIGHTLY_MIN_MAGNITUDE_PERCENT),
            Optional.empty(), OptionalInt.empty(), false);
    }
}
