package io.dmsnap.bench.jmh.micro;

/**
 * Orders in which the copies of {@code n} exceptions (sequences {@code 0..n-1}, allocated in that
 * order) finish, for {@link ReorderBench}.
 */
public enum CompletionPermutations
{
    /** The last allocated finishes first: every early finisher is parked, the list walks all of them. */
    REVERSE
    {
        @Override
        public int[] of(final int n, final long seed)
        {
            final int[] order = new int[n];
            for (int i = 0; i < n; i++)
            {
                order[i] = n - 1 - i;
            }
            return order;
        }
    },
    /** A uniformly random permutation (Fisher-Yates from {@code seed}): copies of unequal duration. */
    RANDOM
    {
        @Override
        public int[] of(final int n, final long seed)
        {
            final int[] order = new int[n];
            for (int i = 0; i < n; i++)
            {
                order[i] = i;
            }
            final XorShift64 rnd = new XorShift64(seed);
            for (int i = n - 1; i > 0; i--)
            {
                final int j = (int) Long.remainderUnsigned(rnd.next(), i + 1L);
                final int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            return order;
        }
    };

    /** A permutation of {@code 0..n-1}; deterministic for a seed. */
    public abstract int[] of(int n, long seed);
}
