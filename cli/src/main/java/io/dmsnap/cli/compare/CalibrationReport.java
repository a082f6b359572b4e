package io.dmsnap.cli.compare;

import io.dmsnap.cli.stats.ComparisonSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything one A/A calibration found and did, in the form its outputs render. Immutable.
 *
 * @param sources                the one or two results calibrated on
 * @param split                  whether one result's runs were split alternately into two halves
 * @param settings               the statistics' settings
 * @param minBandPercent         the smallest band suggested
 * @param plannedSamples         values a side the minimum detectable effects and bands are for
 * @param plannedFromData        whether {@code plannedSamples} is the fewest a row has (no {@code --samples})
 * @param environment            the two environments field by field (empty for one source)
 * @param rows                   the calibrated rows
 * @param rawFalsePositives      rows with a raw p below alpha
 * @param adjustedFalsePositives rows with a Holm-adjusted p below alpha
 * @param notCalibrated          rows that could not be (too few values, a value of 0)
 * @param onlyInFirst            rows of the first result the second lacks
 * @param onlyInSecond           rows of the second the first lacks
 * @param warnings               what makes the figures less trustworthy
 * @param notes                  what a reader should know
 * @param bandsFile              the bands file the suggestions were written to (or would be)
 * @param written                whether it was written ({@code --dry-run} leaves it)
 * @param changes                what happened to each suggested entry
 */
public record CalibrationReport(List<SourceInfo> sources, boolean split, ComparisonSettings settings,
                                double minBandPercent, int plannedSamples, boolean plannedFromData,
                                List<EnvironmentLine> environment, List<CalibratedRow> rows, int rawFalsePositives,
                                int adjustedFalsePositives, List<ListedRow> notCalibrated, List<ListedRow> onlyInFirst,
                                List<ListedRow> onlyInSecond, List<String> warnings, List<String> notes,
                                String bandsFile, boolean written, List<BandChange> changes)
{
    public CalibrationReport
    {
        sources = List.copyOf(sources);
        environment = List.copyOf(environment);
        rows = List.copyOf(rows);
        notCalibrated = List.copyOf(notCalibrated);
        onlyInFirst = List.copyOf(onlyInFirst);
        onlyInSecond = List.copyOf(onlyInSecond);
        warnings = List.copyOf(warnings);
        notes = List.copyOf(notes);
        changes = List.copyOf(changes);
    }

    /** The same calibration with what was done to the bands file. */
    CalibrationReport withBands(final String file, final boolean wasWritten, final List<BandChange> bandChanges,
                                final List<String> moreNotes)
    {
        final List<String> allNotes = new ArrayList<>(notes);
        allNotes.addAll(moreNotes);
        return new CalibrationReport(sources, split, settings, minBandPercent, plannedSamples, plannedFromData,
            environment, rows, rawFalsePositives, adjustedFalsePositives, notCalibrated, onlyInFirst, onlyInSecond,
            warnings, allNotes, file, wasWritten, bandChanges);
    }

    /** {@code a.json and b.json}, or {@code runs/ split alternately}. */
    String describeSources()
    {
        return split ? sources.get(0).source() + " split alternately"
            : sources.get(0).source() + " and " + sources.get(1).source();
    }

    /** How many changes of each kind: {@code added 3, changed 1, unchanged 0}. */
    String describeChanges()
    {
        int added = 0;
        int changed = 0;
        int unchanged = 0;
        for (final BandChange c : changes)
        {
            switch (c.kind())
            {
                case ADDED -> added++;
                case CHANGED -> changed++;
                case UNCHANGED -> unchanged++;
            }
        }
        return "added " + added + ", changed " + changed + ", unchanged " + unchanged;
    }
}
