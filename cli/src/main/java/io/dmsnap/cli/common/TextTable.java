package io.dmsnap.cli.common;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of text cells printed as left-aligned columns: each column is as wide as its widest cell,
 * columns are separated by two spaces, and no line has trailing blanks. The caller decides what a
 * row means (the first is usually a header). Not thread-safe; build it and print it in one thread.
 */
public final class TextTable
{
    private static final String GAP = "  ";

    private final int columns;
    private final List<String[]> rows = new ArrayList<>();

    public TextTable(final int columns)
    {
        if (columns < 1)
        {
            throw new IllegalArgumentException("a table needs at least one column, got " + columns);
        }
        this.columns = columns;
    }

    /** Adds one row; it must have exactly one cell per column. */
    public TextTable row(final List<String> cells)
    {
        if (cells.size() != columns)
        {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, the table has " + columns
                + " columns: " + cells);
        }
        rows.add(cells.toArray(new String[0]));
        return this;
    }

    public void print(final PrintWriter out)
    {
        final int[] widths = new int[columns];
        for (final String[] row : rows)
        {
            for (int c = 0; c < columns; c++)
            {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        final StringBuilder line = new StringBuilder();
        for (final String[] row : rows)
        {
            line.setLength(0);
            for (int c = 0; c < columns; c++)
            {
                if (c > 0)
                {
                    line.append(GAP);
                }
                line.append(row[c]);
                if (c < columns - 1)
                {
                    line.append(" ".repeat(widths[c] - row[c].length()));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
