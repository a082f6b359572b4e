package io.dmsnap.engine.block;

import java.util.Locale;

/**
 * Seek time of a rotating disk as a function of the distance the head travels: the two-piece curve
 * of Ruemmler and Wilkes ("An introduction to disk drive modeling", IEEE Computer, March 1994).
 * Short seeks are dominated by acceleration and grow with the square root of the distance; long
 * ones coast and grow linearly:
 * <pre>
 *   seek(0) = 0                                  (same position: no seek)
 *   seek(x) = t2t + a * sqrt(x)    for 0 &lt; x &lt;= x0
 *   seek(x) = b + c * x            for x0 &lt; x &lt;= 1
 * </pre>
 * where {@code x} is the distance as a fraction of the disk's capacity.
 *
 * <p>The four constants are fitted to the three figures a datasheet gives: the track-to-track
 * (single-track) seek {@code t2t}, the average seek and the full-stroke seek. The curve is continuous
 * with a continuous slope at {@code x0}, ends at the full stroke ({@code seek(1) = full}), and its
 * mean over uniformly random start and end positions is the datasheet's average. That mean is what
 * drive manuals define as the average seek; for uniform endpoints the distance has the density
 * {@code 2(1 - x)} on {@code [0, 1]}. A pure square root from t2t to full stroke would be the
 * special case {@code x0 = 1}; on real drives it overestimates the average (by 19% for a 7200 rpm
 * drive), hence the fit.
 *
 * <p>Immutable; {@link #seekNanos} is a pure function and allocates nothing.
 */
public final class SeekCurve
{
    private static final int BISECTION_STEPS = 100;

    private final long trackToTrackNanos;
    private final long averageNanos;
    private final long fullStrokeNanos;
    /** Where the square-root piece hands over to the linear one, as a fraction of the capacity. */
    private final double x0;
    /** Nanoseconds per sqrt(fraction) of the short piece. */
    private final double a;
    /** Intercept of the long piece, nanoseconds. */
    private final double b;
    /** Nanoseconds per fraction of the long piece. */
    private final double c;

    private SeekCurve(final long trackToTrackNanos, final long averageNanos, final long fullStrokeNanos, final double x0)
    {
        this.trackToTrackNanos = trackToTrackNanos;
        this.averageNanos = averageNanos;
        this.fullStrokeNanos = fullStrokeNanos;
        this.x0 = x0;
        final double[] abc = constants(trackToTrackNanos, fullStrokeNanos, x0);
        this.a = abc[0];
        this.b = abc[1];
        this.c = abc[2];
    }

    /**
     * Fit the curve to a datasheet's single-track, average and full-stroke seek times.
     *
     * @throws IllegalArgumentException when the three figures are not increasing, or when the
     *                                  average lies outside what a curve of this shape through t2t and
     *                                  full stroke can have; the message names the fields and the range
     */
    public static SeekCurve fit(final long trackToTrackNanos, final long averageNanos, final long fullStrokeNanos)
    {
        if (trackToTrackNanos <= 0 || averageNanos <= trackToTrackNanos || fullStrokeNanos <= averageNanos)
        {
            throw new IllegalArgumentException("seek-t2t=" + ProfileValues.duration(trackToTrackNanos) + ", seek-avg="
                + ProfileValues.duration(averageNanos) + ", seek-full=" + ProfileValues.duration(fullStrokeNanos)
                + ": expected 0 < seek-t2t < seek-avg < seek-full");
        }
        // The mean grows monotonically with x0, from the straight line (x0 -> 0) to the pure
        // square root (x0 = 1); outside that range no curve of this shape fits.
        final double low = mean(trackToTrackNanos, fullStrokeNanos, 0);
        final double high = mean(trackToTrackNanos, fullStrokeNanos, 1);
        if (averageNanos < Math.ceil(low) || averageNanos > Math.floor(high))
        {
            throw new IllegalArgumentException("seek-avg=" + ProfileValues.duration(averageNanos) + " is inconsistent with seek-t2t="
                + ProfileValues.duration(trackToTrackNanos) + " and seek-full=" + ProfileValues.duration(fullStrokeNanos)
                + ": a seek curve through them averages between " + ProfileValues.duration(Math.round(low / 1e3) * 1_000)
                + " and " + ProfileValues.duration(Math.round(high / 1e3) * 1_000));
        }
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < BISECTION_STEPS; i++)
        {
            final double mid = (lo + hi) / 2;
            if (mean(trackToTrackNanos, fullStrokeNanos, mid) < averageNanos)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return new SeekCurve(trackToTrackNanos, averageNanos, fullStrokeNanos, (lo + hi) / 2);
    }

    /**
     * Seek time for a head movement of {@code distance} sectors on a disk of {@code capacity}
     * sectors; distances beyond the capacity cost a full stroke.
     */
    public long seekNanos(final long distance, final long capacity)
    {
        if (distance == 0)
        {
            return 0;
        }
        return seekNanos(Math.min(1.0, (double) Math.abs(distance) / capacity));
    }

    /** Seek time for a distance of {@code fraction} of the capacity ({@code 0 <= fraction <= 1}). */
    public long seekNanos(final double fraction)
    {
        if (fraction <= 0)
        {
            return 0;
        }
        final double t = fraction <= x0 ? trackToTrackNanos + a * Math.sqrt(fraction) : b + c * fraction;
        return Math.round(t);
    }

    /** The mean seek time over uniformly random start and end positions (equals {@link #averageNanos()} up to rounding). */
    public double meanNanos()
    {
        return mean(trackToTrackNanos, fullStrokeNanos, x0);
    }

    public long trackToTrackNanos()
    {
        return trackToTrackNanos;
    }

    public long averageNanos()
    {
        return averageNanos;
    }

    public long fullStrokeNanos()
    {
        return fullStrokeNanos;
    }

    /** The hand-over point between the square-root and the linear piece, as a fraction of the capacity. */
    public double x0()
    {
        return x0;
    }

    /**
     * The constants {a, b, c} of the curve with hand-over point {@code x0}: slope continuity gives
     * {@code c = a / (2 sqrt(x0))}, the full stroke {@code b = full - c}, and continuity of the value
     * at {@code x0} then fixes {@code a = 2 r (full - t2t) / (r^2 + 1)} with {@code r = sqrt(x0)}.
     */
    private static double[] constants(final double t2t, final double full, final double x0)
    {
        final double r = Math.sqrt(x0);
        final double a = 2 * r * (full - t2t) / (r * r + 1);
        final double c = r == 0 ? full - t2t : a / (2 * r);
        return new double[] {a, full - c, c};
    }

    /** Mean of the curve with hand-over point {@code x0} under the distance density 2(1 - x). */
    private static double mean(final double t2t, final double full, final double x0)
    {
        final double[] abc = constants(t2t, full, x0);
        final double shortPiece = t2t * (2 * x0 - x0 * x0)
            + abc[0] * 2 * (2.0 / 3 * Math.pow(x0, 1.5) - 2.0 / 5 * Math.pow(x0, 2.5));
        final double longPiece = abc[1] * (1 - x0) * (1 - x0)
            + abc[2] * (1.0 / 3 - x0 * x0 + 2.0 / 3 * x0 * x0 * x0);
        return shortPiece + longPiece;
    }

    @Override
    public String toString()
    {
        return String.format(Locale.ROOT, "seek(x) = %s + %.0f ns * sqrt(x) for x <= %.4f, %.0f ns + %.0f ns * x beyond",
            ProfileValues.duration(trackToTrackNanos), a, x0, b, c);
    }
}
