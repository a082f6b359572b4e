package io.dmsnap.cli.stats;

/**
 * One row of an A/A calibration: two samples of the same build (two A runs, or the halves of one
 * series of runs).
 *
 * @param name the row's name, unique within the calibration
 * @param first the first sample, all values positive
 * @param second the second sample
 */
public record AaRow(String name, double[] first, double[] second)
{
    /**
     * Copies the samples.
     *
     * @throws IllegalArgumentException when the name is missing or a sample is empty or holds a
     *     non-finite value
     */
    public AaRow
    {
        if (name == null || name.isBlank())
        {
            throw new IllegalArgumentException("an A/A row has no name: give every row a unique name");
        }
        first = Samples.check(first, "row " + name + ": first A sample", 1).clone();
        second = Samples.check(second, "row " + name + ": second A sample", 1).clone();
    }

    /**
     * Splits one series of runs of the same build into two halves by alternation: runs 0, 2, 4, ...
     * and runs 1, 3, 5, ... (in the order they ran). Alternation puts a slow drift of the machine
     * over the night equally on both halves, as an interleaved A/B run would; splitting into first
     * and second half would make the drift look like a change.
     *
     * @param name the row's name
     * @param runs the values in run order, at least two
     * @throws IllegalArgumentException when there are fewer than two runs or a value is not finite
     */
    public static AaRow splitAlternately(final String name, final double[] runs)
    {
        Samples.check(runs, "row " + name + ": A/A runs", 2);
        final double[] first = new double[(runs.length + 1) / 2];
        final double[] second = new double[runs.length / 2];
        for (int i = 0; i < runs.length; i++)
        {
            if (i % 2 == 0)
            {
                first[i / 2] = runs[i];
            }
            else
            {
                second[i / 2] = runs[i];
            }
        }
        return new AaRow(name, first, second);
    }

    /** A copy of the first sample. */
    @Override
    public double[] first()
    {
        return first.clone();
    }

    /** A copy of the second sample. */
    @Override
    public double[] second()
    {
        return second.clone();
    }
}
