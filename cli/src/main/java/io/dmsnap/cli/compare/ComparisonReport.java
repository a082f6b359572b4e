package io.dmsnap.cli.compare;

import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.stats.ComparisonSettings;
import io.dmsnap.cli.stats.Verdict;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything one comparison found, in the form every output renders and a saved comparison
 * ({@code --format json}) holds: {@link ComparisonJson} writes and reads it back, so a report can be
 * rendered later from the file alone. Immutable; lists read-only.
 *
 * @param base               where the base came from
 * @param candidate          where the candidate came from
 * @param settings           the statistics' settings (seed, alpha, intervals, minimum values a side)
 * @param failOnInconclusive whether INCONCLUSIVE and not comparable rows make the exit code 3
 * @param allowEnvMismatch   whether checked environment differences were allowed
 * @param ignoredParams      parameters left out of the row keys before matching
 * @param bandsFile          the bands file used; null when none
 * @param bands              the rules that decided a band or direction, with their row counts
 * @param environment        the environments, field by field
 * @param warnings           what makes the numbers less trustworthy (pooled iterations, allowed mismatches)
 * @param notes              what a reader should know (noted environment differences, directory merges)
 * @param rows               the compared rows, in the base's order
 * @param onlyInBase         rows the candidate lacks
 * @param onlyInCandidate    rows the base lacks
 * @param notComparable      rows both have that cannot be compared in percent
 * @param skipped            rows a rule said to skip
 */
public record ComparisonReport(SourceInfo base, SourceInfo candidate, ComparisonSettings settings,
                               boolean failOnInconclusive, boolean allowEnvMismatch, List<String> ignoredParams,
                               String bandsFile, List<BandUse> bands, List<EnvironmentLine> environment,
                               List<String> warnings, List<String> notes, List<ComparedRow> rows,
                               List<ListedRow> onlyInBase, List<ListedRow> onlyInCandidate,
                               List<ListedRow> notComparable, List<ListedRow> skipped)
{
    public ComparisonReport
    {
        ignoredParams = List.copyOf(ignoredParams);
        bands = List.copyOf(bands);
        environment = List.copyOf(environment);
        warnings = List.copyOf(warnings);
        notes = List.copyOf(notes);
        rows = List.copyOf(rows);
        onlyInBase = List.copyOf(onlyInBase);
        onlyInCandidate = List.copyOf(onlyInCandidate);
        notComparable = List.copyOf(notComparable);
        skipped = List.copyOf(skipped);
    }

    /** How many compared rows have this verdict. */
    public int count(final Verdict verdict)
    {
        int n = 0;
        for (final ComparedRow r : rows)
        {
            n += r.verdict() == verdict ? 1 : 0;
        }
        return n;
    }

    /** The compared rows with this verdict, in order. */
    public List<ComparedRow> rows(final Verdict verdict)
    {
        final List<ComparedRow> selected = new ArrayList<>();
        for (final ComparedRow r : rows)
        {
            if (r.verdict() == verdict)
            {
                selected.add(r);
            }
        }
        return selected;
    }

    /**
     * The command's exit code: {@link ExitCodes#FAILED} when a row REGRESSED; else, with
     * {@code failOnInconclusive}, {@link ExitCodes#INCONCLUSIVE} when a row is INCONCLUSIVE or not
     * comparable; else {@link ExitCodes#OK}.
     */
    public int exitCode()
    {
        if (count(Verdict.REGRESSED) > 0)
        {
            return ExitCodes.FAILED;
        }
        if (failOnInconclusive && (count(Verdict.INCONCLUSIVE) > 0 || !notComparable.isEmpty()))
        {
            return ExitCodes.INCONCLUSIVE;
        }
        return ExitCodes.OK;
    }

    /**
     * The outcome in a few words, what a CI summary's first line says: {@code 2 regressions},
     * {@code no regression}, {@code inconclusive}.
     */
    public String outcome()
    {
        final int regressed = count(Verdict.REGRESSED);
        if (regressed > 0)
        {
            return regressed == 1 ? "1 regression" : regressed + " regressions";
        }
        if (exitCode() == ExitCodes.INCONCLUSIVE)
        {
            return "inconclusive";
        }
        return "no regression";
    }

    /**
     * The counts: {@code 12 rows compared: 1 regressed, 2 improved, 8 same, 1 inconclusive; 1 only in base, ...}.
     */
    public String counts()
    {
        final StringBuilder s = new StringBuilder();
        s.append(rows.size()).append(rows.size() == 1 ? " row" : " rows").append(" compared: ")
            .append(count(Verdict.REGRESSED)).append(" regressed, ")
            .append(count(Verdict.IMPROVED)).append(" improved, ")
            .append(count(Verdict.SAME)).append(" same, ")
            .append(count(Verdict.INCONCLUSIVE)).append(" inconclusive");
        final List<String> others = new ArrayList<>();
        if (!notComparable.isEmpty())
        {
            others.add(notComparable.size() + " not comparable");
        }
        if (!onlyInBase.isEmpty())
        {
            others.add(onlyInBase.size() + " only in base");
        }
        if (!onlyInCandidate.isEmpty())
        {
            others.add(onlyInCandidate.size() + " only in candidate");
        }
        if (!skipped.isEmpty())
        {
            others.add(skipped.size() + " skipped");
        }
        if (!others.isEmpty())
        {
            s.append("; ").append(String.join(", ", others));
        }
        return s.toString();
    }
}
