package io.dmsnap.cli.ab;

import io.dmsnap.cli.matrix.MatrixPlan;
import io.dmsnap.cli.suite.SuitePoint;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Defaults;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Optional;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How long one fork of a run should take: per point, the JVM start and JMH's overhead
 * ({@link MatrixPlan#FORK_OVERHEAD_SECONDS}, as the matrix and the suite count it) plus its warm-up
 * and measurement iterations, each setting taken from the run's options, else the benchmark's
 * annotations, else JMH's defaults. A single-shot iteration counts as 50 ms. Only the start of the
 * ETA: the progress corrects it by what the forks measured. Stateless.
 */
final class ForkEstimate
{
    /** Seconds a single-shot iteration is counted as (its real length is the benchmark's one call). */
    private static final double SINGLE_SHOT_SECONDS = 0.05;

    private ForkEstimate()
    {
    }

    /**
     * Seconds of one fork of every point of a run.
     *
     * @param benchmarks JMH's list entries of the benchmarks the run finds (their annotations)
     */
    static double seconds(final Options options, final List<SuitePoint> points,
                          final Collection<BenchmarkListEntry> benchmarks)
    {
        final Map<String, BenchmarkListEntry> byName = new HashMap<>();
        for (final BenchmarkListEntry b : benchmarks)
        {
            byName.putIfAbsent(b.getUsername(), b);
        }
        double seconds = 0;
        for (final SuitePoint p : points)
        {
            seconds += pointSeconds(options, byName.get(p.benchmark()), Mode.deepValueOf(p.mode()));
        }
        return seconds;
    }

    /** One fork of one point; {@code benchmark} may be null (no annotations known: JMH's defaults). */
    static double pointSeconds(final Options options, final BenchmarkListEntry benchmark, final Mode mode)
    {
        final boolean singleShot = mode == Mode.SingleShotTime;
        final int warmupIterations = options.getWarmupIterations().orElse(annotated(benchmark == null ? null
            : benchmark.getWarmupIterations(), singleShot ? Defaults.WARMUP_ITERATIONS_SINGLESHOT : Defaults.WARMUP_ITERATIONS));
        final int iterations = options.getMeasurementIterations().orElse(annotated(benchmark == null ? null
            : benchmark.getMeasurementIterations(),
            singleShot ? Defaults.MEASUREMENT_ITERATIONS_SINGLESHOT : Defaults.MEASUREMENT_ITERATIONS));
        final double warmupTime = singleShot ? SINGLE_SHOT_SECONDS : seconds(options.getWarmupTime().orElse(
            annotated(benchmark == null ? null : benchmark.getWarmupTime(), Defaults.WARMUP_TIME)));
        final double time = singleShot ? SINGLE_SHOT_SECONDS : seconds(options.getMeasurementTime().orElse(
            annotated(benchmark == null ? null : benchmark.getMeasurementTime(), Defaults.MEASUREMENT_TIME)));
        return MatrixPlan.FORK_OVERHEAD_SECONDS + warmupIterations * warmupTime + iterations * time;
    }

    /** The annotation's value when there is one, else JMH's default. */
    private static <T> T annotated(final Optional<T> annotation, final T jmhDefault)
    {
        return annotation == null ? jmhDefault : annotation.orElse(jmhDefault);
    }

    private static double seconds(final TimeValue time)
    {
        return time.convertTo(TimeUnit.NANOSECONDS) / 1e9;
    }
}
