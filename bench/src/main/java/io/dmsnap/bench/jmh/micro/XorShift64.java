package io.dmsnap.bench.jmh.micro;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Marsaglia's xorshift64 (shifts 13, 7, 17): a full-period generator over the non-zero 64-bit
 * values, a few cycles and no allocation per number. Benchmarks give every thread its own instance
 * so that choosing a key neither contends on shared state (as {@code java.util.Random} would) nor
 * depends on which thread runs first.
 *
 * <p>Not thread-safe: one instance per thread. {@link #forNextThread()} hands out distinct seeds from a
 * shared counter; that call is the only shared access and happens in setup, not per operation.
 */
final class XorShift64
{
    private static final AtomicLong SEEDS = new AtomicLong(0x5EED_0000_0001L);

    private long state;

    /** A generator started from {@code seed}; 0 is mapped to a fixed non-zero value (0 is a fixed point). */
    XorShift64(final long seed)
    {
        final long mixed = mix(seed);
        this.state = mixed == 0 ? 0x9E37_79B9_7F4A_7C15L : mixed;
    }

    /** A generator with a seed no other caller of this method gets (per-thread state in benchmarks). */
    static XorShift64 forNextThread()
    {
        return new XorShift64(SEEDS.getAndIncrement());
    }

    /** The next value: never 0, every non-zero value once per period of 2^64 - 1. */
    long next()
    {
        long x = state;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        state = x;
        return x;
    }

    /** A value in {@code [0, 2^bits)} from the high bits (the better-mixed ones); {@code 1 <= bits <= 63}. */
    long nextBits(final int bits)
    {
        return next() >>> (64 - bits);
    }

    /** SplitMix64's finaliser: spreads neighbouring seeds (0, 1, 2, ...) over the whole state space. */
    static long mix(final long seed)
    {
        long z = seed + 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
