package io.dmsnap.cli.tune;

import io.dmsnap.engine.config.EngineConfig;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link SweepPlan}, one sample at a time, and reports progress with an estimate of the time
 * left on stderr (one line per sample, and a line every {@value #PROGRESS_SECONDS} s within a long one).
 *
 * <p>Order: repeat by repeat, and within a repeat chunk size by chunk size, threshold by threshold,
 * so a slow drift of the machine (another job starting) spreads over all thresholds instead of
 * landing on the last ones.
 *
 * <p>Estimate of the time left: each sample still to run is expected to take as long as the mean
 * of the samples of its threshold and chunk size so far, else the mean of all samples so far, else
 * the estimate given up front (a calibration). Rough, and said so.
 */
final class SweepRunner
{
    static final int PROGRESS_SECONDS = 15;

    private final PrintWriter err;

    SweepRunner(final PrintWriter err)
    {
        this.err = err;
    }

    /**
     * @param upFront seconds per threshold expected before anything ran (from a calibration), or an
     *                empty map
     */
    SweepResult run(final SweepPlan plan, final Map<Threshold, Double> upFront) throws InterruptedException
    {
        final Map<String, List<Sample>> samples = new LinkedHashMap<>();
        final Map<String, double[]> seconds = new HashMap<>();   // key -> {sum, count}
        final double[] all = new double[2];
        for (final long chunk : plan.chunkBytes())
        {
            for (final Threshold t : plan.values())
            {
                samples.put(key(chunk, t), new ArrayList<>());
            }
        }
        final long t0 = System.nanoTime();
        int done = 0;
        final int total = plan.samples();
        for (int r = 1; r <= plan.repeats(); r++)
        {
            for (final long chunk : plan.chunkBytes())
            {
                for (final Threshold t : plan.values())
                {
                    final EngineConfig config = t.configure(plan.base());
                    final String what = String.format(Locale.ROOT, "chunk %s, threshold %s, repeat %d/%d",
                        Units.chunk(chunk), t.label(), r, plan.repeats());
                    final long s0 = System.nanoTime();
                    final long[] lastReport = {s0};
                    final Sample s = plan.workload().run(config, SweepPlan.sectors(chunk), (fraction, elapsed) ->
                    {
                        final long now = System.nanoTime();
                        if (fraction < 1 && now - lastReport[0] >= TimeUnit.SECONDS.toNanos(PROGRESS_SECONDS))
                        {
                            lastReport[0] = now;
                            err.println(String.format(Locale.ROOT, "tune:   %s: %s after %s", what,
                                fraction < 0 ? "running" : Math.round(fraction * 100) + "%", Units.duration(elapsed / 1e9)));
                            err.flush();
                        }
                    });
                    final double took = (System.nanoTime() - s0) / 1e9;
                    samples.get(key(chunk, t)).add(s);
                    final double[] acc = seconds.computeIfAbsent(key(chunk, t), k -> new double[2]);
                    acc[0] += took;
                    acc[1]++;
                    all[0] += took;
                    all[1]++;
                    done++;
                    final double left = left(plan, r, chunk, t, seconds, all, upFront);
                    err.println(String.format(Locale.ROOT,
                        "tune: [%d/%d] %s: %s, %s IOPS, p99 %s, peak in flight %s | elapsed %s, about %s left",
                        done, total, what, Units.duration(took), Units.count(s.iops()), Units.micros(s.p99Micros()),
                        Units.count(s.peakInflight()), Units.duration((System.nanoTime() - t0) / 1e9),
                        Units.duration(left)));
                    err.flush();
                }
            }
        }
        final List<Point> points = new ArrayList<>();
        for (final long chunk : plan.chunkBytes())
        {
            final List<Threshold> sorted = new ArrayList<>(plan.values());
            sorted.sort(null);
            for (final Threshold t : sorted)
            {
                points.add(new Point(chunk, t, samples.get(key(chunk, t))));
            }
        }
        return new SweepResult(plan, points, (System.nanoTime() - t0) / 1e9);
    }

    /** Seconds the samples after (repeat r, chunk, t) are expected to take. */
    private static double left(final SweepPlan plan, final int r, final long chunk, final Threshold t,
                               final Map<String, double[]> seconds, final double[] all,
                               final Map<Threshold, Double> upFront)
    {
        double left = 0;
        boolean after = false;
        for (int rr = 1; rr <= plan.repeats(); rr++)
        {
            for (final long c : plan.chunkBytes())
            {
                for (final Threshold v : plan.values())
                {
                    if (after)
                    {
                        left += expected(key(c, v), v, seconds, all, upFront);
                    }
                    else if (rr == r && c == chunk && v.equals(t))
                    {
                        after = true;
                    }
                }
            }
        }
        return left;
    }

    private static double expected(final String key, final Threshold t, final Map<String, double[]> seconds,
                                   final double[] all, final Map<Threshold, Double> upFront)
    {
        final double[] acc = seconds.get(key);
        if (acc != null && acc[1] > 0)
        {
            return acc[0] / acc[1];
        }
        if (upFront.containsKey(t))
        {
            return upFront.get(t);
        }
        return all[1] > 0 ? all[0] / all[1] : 0;
    }

    private static String key(final long chunk, final Threshold t)
    {
        return chunk + "/" + t.label();
    }
}
