package io.dmsnap.cli.result;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * How JMH ran the benchmarks of a result: each field lists the distinct values over all of them,
 * sorted, so one element means every benchmark ran the same way and several mean they did not
 * (a comparison should then look at the rows' own settings in the raw JMH document). Immutable.
 *
 * @param jmhVersion   JMH's version, when the source names it
 * @param modes        benchmark modes ({@code thrpt}, {@code avgt}, {@code sample}, {@code ss})
 * @param threads      thread counts
 * @param forks        forks per benchmark (0: run in the host JVM)
 * @param warmup       warm-up iterations and their time
 * @param measurement  measurement iterations and their time
 */
public record JmhSettings(Optional<String> jmhVersion, List<String> modes, List<Integer> threads, List<Integer> forks,
                          List<Phase> warmup, List<Phase> measurement)
{
    /**
     * Iterations of one phase and the time of each, in JMH's spelling ({@code 1 s}, {@code 100 ms}).
     *
     * @param iterations at least 0
     * @param time       not blank
     */
    public record Phase(int iterations, String time) implements Comparable<Phase>
    {
        public Phase
        {
            if (iterations < 0 || time == null || time.isBlank())
            {
                throw new IllegalArgumentException("a JMH phase needs iterations >= 0 and a time, got " + iterations
                    + " x " + time);
            }
        }

        @Override
        public int compareTo(final Phase other)
        {
            return Comparator.comparingInt(Phase::iterations).thenComparing(Phase::time).compare(this, other);
        }

        @Override
        public String toString()
        {
            return iterations + " x " + time;
        }
    }

    public JmhSettings
    {
        modes = sortedDistinct(modes);
        threads = sortedDistinct(threads);
        forks = sortedDistinct(forks);
        warmup = sortedDistinct(warmup);
        measurement = sortedDistinct(measurement);
    }

    private static <T extends Comparable<? super T>> List<T> sortedDistinct(final Collection<T> values)
    {
        return List.copyOf(new TreeSet<>(values));
    }
}
