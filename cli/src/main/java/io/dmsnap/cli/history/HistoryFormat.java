package io.dmsnap.cli.history;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How the history's text and HTML spell numbers, times and commits. Stateless. */
final class HistoryFormat
{
    /** Names listed in one line before "and N more". */
    private static final int LISTED = 5;

    private HistoryFormat()
    {
    }

    /** A measured value, to about four significant digits, thousands grouped: {@code 5,634}, {@code 10.43}. */
    static String value(final double v)
    {
        final double a = Math.abs(v);
        if (a >= 1000)
        {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100)
        {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1)
        {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** A signed percentage with one decimal: {@code -5.1%}. */
    static String percent(final double pct)
    {
        return String.format(Locale.ROOT, "%+.1f%%", pct);
    }

    /** A p-value: four decimals down to 0.001, then scientific ({@code 1.2e-05}); 0 as {@code 0}. */
    static String p(final double p)
    {
        if (p == 0)
        {
            return "0";
        }
        return p >= 0.001 ? String.format(Locale.ROOT, "%.4f", p) : String.format(Locale.ROOT, "%.1e", p);
    }

    /** A start time to the second, UTC ({@code 2026-01-16T02:00:00Z}), or {@code -} when unknown. */
    static String time(final Optional<Instant> time)
    {
        return time.map(t -> t.truncatedTo(ChronoUnit.SECONDS).toString()).orElse("-");
    }

    /**
     * A commit as people read it: the first 7 characters of a full hash, {@code -dirty} after it when
     * the working tree had changes, {@code -} when unknown.
     */
    static String commit(final Run run)
    {
        if (run.commit().isEmpty())
        {
            return "-";
        }
        final String c = run.commit().get();
        final String shortened = c.length() > 7 && c.matches("[0-9a-f]+") ? c.substring(0, 7) : c;
        return shortened + (run.dirty().orElse(false) ? "-dirty" : "");
    }

    /** The change of a point as {@code 5,634 -> 5,341 ops/s}. */
    static String means(final double before, final double after, final String unit)
    {
        return value(before) + " -> " + value(after) + " " + unit;
    }

    /** {@code 1 run}, {@code 3 runs}: the noun takes an s unless n is 1 or it ends in s already ({@code series}). */
    static String count(final long n, final String noun)
    {
        return n + " " + noun + (n == 1 || noun.endsWith("s") ? "" : "s");
    }

    /** Up to {@value #LISTED} names, then how many more. */
    static String list(final List<String> names)
    {
        if (names.size() <= LISTED)
        {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, LISTED)) + " and " + (names.size() - LISTED) + " more";
    }
}
