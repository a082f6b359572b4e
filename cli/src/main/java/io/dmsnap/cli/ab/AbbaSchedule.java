package io.dmsnap.cli.ab;

import java.util.ArrayList;
import java.util.List;

/**
 * The order in which an A/B run starts its JMH processes: fork round by fork round, each round
 * running every run of the suite (an entry, or one worker count of a matrix entry) on both sides
 * back to back, A then B in even rounds (0, 2, ...) and B then A in odd ones. So each run sees
 * A B, B A, A B, ... (ABBA): a drift of the machine that is linear over two rounds adds the same
 * to both sides, and neither side always goes first after the other's warm caches. Rounds on the
 * outside spread each run's forks over the whole A/B run, so a noisy minute of a shared machine
 * touches one fork a side of a run, not all of them. Immutable.
 */
final class AbbaSchedule
{
    /**
     * One JMH process: which fork round, which run of the suite, which side.
     *
     * @param fork from 0
     * @param run  index of the run in the suite plan, from 0
     */
    record Slot(int fork, int run, Side side)
    {
    }

    private final int forks;
    private final int runs;
    private final List<Slot> slots;

    private AbbaSchedule(final int forks, final int runs, final List<Slot> slots)
    {
        this.forks = forks;
        this.runs = runs;
        this.slots = List.copyOf(slots);
    }

    /**
     * The schedule of {@code forks} rounds over {@code runs} runs: {@code 2 x forks x runs} slots.
     *
     * @throws IllegalArgumentException for fewer than one fork or run
     */
    static AbbaSchedule of(final int forks, final int runs)
    {
        if (forks < 1 || runs < 1)
        {
            throw new IllegalArgumentException("an A/B run needs at least one fork and one run, got " + forks + " fork(s) and "
                + runs + " run(s)");
        }
        final List<Slot> slots = new ArrayList<>(2 * forks * runs);
        for (int fork = 0; fork < forks; fork++)
        {
            for (int run = 0; run < runs; run++)
            {
                for (final Side side : order(fork))
                {
                    slots.add(new Slot(fork, run, side));
                }
            }
        }
        return new AbbaSchedule(forks, runs, slots);
    }

    /** The sides of a fork round in the order they run: A, B in even rounds, B, A in odd ones. */
    static List<Side> order(final int fork)
    {
        return fork % 2 == 0 ? List.of(Side.A, Side.B) : List.of(Side.B, Side.A);
    }

    int forks()
    {
        return forks;
    }

    int runs()
    {
        return runs;
    }

    /** Every process in the order it runs. */
    List<Slot> slots()
    {
        return slots;
    }

    /** {@code AB BA AB}: the sides of each round, rounds separated by a blank (at most eight shown). */
    String describe()
    {
        final StringBuilder s = new StringBuilder();
        for (int fork = 0; fork < Math.min(forks, 8); fork++)
        {
            if (fork > 0)
            {
                s.append(' ');
            }
            order(fork).forEach(side -> s.append(side.name()));
        }
        return forks > 8 ? s.append(" ...").toString() : s.toString();
    }
}
