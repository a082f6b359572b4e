package io.dmsnap.cli.stats;

/**
 * One row to compare: a metric's values from the base and from the candidate, one value per
 * independent repetition (fork or run), which way the metric improves, and its band.
 *
 * @param name the row's name, unique within a family (it also seeds the row's bootstrap)
 * @param direction which way the metric improves
 * @param bandPercent the smallest change that matters, in percent
 * @param base the base values, all positive
 * @param candidate the candidate values
 */
public record ComparisonRow(String name, Direction direction, double bandPercent, double[] base, double[] candidate)
{
    /**
     * Copies the samples, so later changes to the caller's arrays do not reach the row.
     *
     * @throws IllegalArgumentException when a field is missing or a sample is empty or holds a
     *     non-finite value (the message names the row)
     */
    public ComparisonRow
    {
        if (name == null || name.isBlank())
        {
            throw new IllegalArgumentException("a comparison row has no name: give every row a unique name");
        }
        if (direction == null)
        {
            throw new IllegalArgumentException("row " + name + " has no direction: give HIGHER_IS_BETTER or LOWER_IS_BETTER");
        }
        Samples.checkPositivePercent(bandPercent, "row " + name + ": band");
        base = Samples.check(base, "row " + name + ": base sample", 1).clone();
        candidate = Samples.check(candidate, "row " + name + ": candidate sample", 1).clone();
    }

    /** A copy of the base values. */
    @Override
    public double[] base()
    {
        return base.clone();
    }

    /** A copy of the candidate values. */
    @Override
    public double[] candidate()
    {
        return candidate.clone();
    }
}
