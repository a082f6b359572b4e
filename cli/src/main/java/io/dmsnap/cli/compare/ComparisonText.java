package io.dmsnap.cli.compare;

import io.dmsnap.cli.common.TextTable;
import io.dmsnap.cli.stats.Verdict;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A comparison as text for a terminal, in the manner of benchstat: a header (sources, machine,
 * settings with the seed, bands), one table per unit with per row the median of each side with
 * the half-width of its interval, the change with its bootstrap interval, the raw and adjusted p,
 * the values per side, the band and the verdict; then the reasons of the REGRESSED and INCONCLUSIVE rows,
 * the warnings and notes, the rows listed without comparison, and the verdict line. ASCII only, so
 * it reads the same in any terminal and log. Stateless.
 */
final class ComparisonText
{
    private ComparisonText()
    {
    }

    static String render(final ComparisonReport r)
    {
        final StringWriter text = new StringWriter();
        final PrintWriter out = new PrintWriter(text);
        final RowLabels labels = RowLabels.of(allRows(r));
        final TextTable header = new TextTable(2);
        header.row(List.of("base", r.base().describe()));
        header.row(List.of("candidate", r.candidate().describe()));
        header.row(List.of("machine", machine(r.environment())));
        header.row(List.of("settings", settings(r)));
        header.row(List.of("bands", bands(r)));
        if (!r.ignoredParams().isEmpty())
        {
            header.row(List.of("ignored", String.join(", ", r.ignoredParams()) + " (left out of the row keys)"));
        }
        if (!labels.common().isEmpty())
        {
            header.row(List.of("all rows", labels.common()));
        }
        header.print(out);
        for (final Map.Entry<String, List<ComparedRow>> unit : byUnit(r.rows()).entrySet())
        {
            out.println();
            // Labels tell apart the rows of this table; what they share beyond all rows heads the table.
            final List<RowInfo> tableRows = new ArrayList<>();
            unit.getValue().forEach(x -> tableRows.add(x.row()));
            final RowLabels tableLabels = RowLabels.of(tableRows);
            final String shared = tableLabels.commonBeyond(labels);
            final TextTable table = new TextTable(10);
            table.row(List.of(unit.getKey() + (shared.isEmpty() ? "" : " (" + shared + ")"), "base", "candidate", "change", Formats.number(100 * r.settings().confidenceLevel()) + "% CI", "p", "p adj", "n", "band", "verdict"));
            for (final ComparedRow row : unit.getValue())
            {
                table.row(List.of(tableLabels.label(row.row()), side(row.base()), side(row.candidate()),
                    Formats.percent(row.changePercent()), Formats.interval(row.ciLowPercent(), row.ciHighPercent()),
                    Formats.p(row.p()), Formats.p(row.pAdjusted()), row.base().n() + "+" + row.candidate().n(),
                    Formats.band(row.bandPercent()), verdict(row)));
            }
            table.print(out);
        }
        final List<ComparedRow> explained = new ArrayList<>();
        for (final Verdict v : new Verdict[] {Verdict.REGRESSED, Verdict.INCONCLUSIVE})
        {
            explained.addAll(r.rows(v));
        }
        if (!explained.isEmpty())
        {
            out.println();
            out.println("why:");
            for (final ComparedRow row : explained)
            {
                out.println("  " + labels.label(row.row()) + ": " + row.verdict() + ": " + row.reason()
                    + (row.verdict() == Verdict.INCONCLUSIVE ? "; about " + row.samplesNeeded() + " values a side would"
                    + " decide" : ""));
            }
        }
        listed(out, "not comparable", r.notComparable(), true);
        listed(out, "only in base", r.onlyInBase(), false);
        listed(out, "only in candidate", r.onlyInCandidate(), false);
        listed(out, "skipped", r.skipped(), true);
        if (!r.warnings().isEmpty() || !r.notes().isEmpty())
        {
            out.println();
            for (final String w : r.warnings())
            {
                out.println("warning: " + w);
            }
            for (final String n : r.notes())
            {
                out.println("note: " + n);
            }
        }
        out.println();
        out.println("verdict: " + r.outcome() + "; " + r.counts() + " (seed " + r.settings().seed() + ")");
        out.flush();
        return text.toString();
    }

    /** The compared rows, then the listed ones: every row a label may be asked for. */
    static List<RowInfo> allRows(final ComparisonReport r)
    {
        final List<RowInfo> rows = new ArrayList<>();
        r.rows().forEach(x -> rows.add(x.row()));
        for (final List<ListedRow> listed : List.of(r.notComparable(), r.onlyInBase(), r.onlyInCandidate(), r.skipped()))
        {
            listed.forEach(x -> rows.add(x.row()));
        }
        return rows;
    }

