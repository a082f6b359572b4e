package io.dmsnap.cli.tune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Picks the threshold to recommend from a sweep's points (one chunk size), by medians:
 * <ol>
 *   <li>points where the throttle never held a writer back (unlimited, and every threshold that no
 *       sample's peak of copies in flight went above) ran the same engine; when there are two or
 *       more, each of them is judged on all their samples together, so that one lucky repeat of
 *       identical runs does not decide;</li>
 *   <li>the best throughput is the highest median IOPS of any point;</li>
 *   <li>a point keeps the throughput when its median IOPS is within {@code throughputTolerance} of
 *       the best (at least {@code (1 - t) x best});</li>
 *   <li>among those, the best p99 is the lowest median p99 latency; a point keeps the latency when
 *       its median p99 is within {@code latencyTolerance} of that (at most {@code (1 + l) x best});</li>
 *   <li>the recommendation is the smallest threshold that keeps both: the least copier memory and the
 *       shortest queue of copies that gives up neither throughput nor tail latency. Unlimited counts
 *       as larger than every number.</li>
 * </ol>
 * The best p99 is taken among the points that keep the throughput, because the lowest tail latency
 * of all is usually measured where throughput has collapsed (at 0 every writer waits for every
 * copy, so queues are short and slow); against that, no point could keep both.
 *
 * <p>The knee of the throughput curve (Kneedle, {@link Kneedle}) is reported beside it: where
 * raising the threshold stops paying. The recommendation is usually at or just above the knee.
 *
 * <p>Stateless apart from its settings.
 */
public final class ThresholdAdvisor
{
    /** Kneedle's sensitivity: the paper's S = 1. */
    public static final double SENSITIVITY = 1.0;
    /** A throughput curve that rises less than this fraction of its top is flat: no knee. */
    static final double FLATNESS = 0.05;

    private final double throughputTolerance;
    private final double latencyTolerance;

    /**
     * @param throughputTolerance fraction of the best throughput a point may lose, 0..1
     * @param latencyTolerance    fraction above the best p99 a point may add, at least 0
     */
    public ThresholdAdvisor(final double throughputTolerance, final double latencyTolerance)
    {
        if (!(throughputTolerance >= 0 && throughputTolerance < 1))
        {
            throw new IllegalArgumentException("--throughput-tolerance must be from 0% to below 100%, got "
                + percent(throughputTolerance));
        }
        if (!(latencyTolerance >= 0) || Double.isInfinite(latencyTolerance))
        {
            throw new IllegalArgumentException("--latency-tolerance must be 0% or more, got " + percent(latencyTolerance));
        }
        this.throughputTolerance = throughputTolerance;
        this.latencyTolerance = latencyTolerance;
    }

    public double throughputTolerance()
    {
        return throughputTolerance;
    }

    public double latencyTolerance()
    {
        return latencyTolerance;
    }

    /** The recommendation for the points of one chunk size (any order; at least one). */
    public Recommendation recommend(final List<Point> unordered)
    {
        if (unordered.isEmpty())
        {
            throw new IllegalArgumentException("no points to recommend from");
        }
        final List<Point> measured = new ArrayList<>(unordered);
        measured.sort(Comparator.comparing(Point::threshold));
        final List<Point> unengaged = new ArrayList<>();
        for (final Point p : measured)
        {
            if (neverEngaged(p))
            {
                unengaged.add(p);
            }
        }
        final List<Point> points = unengaged.size() >= 2 ? pooled(measured, unengaged) : measured;
        Point bestTput = points.get(0);
        for (final Point p : points)
        {
            if (p.iops() > bestTput.iops())
            {
                bestTput = p;
            }
        }
        final double floor = (1 - throughputTolerance) * bestTput.iops();
        final List<Point> keepTput = new ArrayList<>();
        for (final Point p : points)
        {
            if (p.iops() >= floor)
            {
                keepTput.add(p);
            }
        }
        Point bestLat = keepTput.get(0);
        for (final Point p : keepTput)
        {
            if (p.p99Micros() < bestLat.p99Micros())
            {
                bestLat = p;
            }
        }
        final double ceiling = (1 + latencyTolerance) * bestLat.p99Micros();
        final List<Threshold> qualified = new ArrayList<>();
        for (final Point p : keepTput)
        {
            if (p.p99Micros() <= ceiling)
            {
                qualified.add(p.threshold());
            }
        }
        final Threshold chosen = qualified.get(0);   // bestLat itself always qualifies
        final Optional<Threshold> knee = knee(points);
        String text = sentence(points, measured, chosen, bestTput, bestLat, knee);
        if (unengaged.size() >= 2)
        {
            text += " " + pooledNote(unengaged);
        }
        text += spreadNote(find(points, chosen), bestTput);
        return new Recommendation(chosen, text, knee, bestTput.iops(),
            bestTput.threshold(), bestLat.p99Micros(), bestLat.threshold(), List.copyOf(qualified));
    }

    /**
     * Whether the throttle never held a writer back at this point: unlimited, or no sample's peak of
     * copies in flight went above the threshold (with one more the check would have made writers wait).
     */
    static boolean neverEngaged(final Point p)
    {
        if (p.threshold().unlimited())
        {
            return true;
        }
        for (final Sample s : p.samples())
        {
            if (s.peakInflight() > p.threshold().value())
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The points with every point in {@code unengaged} replaced by one holding all their samples: they
     * ran the same engine (the throttle did nothing), so their differences are noise, and judging them
     * on their pooled samples keeps a lucky repeat from deciding.
     */
    private static List<Point> pooled(final List<Point> points, final List<Point> unengaged)
    {
        final List<Sample> all = new ArrayList<>();
        for (final Point p : unengaged)
        {
            all.addAll(p.samples());
        }
        final List<Point> out = new ArrayList<>(points.size());
        for (final Point p : points)
        {
            out.add(unengaged.contains(p) ? new Point(p.chunkBytes(), p.threshold(), all) : p);
        }
        return out;
    }

    private static String pooledNote(final List<Point> unengaged)
    {
        long peak = 0;
        int samples = 0;
        for (final Point p : unengaged)
        {
            for (final Sample s : p.samples())
            {
                peak = Math.max(peak, s.peakInflight());
                samples++;
            }
        }
        final StringBuilder names = new StringBuilder();
        for (final Point p : unengaged)
        {
            names.append(names.length() == 0 ? "" : ", ").append(p.threshold().label());
        }
        return "The throttle never held a writer back at " + names + " (at most " + Units.count(peak)
            + " copies in flight in one snapshot): these ran like unlimited, so they are judged on their " + samples
            + " samples together.";
    }

    /** A caution when the repeats of the chosen or the best point spread wider than the throughput tolerance. */
    private String spreadNote(final Point chosen, final Point best)
    {
        final StringBuilder b = new StringBuilder();
        for (final Point p : chosen == best ? List.of(chosen) : List.of(chosen, best))
        {
            final double[] v = p.values(Sample::iops);
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            for (final double x : v)
            {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            final double spread = p.iops() == 0 ? 0 : (max - min) / p.iops();
            if (v.length > 1 && spread > throughputTolerance && b.length() == 0)
            {
                b.append(" Caution: the ").append(v.length).append(" samples of ").append(p.threshold().label())
                    .append(" spread over ").append(percent(spread)).append(" of their median, more than the ")
                    .append(percent(throughputTolerance)).append(" tolerance; more --repeat would firm this up.");
            }
        }
        return b.toString();
    }

    /** Kneedle on the median throughput over the log axis. */
    static Optional<Threshold> knee(final List<Point> sorted)
    {
        final int largest = largestFinite(sorted);
        final double[] x = new double[sorted.size()];
        final double[] y = new double[sorted.size()];
        for (int i = 0; i < x.length; i++)
        {
            x[i] = sorted.get(i).threshold().axisPosition(largest);
            y[i] = sorted.get(i).iops();
        }
        final OptionalInt i = Kneedle.knee(x, y, SENSITIVITY, FLATNESS);
        return i.isPresent() ? Optional.of(sorted.get(i.getAsInt()).threshold()) : Optional.empty();
    }

    static int largestFinite(final List<Point> points)
    {
        int largest = 1;
        for (final Point p : points)
        {
            if (!p.threshold().unlimited())
            {
                largest = Math.max(largest, p.threshold().value());
            }
        }
        return largest;
    }

    /**
     * @param points   the points as judged (pooled where the throttle never engaged)
     * @param measured the points as measured: the memory figures come from these, as the table shows them
     */
    private String sentence(final List<Point> points, final List<Point> measured, final Threshold chosen,
                            final Point bestTput, final Point bestLat, final Optional<Threshold> knee)
    {
        final Point c = find(points, chosen);
        final Point cm = find(measured, chosen);
        final StringBuilder b = new StringBuilder(400);
        b.append("Recommended snapshot_cow_threshold: ").append(chosen.label()).append(". ");
        if (chosen.unlimited())
        {
            b.append("No threshold kept both the throughput and the tail latency of running without one");
        }
        else
        {
            b.append("It is the smallest value whose throughput (").append(Units.count(c.iops())).append(" IOPS) is within ")
                .append(percent(throughputTolerance)).append(" of the best (").append(Units.count(bestTput.iops()))
                .append(" at ").append(bestTput.threshold().label()).append(") and whose p99 latency (")
                .append(Units.micros(c.p99Micros())).append(") is within ").append(percent(latencyTolerance))
                .append(" of the best at that throughput (").append(Units.micros(bestLat.p99Micros())).append(" at ")
                .append(bestLat.threshold().label()).append(')');
        }
        final Point below = previous(points, chosen);
        if (below != null)
        {
            final boolean lostTput = below.iops() < (1 - throughputTolerance) * bestTput.iops();
            b.append("; at ").append(below.threshold().label()).append(' ');
            if (lostTput)
            {
                b.append("throughput drops to ").append(Units.count(below.iops())).append(" IOPS (")
                    .append(signedPercent(below.iops() / bestTput.iops() - 1)).append(')');
            }
            else
            {
                b.append("p99 rises to ").append(Units.micros(below.p99Micros()));
            }
        }
        final Point unlimited = measured.stream().filter(p -> p.threshold().unlimited()).findFirst().orElse(null);
        if (unlimited != null && !chosen.unlimited() && cm.peakCopyBytes() > 0)
        {
            b.append(". It holds at most ").append(Units.size(cm.peakCopyBytes())).append(" of copier memory (")
                .append(Units.count(cm.peakInflight())).append(" copies in flight per snapshot) against ")
                .append(Units.size(unlimited.peakCopyBytes())).append(" (").append(Units.count(unlimited.peakInflight()))
                .append(") without a threshold");
        }
        knee.ifPresent(k -> b.append(". The throughput curve's knee (Kneedle) is at ").append(k.label()));
        return b.append('.').toString();
    }

    private static Point find(final List<Point> points, final Threshold t)
    {
        return points.stream().filter(p -> p.threshold().equals(t)).findFirst().orElseThrow();
    }

    /** The point just below {@code t} in threshold order, or null. */
    private static Point previous(final List<Point> sorted, final Threshold t)
    {
        Point prev = null;
        for (final Point p : sorted)
        {
            if (p.threshold().equals(t))
            {
                return prev;
            }
            prev = p;
        }
        return null;
    }

    static String percent(final double fraction)
    {
        final double p = fraction * 100;
        return p == Math.rint(p) ? String.format(Locale.ROOT, "%.0f%%", p) : String.format(Locale.ROOT, "%.1f%%", p);
    }

    private static String signedPercent(final double fraction)
    {
        return String.format(Locale.ROOT, "%+.0f%%", fraction * 100);
    }
}
