package io.dmsnap.cli.compare;

import io.dmsnap.cli.stats.Direction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A comparison as CSV (RFC 4180: comma separated, fields with a comma, quote or line break quoted,
 * quotes doubled), one line per row after a header, for spreadsheets and dashboards. The rows
 * listed without comparison are lines too, with their status in {@code verdict}
 * ({@code NOT_COMPARABLE}, {@code ONLY_IN_BASE}, {@code ONLY_IN_CANDIDATE}, {@code SKIPPED}) and
 * the figures empty. {@code params} is {@code name=value} pairs joined by {@code ;}. Every line
 * carries the seed. Stateless.
 */
final class ComparisonCsv
{
    static final List<String> HEADER = List.of("id", "benchmark", "mode", "threads", "params", "metric", "unit",
        "direction", "band_percent", "n_base", "n_candidate", "base_median", "candidate_median", "change_percent",
        "ci_low_percent", "ci_high_percent", "p", "p_adjusted", "hl_shift_percent", "mde_percent", "verdict",
        "samples_needed", "pooled", "seed", "reason");

    private ComparisonCsv()
    {
    }

    static String render(final ComparisonReport r)
    {
        final StringBuilder csv = new StringBuilder();
        line(csv, HEADER);
        final String seed = Long.toString(r.settings().seed());
        for (final ComparedRow row : r.rows())
        {
            final List<String> cells = new ArrayList<>(key(row.row()));
            cells.addAll(List.of(row.direction() == Direction.HIGHER_IS_BETTER ? "higher" : "lower",
                plain(row.bandPercent()), Integer.toString(row.base().n()), Integer.toString(row.candidate().n()),
                plain(row.base().median()), plain(row.candidate().median()), plain(row.changePercent()),
                plain(row.ciLowPercent()), plain(row.ciHighPercent()), plain(row.p()), plain(row.pAdjusted()),
                plain(row.hlShiftPercent()), row.mdePercent() == null ? "" : plain(row.mdePercent()),
                row.verdict().name(), Integer.toString(row.samplesNeeded()), Boolean.toString(row.pooled()), seed,
                row.reason()));
            line(csv, cells);
        }
        listed(csv, r.notComparable(), "NOT_COMPARABLE", seed);
        listed(csv, r.onlyInBase(), "ONLY_IN_BASE", seed);
        listed(csv, r.onlyInCandidate(), "ONLY_IN_CANDIDATE", seed);
        listed(csv, r.skipped(), "SKIPPED", seed);
        return csv.toString();
    }

    private static void listed(final StringBuilder csv, final List<ListedRow> rows, final String status, final String seed)
    {
        for (final ListedRow row : rows)
        {
            final List<String> cells = new ArrayList<>(key(row.row()));
            cells.addAll(Arrays.asList("", "", "", "", "", "", "", "", "", "", "", "", "", status, "", "", seed,
                row.reason()));
            line(csv, cells);
        }
    }

    private static List<String> key(final RowInfo row)
    {
        final List<String> params = new ArrayList<>();
        for (final Map.Entry<String, String> p : row.params().entrySet())
        {
            params.add(p.getKey() + "=" + p.getValue());
        }
        return List.of(row.id(), row.benchmark(), row.mode(), Integer.toString(row.threads()), String.join(";", params),
            row.metric(), row.unit());
    }

    /** A number as Java prints a double (full precision, so a spreadsheet gets what the JSON has). */
    private static String plain(final double value)
    {
        return Double.toString(value);
    }

    private static void line(final StringBuilder csv, final List<String> cells)
    {
        for (int i = 0; i < cells.size(); i++)
        {
            if (i > 0)
            {
                csv.append(',');
            }
            csv.append(quote(cells.get(i)));
        }
        csv.append("\r\n");
    }

    static String quote(final String cell)
    {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0)
        {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