    /** The compared rows grouped by unit, units in order of first appearance. */
    static Map<String, List<ComparedRow>> byUnit(final List<ComparedRow> rows)
    {
        final Map<String, List<ComparedRow>> groups = new LinkedHashMap<>();
        for (final ComparedRow row : rows)
        {
            groups.computeIfAbsent(row.row().unit(), u -> new ArrayList<>()).add(row);
        }
        return groups;
    }

    /** The machine the base ran on, with each field the environments record. */
    static String machine(final List<EnvironmentLine> environment)
    {
        final Map<String, String> v = new LinkedHashMap<>();
        for (final EnvironmentLine l : environment)
        {
            v.put(l.field(), l.base() != null ? l.base() : l.candidate());
        }
        final List<String> parts = new ArrayList<>();
        if (v.get("cpu.model") != null || v.get("cpu.cores") != null)
        {
            parts.add((v.get("cpu.model") == null ? "unknown CPU" : v.get("cpu.model"))
                + (v.get("cpu.cores") == null ? "" : ", " + v.get("cpu.cores") + " cores"));
        }
        if (v.get("jdk.version") != null)
        {
            parts.add((v.get("jdk.vendor") == null ? "" : v.get("jdk.vendor") + " ") + "JDK " + v.get("jdk.version"));
        }
        if (v.get("os.name") != null || v.get("os.kernel") != null)
        {
            parts.add((v.get("os.name") == null ? "" : v.get("os.name") + " ")
                + (v.get("os.kernel") == null ? "" : v.get("os.kernel")));
        }
        if (v.get("host") != null)
        {
            parts.add("host " + v.get("host"));
        }
        if (v.get("jmh.version") != null)
        {
            parts.add("JMH " + v.get("jmh.version") + " (warm-up " + v.get("jmh.warmup") + ", measurement "
                + v.get("jmh.measurement") + ", forks " + v.get("jmh.forks") + ")");
        }
        final List<String> unknown = new ArrayList<>();
        for (final EnvironmentLine l : environment)
        {
            if (l.checked() && EnvironmentLine.UNKNOWN.equals(l.status()) && (l.base() != null || l.candidate() != null))
            {
                unknown.add(l.field());
            }
        }
        if (!unknown.isEmpty())
        {
            parts.add("not checked, known on one side only: " + String.join(", ", unknown));
        }
        return parts.isEmpty() ? "unknown (neither file records it)" : String.join("; ", parts);
    }

    /** Seed, alpha, intervals and the minimum values a side. */
    static String settings(final ComparisonReport r)
    {
        return "seed " + r.settings().seed() + "; alpha " + Formats.number(r.settings().alpha()) + ", Holm over "
            + r.rows().size() + (r.rows().size() == 1 ? " row" : " rows") + "; "
            + Formats.number(100 * r.settings().confidenceLevel()) + "% intervals from " + r.settings().resamples()
            + " bootstrap resamples; a verdict needs at least " + r.settings().minSamplesPerSide() + " values a side"
            + (r.failOnInconclusive() ? "; --fail-on-inconclusive" : "")
            + (r.allowEnvMismatch() ? "; --allow-env-mismatch" : "");
    }

    /** The band rules used and how many rows each decided. */
    static String bands(final ComparisonReport r)
    {
        final List<String> parts = new ArrayList<>();
        for (final BandUse b : r.bands())
        {
            parts.add(b.glob() + " " + (b.bandPercent() == null ? "" : Formats.band(b.bandPercent()))
                + (b.bandPercent() != null && b.action() != null ? " " : "") + (b.action() == null ? "" : b.action())
                + " (" + b.origin() + ", " + b.rows() + (b.rows() == 1 ? " row)" : " rows)"));
        }
        return (r.bandsFile() == null ? "no bands file" : r.bandsFile()) + ": "
            + (parts.isEmpty() ? "none used" : String.join("; ", parts));
    }

    /** {@code 172.3k +- 3.1%}: the median and the larger half-width of its interval. */
    private static String side(final SideStats s)
    {
        final double half = s.ciHalfWidthPercent();
        return Formats.value(s.median()) + " +- "
            + (Double.isFinite(half) ? Formats.number(Math.round(half * 10.0) / 10.0) + "%" : "inf");
    }

    private static String verdict(final ComparedRow row)
    {
        return row.verdict() == Verdict.INCONCLUSIVE ? "INCONCLUSIVE (~" + row.samplesNeeded() + " a side)"
            : row.verdict().name();
    }

    private static void listed(final PrintWriter out, final String title, final List<ListedRow> rows,
                               final boolean withReason)
    {
        if (rows.isEmpty())
        {
            return;
        }
        out.println();
        out.println(title + " (" + rows.size() + "):");
        for (final ListedRow row : rows)
        {
            out.println("  " + row.row().id() + " [" + row.row().unit() + "]" + (withReason ? ": " + row.reason() : ""));
        }
    }
}
