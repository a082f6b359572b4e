package io.dmsnap.bench.fio;

import java.util.Locale;

/**
 * fio's {@code random_distribution} for one worker: where a random I/O lands, as a range index in
 * [0, ranges) (a range is the job's smallest block size).
 *
 * <p>The models and their offset mapping follow fio 3.33 (lib/zipf.c, lib/gauss.c, the zoned
 * tables in io_u.c):
 * <ul>
 *   <li>{@code zipf:θ} and {@code pareto:h} draw a rank (0 the most popular), multiply it by the
 *       64-bit golden ratio (fio's {@code __hash_u64}) so that popular ranges are spread over the
 *       device, add an offset and reduce modulo the number of ranges. The offset is random (from
 *       the seed) unless a center {@code :c} is given, then {@code c * ranges}. zipf's normalising
 *       sum runs over at most 10,000,000 ranks, as fio's does.</li>
 *   <li>{@code normal:σ} averages 12 uniform values (a bell around the middle), adds a uniform
 *       deviation of width σ% of the ranges, then hashes and reduces like zipf; the offset is
 *       {@code (c - 0.5) * ranges} with a center, else 0.</li>
 *   <li>{@code zoned:p/s:...}: p% of the I/Os go uniformly into the next s% of the ranges.</li>
 *   <li>{@code random}: uniform (the worker's random map applies).</li>
 * </ul>
 * A non-uniform model turns the random map off, as in fio. The random numbers come from this
 * project's generator, not fio's Tausworthe one: the shape is fio's, the exact sequence is not.
 *
 * <p>{@link #next()} allocates nothing. Thread safety: none; one worker owns an instance.
 */
public final class RandomDistribution
{
    /** Longest zipf normalising sum, fio's ZIPF_MAX_GEN. */
    static final long ZIPF_MAX_GEN = 10_000_000L;
    private static final long GOLDEN_RATIO_64 = 0x61C8864680B583EBL;
    private static final int GAUSS_ITERS = 12;

    /** A parsed {@code random_distribution} value; immutable. */
    public static final class Spec
    {
        public static final Spec UNIFORM = new Spec(Kind.RANDOM, 0, -1, null, "random");

        final Kind kind;
        final double parameter;
        /** The center in [0, 1], or -1 for the default. */
        final double center;
        /** zoned: [percent of I/O, percent of ranges] per zone. */
        final int[][] zones;
        final String text;

        private Spec(final Kind kind, final double parameter, final double center, final int[][] zones, final String text)
        {
            this.kind = kind;
            this.parameter = parameter;
            this.center = center;
            this.zones = zones;
            this.text = text;
        }

        /** Whether this is fio's default uniform distribution. */
        public boolean isUniform()
        {
            return kind == Kind.RANDOM;
        }

        @Override
        public String toString()
        {
            return text;
        }
    }

    enum Kind
    {
        RANDOM, ZIPF, PARETO, NORMAL, ZONED
    }

    private final Spec spec;
    private final long ranges;
    private long state;
    private long offset;
    private double zetan;
    private double zeta2;
    private double paretoPow;
    private long stddev;
    /** zoned: per percent of I/O, the zone's first range and its number of ranges. */
    private long[] zoneStart;
    private long[] zoneRanges;

