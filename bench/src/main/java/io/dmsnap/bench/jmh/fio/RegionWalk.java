package io.dmsnap.bench.jmh.fio;

/**
 * The order in which one benchmark worker visits the blocks of its region: sequential, or random
 * with fio's default random map (every block exactly once per pass before any block repeats), and
 * the same order again after {@link #rewind()} (fio's {@code randrepeat=1}).
 *
 * <p>Random order without a per-block map: a pass runs a linear congruential generator modulo
 * 2^k, where 2^k is the smallest power of two of at least {@code blocks}. With a multiplier of
 * 1 mod 4 and an odd increment its period is the full 2^k, so one period meets every k-bit value
 * once. Each value goes through a bijection of k-bit integers (xor-shift, odd multiplication,
 * xor-shift) that hides the generator's regular low bits, and values of {@code blocks} or more are
 * skipped; fewer than half are. A bijection of a full cycle is again a full cycle, hence every
 * block once per pass. The parameters of pass p are a hash of (seed, p), so consecutive passes
 * differ. {@link #next()} allocates nothing.
 *
 * <p>Thread safety: none; one worker owns an instance.
 */
final class RegionWalk
{
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final long blocks;
    private final boolean random;
    private final long seed;
    private final long mask;
    private final int shift;

    private long position;
    private long pass;
    private long state;
    private long multiplier;
    private long increment;
    private long scramble;

    RegionWalk(final long blocks, final boolean random, final long seed)
    {
        if (blocks < 1)
        {
            throw new IllegalArgumentException("a region needs at least one block, got " + blocks);
        }
        this.blocks = blocks;
        this.random = random;
        this.seed = seed;
        final int bits = 64 - Long.numberOfLeadingZeros(blocks - 1);
        this.mask = bits == 64 ? -1L : (1L << bits) - 1;
        this.shift = Math.max(1, (bits + 1) / 2);
        rewind();
    }

    /** Start again from the first block of the first pass: the same sequence repeats. */
    void rewind()
    {
        position = 0;
        pass = 0;
        loadPass();
    }

    /** The next block index, in [0, blocks). */
    long next()
    {
        if (!random)
        {
            final long block = position;
            position = position + 1 == blocks ? 0 : position + 1;
            return block;
        }
        if (position == blocks)
        {
            position = 0;
            pass++;
            loadPass();
        }
        position++;
        long value;
        do
        {
            state = (state * multiplier + increment) & mask;
            value = permute(state);
        }
        while (value >= blocks);
        return value;
    }

    long blocks()
    {
        return blocks;
    }

    private void loadPass()
    {
        final long h = mix(seed + pass * GOLDEN);
        multiplier = ((mix(h + 1) << 2) | 1) & mask;   // 1 mod 4 once k >= 2; for k = 1 the LCG is x + 1
        increment = (mix(h + 2) | 1) & mask;            // odd
        scramble = mix(h + 3) | 1;                      // odd: invertible modulo 2^k
        state = mix(h + 4) & mask;
    }

    private long permute(final long x)
    {
        long y = x ^ (x >>> shift);
        y = (y * scramble) & mask;
        return y ^ (y >>> shift);
    }

    /** A 64-bit finaliser with good avalanche (the constants of Stafford's variant 13). */
    private static long mix(final long x)
    {
        long z = x;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
