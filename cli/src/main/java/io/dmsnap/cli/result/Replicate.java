package io.dmsnap.cli.result;

import java.util.List;

/**
 * One unit of replication of a measurement and its raw samples: a JMH fork and the scores of its
 * measurement iterations in run order, or one fio run and its one value. Replicates are what
 * repeats independently (a fresh JVM, a fresh fio process); samples within one replicate share its
 * JIT state, heap layout and machine state, so they are not independent of each other.
 *
 * @param label   where the replicate comes from: {@code fork 2}, {@code run}, and in a
 *                directory the file name in front ({@code run-3.json: fork 2}); not blank
 * @param samples at least one finite value; read-only
 */
public record Replicate(String label, List<Double> samples)
{
    public Replicate
    {
        if (label == null || label.isBlank())
        {
            throw new IllegalArgumentException("a replicate needs a label");
        }
        if (samples.isEmpty())
        {
            throw new IllegalArgumentException("replicate '" + label + "' has no samples");
        }
        for (final Double v : samples)
        {
            if (v == null || !Double.isFinite(v))
            {
                throw new IllegalArgumentException("replicate '" + label + "' has a sample that is not a finite number: " + v);
            }
        }
        samples = List.copyOf(samples);
    }

    /** A replicate of the given values. */
    public static Replicate of(final String label, final double... values)
    {
        final Double[] boxed = new Double[values.length];
        for (int i = 0; i < values.length; i++)
        {
            boxed[i] = values[i];
        }
        return new Replicate(label, List.of(boxed));
    }

    /** The samples as a new array. */
    public double[] values()
    {
        return samples.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The same samples under another label (a file name put in front when a directory is merged). */
    public Replicate relabel(final String newLabel)
    {
        return new Replicate(newLabel, samples);
    }
}