    public RandomDistribution(final Spec spec, final long ranges, final long seed)
    {
        if (ranges < 1)
        {
            throw new IllegalArgumentException("ranges < 1: " + ranges);
        }
        this.spec = spec;
        this.ranges = ranges;
        this.state = seed;
        switch (spec.kind)
        {
            case ZIPF:
            case PARETO:
                offset = spec.center >= 0 ? (long) (ranges * spec.center) : Long.remainderUnsigned(nextRandom(), ranges);
                if (spec.kind == Kind.ZIPF)
                {
                    zeta2 = 1.0 + Math.pow(0.5, spec.parameter);
                    final long n = Math.min(ranges, ZIPF_MAX_GEN);
                    for (long i = 0; i < n; i++)
                    {
                        zetan += Math.pow(1.0 / (i + 1), spec.parameter);
                    }
                }
                else
                {
                    paretoPow = Math.log(spec.parameter) / Math.log(1.0 - spec.parameter);
                }
                break;
            case NORMAL:
                if (spec.parameter != 0)
                {
                    stddev = Math.min((long) Math.ceil(ranges * spec.parameter / 100.0), ranges / 2);
                }
                offset = spec.center >= 0 ? (long) (ranges * (spec.center - 0.5)) : 0;
                break;
            case ZONED:
                zoneStart = new long[100];
                zoneRanges = new long[100];
                int at = 0;
                long start = 0;
                for (final int[] zone : spec.zones)
                {
                    final long size = Math.max(1, ranges * zone[1] / 100);
                    for (int i = 0; i < zone[0] && at < 100; i++, at++)
                    {
                        zoneStart[at] = Math.min(start, ranges - 1);
                        zoneRanges[at] = Math.max(1, Math.min(size, ranges - zoneStart[at]));
                    }
                    start += size;
                }
                break;
            default:
                break;
        }
    }

    /**
     * A {@code random_distribution} value: {@code random}, {@code zipf:θ[:c]} (θ > 0, not 1),
     * {@code pareto:h[:c]} (0 < h < 1), {@code normal:σ[:c]} (σ from 0 to 100, default 0),
     * {@code zoned:p/s:...}. A value for reads, writes and trims ({@code ,}) is refused unless
     * all directions are the same.
     */
    public static Spec parse(final String key, final String value)
    {
        final String v = value.trim().toLowerCase(Locale.ROOT);
        final String expected = "random, zipf:THETA[:CENTER], pareto:H[:CENTER], normal:SIGMA[:CENTER] or "
            + "zoned:PCT/RANGE_PCT:... (one value for all directions)";
        final String[] dirs = v.split(",", -1);
        for (final String d : dirs)
        {
            if (!d.trim().equals(dirs[0].trim()) && !d.isBlank())
            {
                throw FioValues.bad(key, value, expected);
            }
        }
        final String one = dirs[0].trim();
        if (one.equals("random"))
        {
            return Spec.UNIFORM;
        }
        final int colon = one.indexOf(':');
        if (colon < 0)
        {
            throw FioValues.bad(key, value, expected);
        }
        final String name = one.substring(0, colon);
        final String args = one.substring(colon + 1);
        if (name.equals("zoned"))
        {
            return zoned(key, value, args);
        }
        final String[] parts = args.split(":");
        if (parts.length > 2)
        {
            throw FioValues.bad(key, value, expected);
        }
        final double p = number(key, value, parts[0], expected);
        final double center = parts.length == 2 ? number(key, value, parts[1], expected) : -1;
        if (parts.length == 2 && (center < 0 || center > 1))
        {
            throw FioValues.bad(key, value, "a center from 0 to 1");
        }
        switch (name)
        {
            case "zipf":
                if (p <= 0 || p == 1.0)
                {
                    throw FioValues.bad(key, value, "a zipf theta above 0 and not 1");
                }
                return new Spec(Kind.ZIPF, p, center, null, one);
            case "pareto":
                if (p <= 0 || p >= 1)
                {
                    throw FioValues.bad(key, value, "a pareto power between 0 and 1");
                }
                return new Spec(Kind.PARETO, p, center, null, one);
            case "normal":
            case "gauss":
                if (p < 0 || p > 100)
                {
                    throw FioValues.bad(key, value, "a normal deviation from 0 to 100 (percent)");
                }
                return new Spec(Kind.NORMAL, p, center, null, one);
            default:
                throw FioValues.bad(key, value, expected);
        }
    }

