package io.dmsnap.engine.dm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses table text as {@code dmsetup load} reads it: one target per line,
 * {@code <start> <length> <target> [<args>...]}, fields separated by white space, blank lines
 * and lines starting with {@code #} ignored. The targets must cover the device from sector 0
 * without gaps or overlaps. Only the syntax is checked here; target names and arguments are
 * checked when the targets are built.
 */
final class TableParser
{
    private TableParser()
    {
    }

    static List<TableLine> parse(final String table) throws DmException
    {
        if (table == null)
        {
            throw new DmException("no targets specified");
        }
        final List<TableLine> lines = new ArrayList<>();
        final String[] texts = table.split("\r?\n|\r", -1);
        long next = 0;
        for (int i = 0; i < texts.length; i++)
        {
            final String text = texts[i].strip();
            if (text.isEmpty() || text.startsWith("#"))
            {
                continue;
            }
            final int lineNumber = i + 1;
            final String[] fields = text.split("\\s+");
            if (fields.length < 3)
            {
                throw new DmException("line " + lineNumber + ": expected '<start> <length> <target> [<args>...]', got '"
                    + text + "'");
            }
            final long start = parseSectors(fields[0], lineNumber, "start sector");
            final long length = parseSectors(fields[1], lineNumber, "length");
            if (length == 0)
            {
                throw new DmException("line " + lineNumber + ": " + fields[2] + ": zero-length target");
            }
            if (start != next)
            {
                throw new DmException("line " + lineNumber + ": " + fields[2] + ": Gap in table: target starts at "
                    + start + ", expected " + next);
            }
            if (Long.MAX_VALUE - start < length)
            {
                throw new DmException("line " + lineNumber + ": device too large");
            }
            next = start + length;
            lines.add(new TableLine(lineNumber, start, length, fields[2],
                Arrays.copyOfRange(fields, 3, fields.length)));
        }
        if (lines.isEmpty())
        {
            throw new DmException("no targets specified");
        }
        return lines;
    }

    private static long parseSectors(final String field, final int lineNumber, final String what)
        throws DmException
    {
        try
        {
            final long v = Long.parseLong(field);
            if (v >= 0)
            {
                return v;
            }
        }
        catch (final NumberFormatException e)
        {
            // reported below with the line
        }
        throw new DmException("line " + lineNumber + ": invalid " + what + " '" + field + "'");
    }
}
