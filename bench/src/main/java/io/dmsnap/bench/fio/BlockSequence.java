package io.dmsnap.bench.fio;

/**
 * The order in which one worker visits the blocks of its region: sequential, random with fio's
 * random map (every block exactly once per pass), or plain random ({@code norandommap}).
 *
 * <p>Random map without a map: a pass walks a full-period linear congruential generator over
 * 2^k >= blocks values (multiplier = 1 mod 4 and an odd increment give period 2^k), passes each
 * value through a bijection of k-bit integers (xor-shift and odd multiplications, to break the
 * LCG's regular low bits) and rejects values >= blocks. A bijection of a full cycle is a full
 * cycle, so one period yields every block below {@code blocks} exactly once; fewer than half the
 * values are rejected. Each pass draws fresh parameters from the seed and the pass number, so
 * passes differ from each other and repeat exactly for the same seed. {@link #next()} allocates
 * nothing and holds no per-block state.
 *
 * <p>Thread safety: none; one worker owns an instance. Used by the fio runner and by the JMH fio
 * benchmarks' workers.
 */
public final class BlockSequence
{
    /** How the blocks are ordered. */
    public enum Order
    {
        SEQUENTIAL,
        RANDOM_MAP,
        RANDOM
    }

    private final Order order;
    private final long blocks;
    private final long seed;
    private final int bits;
    private final long mask;
    private final int shift;

    /** Calls to {@link #next()} so far. */
    private long position;
    /** Pass whose parameters are loaded, -1 before the first. */
    private long loadedPass = -1;
    private long state;
    private long multiplier;
    private long increment;
    private long mix1;
    private long mix2;

    public BlockSequence(final Order order, final long blocks, final long seed)
    {
        if (blocks < 1)
        {
            throw new IllegalArgumentException("blocks < 1: " + blocks);
        }
        this.order = order;
        this.blocks = blocks;
        this.seed = seed;
        this.bits = 64 - Long.numberOfLeadingZeros(blocks - 1);   // 2^bits >= blocks
        this.mask = bits == 64 ? -1L : (1L << bits) - 1;
        this.shift = Math.max(1, (bits + 1) / 2);
        this.state = seed;
    }

    /** Start again from the first block of the first pass: the same sequence repeats. */
    public void rewind()
    {
        position = 0;
        loadedPass = -1;
        state = seed;
    }

    /** The next block index in [0, blocks). */
    public long next()
    {
        final long pos = position++;
        switch (order)
        {
            case SEQUENTIAL:
                return pos % blocks;
            case RANDOM:
                state += 0x9E3779B97F4A7C15L;
                return Long.remainderUnsigned(mix64(state), blocks);
            default:
                final long pass = pos / blocks;
                if (pass != loadedPass)
                {
                    loadPass(pass);
                }
                long value;
                do
                {
                    state = (state * multiplier + increment) & mask;
                    value = permute(state);
                }
                while (value >= blocks);
                return value;
        }
    }

    /** Completed passes over the region (a pass is {@code blocks} calls of {@link #next()}). */
    long passes()
    {
        return position / blocks;
    }

    public long blocks()
    {
        return blocks;
    }

    private void loadPass(final long pass)
    {
        long s = seed ^ (pass * 0xD1B54A32D192ED03L);
        s = mix64(s + 0x9E3779B97F4A7C15L);
        multiplier = ((mix64(s + 1) << 2) | 1) & mask;   // = 1 mod 4 (for bits >= 2)
        increment = (mix64(s + 2) | 1) & mask;           // odd
        mix1 = mix64(s + 3) | 1;
        mix2 = mix64(s + 4) | 1;
        state = mix64(s + 5) & mask;
        loadedPass = pass;
    }

    /** A bijection of k-bit integers. */
    private long permute(final long x)
    {
        long y = x;
        y ^= y >>> shift;
        y = (y * mix1) & mask;
        y ^= y >>> shift;
        y = (y * mix2) & mask;
        y ^= y >>> shift;
        return y;
    }

    /** SplitMix64's finaliser: a well-mixed 64-bit function of its argument. */
    static long mix64(final long z0)
    {
        long z = z0;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