    private static Spec zoned(final String key, final String value, final String args)
    {
        final String expected = "zoned:PCT/RANGE_PCT:... whose percentages of I/O add up to 100, e.g. zoned:50/5:30/15:20/80";
        final String[] parts = args.split(":");
        final int[][] zones = new int[parts.length][];
        int io = 0;
        int range = 0;
        int blankRanges = 0;
        for (int i = 0; i < parts.length; i++)
        {
            final int slash = parts[i].indexOf('/');
            if (slash < 0)
            {
                throw FioValues.bad(key, value, expected);
            }
            final int p = (int) FioValues.integer(key, parts[i].substring(0, slash), 0, 100);
            final String r = parts[i].substring(slash + 1).trim();
            zones[i] = new int[] {p, r.isEmpty() ? -1 : (int) FioValues.integer(key, r, 0, 100)};
            io += p;
            if (zones[i][1] < 0)
            {
                blankRanges++;
            }
            else
            {
                range += zones[i][1];
            }
        }
        if (io != 100 || range > 100)
        {
            throw FioValues.bad(key, value, expected);
        }
        for (final int[] zone : zones)
        {
            if (zone[1] < 0)
            {
                zone[1] = (100 - range) / blankRanges;   // a blank range is what the others leave
            }
        }
        return new Spec(Kind.ZONED, 0, -1, zones, "zoned:" + args);
    }

    private static double number(final String key, final String value, final String text, final String expected)
    {
        try
        {
            return Double.parseDouble(text.trim());
        }
        catch (final NumberFormatException e)
        {
            throw FioValues.bad(key, value, expected);
        }
    }

    /** The next range index in [0, ranges). Allocation-free. */
    public long next()
    {
        switch (spec.kind)
        {
            case ZIPF:
                return zipf();
            case PARETO:
            {
                final long n = (long) ((ranges - 1) * Math.pow(uniform(), paretoPow));
                return Long.remainderUnsigned(n * GOLDEN_RATIO_64 + offset, ranges);
            }
            case NORMAL:
                return normal();
            case ZONED:
            {
                final int v = (int) Long.remainderUnsigned(nextRandom(), 100);
                return zoneStart[v] + Long.remainderUnsigned(nextRandom(), zoneRanges[v]);
            }
            default:
                return Long.remainderUnsigned(nextRandom(), ranges);
        }
    }

    private long zipf()
    {
        final double theta = spec.parameter;
        final double alpha = 1.0 / (1.0 - theta);
        final double eta = (1.0 - Math.pow(2.0 / ranges, 1.0 - theta)) / (1.0 - zeta2 / zetan);
        final double u = uniform();
        final double z = u * zetan;
        final long rank;
        if (z < 1.0)
        {
            rank = 1;
        }
        else if (z < 1.0 + Math.pow(0.5, theta))
        {
            rank = 2;
        }
        else
        {
            rank = 1 + (long) (ranges * Math.pow(eta * u - eta + 1.0, alpha));
        }
        return Long.remainderUnsigned((rank - 1) * GOLDEN_RATIO_64 + offset, ranges);
    }

    private long normal()
    {
        long sum = 0;
        for (int i = 0; i < GAUSS_ITERS; i++)
        {
            sum += Long.remainderUnsigned(nextRandom(), ranges + 1);
        }
        sum = (sum + GAUSS_ITERS - 1) / GAUSS_ITERS;
        if (stddev > 0)
        {
            long dev = (long) (stddev * uniform()) - stddev / 2;
            while (dev + sum >= ranges)
            {
                dev /= 2;
            }
            sum += dev;
        }
        return Long.remainderUnsigned(sum * GOLDEN_RATIO_64 + offset, ranges);
    }

    /** The number of ranges the indexes fall in. */
    long ranges()
    {
        return ranges;
    }

    private double uniform()
    {
        return (nextRandom() >>> 11) * 0x1.0p-53;
    }

    private long nextRandom()
    {
        state += 0x9E3779B97F4A7C15L;
        return BlockSequence.mix64(state);
    }
}
