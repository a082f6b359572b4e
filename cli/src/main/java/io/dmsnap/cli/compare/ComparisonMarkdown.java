package io.dmsnap.cli.compare;

import io.dmsnap.cli.stats.Verdict;

import java.util.ArrayList;
import java.util.List;

/**
 * A comparison as Markdown for a CI summary (a GitHub job summary, a merge request comment): the
 * verdict line first, the regressions in a table, everything else collapsed in {@code <details>}
 * (improved, inconclusive and same rows; rows listed without comparison; the environment), and a
 * legend that names the bands used and the rules of the verdicts. Stateless.
 */
final class ComparisonMarkdown
{
    private static final List<String> HEADER = List.of("row", "unit", "base", "candidate", "change", "interval", "p",
        "p adj", "n", "band", "verdict");

    private ComparisonMarkdown()
    {
    }

    static String render(final ComparisonReport r)
    {
        final StringBuilder md = new StringBuilder();
        final RowLabels labels = RowLabels.of(ComparisonText.allRows(r));
        md.append("**dmsnap compare: ").append(r.outcome()).append("** (").append(r.counts()).append(")\n\n");
        md.append("Base ").append(code(r.base().describe())).append(", candidate ").append(code(r.candidate().describe()))
            .append(". Seed ").append(r.settings().seed()).append(".\n\n");
        for (final String w : r.warnings())
        {
            md.append("> **Warning:** ").append(escape(w)).append("\n\n");
        }
        final List<ComparedRow> regressed = r.rows(Verdict.REGRESSED);
        if (!regressed.isEmpty())
        {
            md.append("#### Regressions\n\n");
            table(md, regressed, labels);
            md.append('\n');
        }
        final List<ComparedRow> rest = new ArrayList<>();
        for (final Verdict v : new Verdict[] {Verdict.IMPROVED, Verdict.INCONCLUSIVE, Verdict.SAME})
        {
            rest.addAll(r.rows(v));
        }
        if (!rest.isEmpty())
        {
            md.append("<details><summary>").append(rest.size()).append(regressed.isEmpty() ? "" : " other")
                .append(rest.size() == 1 ? " row" : " rows").append(": ").append(r.count(Verdict.IMPROVED))
                .append(" improved, ").append(r.count(Verdict.INCONCLUSIVE)).append(" inconclusive, ")
                .append(r.count(Verdict.SAME)).append(" same</summary>\n\n");
            table(md, rest, labels);
            md.append("\n</details>\n\n");
        }
        final int listed = r.notComparable().size() + r.onlyInBase().size() + r.onlyInCandidate().size()
            + r.skipped().size();
        if (listed > 0)
        {
            md.append("<details><summary>").append(listed).append(listed == 1 ? " row" : " rows")
                .append(" not compared</summary>\n\n");
            md.append("| row | unit | why |\n|---|---|---|\n");
            for (final List<ListedRow> rows : List.of(r.notComparable(), r.onlyInBase(), r.onlyInCandidate(), r.skipped()))
            {
                for (final ListedRow row : rows)
                {
                    md.append("| ").append(cell(row.row().id())).append(" | ").append(cell(row.row().unit()))
                        .append(" | ").append(cell(row.reason())).append(" |\n");
                }
            }
            md.append("\n</details>\n\n");
        }
        md.append("<details><summary>Environment and settings</summary>\n\n");
        md.append("- machine: ").append(escape(ComparisonText.machine(r.environment()))).append('\n');
        md.append("- settings: ").append(escape(ComparisonText.settings(r))).append('\n');
        if (!labels.common().isEmpty())
        {
            md.append("- all rows: ").append(code(labels.common())).append('\n');
        }
        if (!r.ignoredParams().isEmpty())
        {
            md.append("- ignored parameters: ").append(escape(String.join(", ", r.ignoredParams()))).append('\n');
        }
        for (final String n : r.notes())
        {
            md.append("- note: ").append(escape(n)).append('\n');
        }
        md.append("\n</details>\n\n");
        md.append(legend(r)).append('\n');
        return md.toString();
    }

