package io.dmsnap.stress.soak;

import io.dmsnap.engine.config.EngineConfig;

import java.time.Duration;

/**
 * What a soak run does: how long, from which seed, with how many workers, on which engine
 * configuration, and how long without progress counts as a hang.
 */
public record SoakOptions(Duration duration, long seed, int workers, EngineConfig config, Duration stallBound)
{
    public SoakOptions
    {
        if (workers < 1)
        {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        if (duration.isNegative() || duration.isZero())
        {
            throw new IllegalArgumentException("duration must be positive, got " + duration);
        }
    }

    /** Three workers, a 10 s stall bound. */
    public static SoakOptions of(final Duration duration, final long seed, final EngineConfig config)
    {
        return new SoakOptions(duration, seed, 3, config, Duration.ofSeconds(10));
    }

    public SoakOptions withWorkers(final int n)
    {
        return new SoakOptions(duration, seed, n, config, stallBound);
    }
}
