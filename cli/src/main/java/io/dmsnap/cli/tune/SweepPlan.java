package io.dmsnap.cli.tune;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.config.EngineConfig;

import java.util.List;

/**
 * What a sweep runs: every threshold at every chunk size, {@code repeats} times, on fresh stacks of
 * the workload, each engine built from {@code base} with the point's throttle and threshold.
 *
 * @param workload   what each sample writes
 * @param base       the engine configuration every point starts from (preset and overrides)
 * @param chunkBytes the chunk sizes, in the order given (at least one)
 * @param values     the thresholds, in the order given (at least one)
 * @param repeats    samples per point, at least 1
 */
public record SweepPlan(TuneWorkload workload, EngineConfig base, List<Long> chunkBytes, List<Threshold> values,
                        int repeats)
{
    public SweepPlan
    {
        if (repeats < 1)
        {
            throw new IllegalArgumentException("--repeat must be at least 1, got " + repeats);
        }
        if (chunkBytes.isEmpty() || values.isEmpty())
        {
            throw new IllegalArgumentException("a sweep needs at least one chunk size and one threshold");
        }
        chunkBytes = List.copyOf(chunkBytes);
        values = List.copyOf(values);
    }

    /** Samples in all. */
    public int samples()
    {
        return chunkBytes.size() * values.size() * repeats;
    }

    static int sectors(final long chunkBytes)
    {
        return (int) (chunkBytes >>> Bio.SECTOR_SHIFT);
    }
}
