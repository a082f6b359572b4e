package io.dmsnap.cli.result;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of a result: what was measured ({@link RowKey}), its unit, which way is better, and the
 * raw samples grouped by replicate. Immutable.
 *
 * @param key        the row's identity across files
 * @param unit       the unit of every sample, as the source spells it ({@code ops/ms}, {@code us/op},
 *                   {@code ns}, {@code B/s}); not blank
 * @param direction  which way the metric improves, as far as the source tells
 * @param replicates at least one; read-only
 */
public record Measurement(RowKey key, String unit, Direction direction, List<Replicate> replicates)
{
    public Measurement
    {
        if (key == null || direction == null)
        {
            throw new IllegalArgumentException("a measurement needs a key and a direction");
        }
        if (unit == null || unit.isBlank())
        {
            throw new IllegalArgumentException("row " + key.id() + " has no unit");
        }
        if (replicates.isEmpty())
        {
            throw new IllegalArgumentException("row " + key.id() + " has no replicates");
        }
        replicates = List.copyOf(replicates);
    }

    /** How many replicates (forks, runs) the row has. */
    public int replicateCount()
    {
        return replicates.size();
    }

    /** How many samples all replicates hold together. */
    public int sampleCount()
    {
        int n = 0;
        for (final Replicate r : replicates)
        {
            n += r.samples().size();
        }
        return n;
    }

    /**
     * Whether the row has independent replicates (two or more), only the iterations of one, or a
     * single value. A comparison needs {@link Replication#REPLICATED} on both sides to treat
     * replicates as its samples; with {@link Replication#ITERATIONS_ONLY} it can only pool
     * iterations, and should say so.
     */
    public Replication replication()
    {
        if (replicates.size() >= 2)
        {
            return Replication.REPLICATED;
        }
        return replicates.get(0).samples().size() >= 2 ? Replication.ITERATIONS_ONLY : Replication.SINGLE_VALUE;
    }

    /** Every sample of every replicate, replicate after replicate, in a new array. */
    public double[] pooledSamples()
    {
        final double[] all = new double[sampleCount()];
        int i = 0;
        for (final Replicate r : replicates)
        {
            for (final Double v : r.samples())
            {
                all[i++] = v;
            }
        }
        return all;
    }

    /** The same row with more replicates after these (a directory's files merged into one row). */
    public Measurement plus(final List<Replicate> more)
    {
        final List<Replicate> all = new ArrayList<>(replicates);
        all.addAll(more);
        return new Measurement(key, unit, direction, all);
    }
}
