package io.dmsnap.cli.reproduce;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Every reproduction, in the table's order, and the choice {@code --only} makes among them. */
final class Reproductions
{
    private static final List<Reproduction> ALL = List.of(new LockingReproduction(), new ReorderReproduction(),
        new ThrottleReproduction(), new DeadlockReproduction(), new CrashLeakReproduction(),
        new FullChunkReproduction(), new HashSizingReproduction(), new HandoverReproduction());

    private Reproductions()
    {
    }

    static List<Reproduction> all()
    {
        return ALL;
    }

    /** The ids, comma separated, as the error of a bad {@code --only} lists them. */
    static String ids()
    {
        final List<String> ids = new ArrayList<>();
        for (final Reproduction r : ALL)
        {
            ids.add(r.id());
        }
        return String.join(", ", ids);
    }

    /**
     * The reproductions {@code --only} names (ids or commits, e.g. {@code leak} or {@code 230c83af}), in the
     * table's order; all of them for null.
     *
     * @throws IllegalArgumentException naming the unknown entry and the valid ids
     */
    static List<Reproduction> select(final List<String> only)
    {
        if (only == null)
        {
            return ALL;
        }
        final Set<Reproduction> chosen = new LinkedHashSet<>();
        for (final String raw : only)
        {
            final String word = raw.trim().toLowerCase(Locale.ROOT);
            final Reproduction r = find(word);
            if (r == null)
            {
                throw new IllegalArgumentException("unknown reproduction '" + raw.trim() + "' in --only; valid ids: "
                    + ids() + " (or their seed commits)");
            }
            chosen.add(r);
        }
        final List<Reproduction> ordered = new ArrayList<>();
        for (final Reproduction r : ALL)
        {
            if (chosen.contains(r))
            {
                ordered.add(r);
            }
        }
        return ordered;
    }

    private static Reproduction find(final String word)
    {
        if (word.isEmpty())
        {
            return null;
        }
        for (final Reproduction r : ALL)
        {
            if (r.id().equals(word) || (word.length() >= 7 && r.commit().startsWith(word)))
            {
                return r;
            }
        }
        return null;
    }
}
