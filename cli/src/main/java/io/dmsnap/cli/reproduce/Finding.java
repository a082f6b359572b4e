package io.dmsnap.cli.reproduce;

import java.util.List;

/**
 * What one reproduction found: the "ours" cell of the table, the two verdicts, the lines that
 * explain them, and the figures behind them.
 *
 * @param ours        our figure, one line, comparable with the seed's
 * @param sameShape   whether the effect points the way the seed's does (before worse than after)
 * @param atLeastSeed whether the effect is at least as large as the seed's, or why that cannot be said
 * @param details     lines that show the measurement (tables, per-run counts); may be empty
 * @param figures     the measured quantities, for the result file and the charts
 */
public record Finding(String ours, boolean sameShape, Effect atLeastSeed, List<String> details, List<Figure> figures)
{
    public Finding
    {
        details = List.copyOf(details);
        figures = List.copyOf(figures);
    }

    /** A reproduction that stopped with an error: nothing measured. */
    public static Finding failed(final String reason)
    {
        return new Finding("failed: " + reason, false, Effect.FAILED, List.of(), List.of());
    }

    /** The "same shape?" cell. */
    public String sameShapeCell()
    {
        return atLeastSeed == Effect.FAILED ? Effect.FAILED.cell() : sameShape ? "yes" : "no";
    }
}
