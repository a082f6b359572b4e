package io.dmsnap.engine.block;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousUniformSampler;
import org.apache.commons.rng.sampling.distribution.LogNormalSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Draws per-request latencies with a given mean and spread (standard deviation / mean) from a
 * seeded generator, so a run's latencies are the same every time.
 *
 * <p>Log-normal: {@code exp(mu + sigma * Z)} with {@code sigma^2 = ln(1 + spread^2)} and
 * {@code mu = ln(mean) - sigma^2 / 2}, which gives exactly the requested mean and standard
 * deviation. Uniform: on {@code mean +- sqrt(3) * spread * mean}, whose standard deviation is
 * {@code spread * mean}.
 *
 * <p>Not thread-safe: used under the owning device's lock. {@link #sampleNanos()} allocates nothing.
 */
final class LatencySampler
{
    private final long meanNanos;
    /** Null for a fixed latency. */
    private final ContinuousSampler sampler;

    LatencySampler(final LatencyDistribution distribution, final long meanNanos, final double spread,
                   final UniformRandomProvider rng)
    {
        this.meanNanos = meanNanos;
        if (distribution == LatencyDistribution.FIXED || meanNanos == 0)
        {
            sampler = null;
        }
        else if (distribution == LatencyDistribution.UNIFORM)
        {
            final double halfWidth = Math.sqrt(3) * spread * meanNanos;
            sampler = ContinuousUniformSampler.of(rng, meanNanos - halfWidth, meanNanos + halfWidth);
        }
        else
        {
            final double sigma2 = Math.log1p(spread * spread);
            final double mu = Math.log(meanNanos) - sigma2 / 2;
            sampler = LogNormalSampler.of(ZigguratSampler.NormalizedGaussian.of(rng), mu, Math.sqrt(sigma2));
        }
    }

    /** One latency in nanoseconds, never negative. */
    long sampleNanos()
    {
        if (sampler == null)
        {
            return meanNanos;
        }
        return Math.max(0, Math.round(sampler.sample()));
    }
}
