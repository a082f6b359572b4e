package io.dmsnap.cli.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * The order of a host's runs: by start time, the file name breaking ties. A run whose file records
 * no start time keeps the place its name gives it among all the runs in name order, and the runs
 * with a start time fill the other places in time order. With every time known this is plain time
 * order; with none it is name order (nightly file names carry the date); in between, an untimed
 * file stays between the files whose names surround it. Stateless.
 */
final class RunOrder
{
    private static final Comparator<Run> BY_NAME = Comparator.comparing(Run::name);
    private static final Comparator<Run> BY_TIME = Comparator.comparing((Run r) -> r.startTime().orElseThrow())
        .thenComparing(Run::name);

    private RunOrder()
    {
    }

    static List<Run> order(final List<Run> runs)
    {
        final List<Run> byName = new ArrayList<>(runs);
        byName.sort(BY_NAME);
        final List<Run> timed = new ArrayList<>();
        for (final Run r : byName)
        {
            if (r.startTime().isPresent())
            {
                timed.add(r);
            }
        }
        timed.sort(BY_TIME);
        final Iterator<Run> nextTimed = timed.iterator();
        final List<Run> ordered = new ArrayList<>(byName.size());
        for (final Run r : byName)
        {
            ordered.add(r.startTime().isPresent() ? nextTimed.next() : r);
        }
        return ordered;
    }
}