    /** What the columns and verdicts mean, and the bands used. */
    private static String legend(final ComparisonReport r)
    {
        final String level = Formats.number(100 * r.settings().confidenceLevel());
        final List<String> bands = new ArrayList<>();
        for (final BandUse b : r.bands())
        {
            bands.add(code(b.glob()) + " " + (b.bandPercent() == null ? "" : Formats.band(b.bandPercent()))
                + (b.action() == null ? "" : " " + b.action()) + " (" + escape(b.origin()) + ", " + b.rows()
                + (b.rows() == 1 ? " row)" : " rows)"));
        }
        return "<sub>Legend: base and candidate are medians &plusmn; the half-width of their " + level
            + "% interval; change is the candidate's median against the base's with its " + level
            + "% bootstrap interval; p is the smaller of the Mann-Whitney U and Kolmogorov-Smirnov p-values, p adj"
            + " after Holm over the " + r.rows().size() + " rows; n is values per side (forks or runs). Band: the"
            + " smallest change that counts"
            + (r.bandsFile() == null ? "" : ", from " + code(r.bandsFile()) + " (the first matching entry decides)")
            + ": " + (bands.isEmpty() ? "none used" : String.join(", ", bands)) + ". REGRESSED / IMPROVED: p adj < "
            + Formats.number(r.settings().alpha()) + " and the whole interval beyond the band; SAME: the test could"
            + " see a change of the band's size and did not, or the whole interval is inside the band; INCONCLUSIVE:"
            + " neither (the row says how many values a side would decide).</sub>";
    }

    private static void table(final StringBuilder md, final List<ComparedRow> rows, final RowLabels labels)
    {
        md.append("| ").append(String.join(" | ", HEADER)).append(" |\n|");
        md.append("---|".repeat(HEADER.size())).append('\n');
        for (final ComparedRow row : rows)
        {
            final List<String> cells = List.of(cell(labels.label(row.row())), cell(row.row().unit()), side(row.base()),
                side(row.candidate()), bold(row, Formats.percent(row.changePercent())),
                Formats.interval(row.ciLowPercent(), row.ciHighPercent()), Formats.p(row.p()), Formats.p(row.pAdjusted()),
                row.base().n() + "+" + row.candidate().n(), Formats.band(row.bandPercent()),
                row.verdict() == Verdict.INCONCLUSIVE ? "INCONCLUSIVE (~" + row.samplesNeeded() + " a side)"
                    : row.verdict().name());
            md.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
    }

    private static String side(final SideStats s)
    {
        final double half = s.ciHalfWidthPercent();
        return Formats.value(s.median()) + " &plusmn; "
            + (Double.isFinite(half) ? Formats.number(Math.round(half * 10.0) / 10.0) + "%" : "&infin;");
    }

    private static String bold(final ComparedRow row, final String text)
    {
        return row.verdict() == Verdict.REGRESSED || row.verdict() == Verdict.IMPROVED ? "**" + text + "**" : text;
    }

    /** Text for a table cell: Markdown and HTML specials escaped, the cell's bar too. */
    private static String cell(final String text)
    {
        return escape(text).replace("|", "\\|");
    }

    /** Inline code, with the backticks the text needs around it. */
    private static String code(final String text)
    {
        final String fence = text.contains("`") ? "``" : "`";
        return fence + (fence.length() > 1 ? " " + text + " " : text) + fence;
    }

    /** Characters that Markdown or the HTML it allows would take as markup. */
    static String escape(final String text)
    {
        final StringBuilder s = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '&' -> s.append("&amp;");
                case '*', '_', '`', '[', ']', '\\' -> s.append('\\').append(c);
                default -> s.append(c);
            }
        }
        return s.toString();
    }
}
