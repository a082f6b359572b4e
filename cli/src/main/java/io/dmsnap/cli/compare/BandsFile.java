package io.dmsnap.cli.compare;

import io.dmsnap.cli.common.IoReason;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bands file: the text people edit by hand (results/bands.txt), one entry per line,
 * <pre>
 * # a comment: an unescaped # starts one, anywhere on a line
 * GLOB = BAND [higher|lower|skip]
 * </pre>
 * The glob is everything before the line's last {@code =} (row ids contain {@code =} in their
 * parameters, a value never does), blanks around it trimmed; see {@link Glob} for its syntax and
 * {@link RowSubjects} for what it is matched against. Entries apply in file order: the first
 * entry that matches a row and sets a band decides the band; the first that matches and names a
 * direction or skip decides that. An entry that can never decide anything (it follows the
 * catch-all {@code *} or the same glob setting the same thing) is an error, so an edit that
 * would silently do nothing does not go unnoticed.
 *
 * <p>The file keeps every line as written, so {@link #update} (what {@code dmsnap calibrate}
 * writes) changes only the values of the entries it sets and adds its new entries in one block
 * before the first entry; comments, blank lines and other entries stay. Not thread-safe.
 */
final class BandsFile
{
    private static final String NEW_FILE_HEADER = String.join("\n",
        "# dmsnap bands: the smallest change that counts for a row, in percent (docs/regression.md).",
        "# GLOB = BAND [higher|lower|skip]. The first entry that matches a row and sets a band decides its",
        "# band; the first that names higher, lower or skip decides its direction where the results do not",
        "# say. Rows no entry matches get a band of 5%.",
        "");

    /** One line as written, and the entry on it if any. */
    private static final class Line
    {
        private String text;
        private BandRule rule;
        private int valueStart;
        private int valueEnd;

        Line(final String text)
        {
            this.text = text;
        }
    }

    private final String name;
    private final List<Line> lines;

    private BandsFile(final String name, final List<Line> lines)
    {
        this.name = name;
        this.lines = lines;
    }

    /**
     * Reads a bands file.
     *
     * @throws IllegalArgumentException when it cannot be read or a line is not an entry
     */
    static BandsFile read(final Path file)
    {
        final String text;
        try
        {
            text = Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final NoSuchFileException e)
        {
            throw new IllegalArgumentException("bands file " + file + ": no such file");
        }
        catch (final MalformedInputException e)
        {
            throw new IllegalArgumentException("bands file " + file + ": not UTF-8 text");
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException("bands file " + file + ": cannot read: " + IoReason.of(e));
        }
        return parse(text, file.toString());
    }

    /** A file with no entries yet, to be filled by {@link #update}; it starts with a header explaining the format. */
    static BandsFile create(final String name)
    {
        return parse(NEW_FILE_HEADER, name);
    }

    /**
     * Parses the text of a bands file.
     *
     * @param name how messages name the file ({@code results/bands.txt})
     * @throws IllegalArgumentException naming the file and line when a line is not an entry, an
     *     entry's value is not a band or word, or an entry can never apply
     */
    static BandsFile parse(final String text, final String name)
    {
        final List<Line> lines = new ArrayList<>();
        final String[] raw = text.split("\r?\n", -1);
        final int count = raw.length > 0 && raw[raw.length - 1].isEmpty() ? raw.length - 1 : raw.length;
        for (int i = 0; i < count; i++)
        {
            final Line line = new Line(raw[i]);
            parseEntry(line, name + ":" + (i + 1));
            lines.add(line);
        }
        final BandsFile file = new BandsFile(name, lines);
        checkReachable(file.rules());
        return file;
    }

    /** The file's name as messages give it. */
    String name()
    {
        return name;
    }

    /** The entries in file order. */
    List<BandRule> rules()
    {
        final List<BandRule> rules = new ArrayList<>();
        for (final Line l : lines)
        {
            if (l.rule != null)
            {
                rules.add(l.rule);
            }
        }
        return rules;
    }

    /**
     * Sets bands: an entry with the same glob gets the new band (its direction word and comment
     * stay); the other globs become new entries, in one block headed by {@code heading} (a comment
     * line) before the first entry of the file, so they decide before the file's broader globs.
     *
     * @param bands   glob text (as {@link Glob#text()}) to band in percent, in the order to write them
     * @param heading the comment above the new entries, without the {@code #}
     * @return what happened to each glob, in the order given
     */
    List<BandChange> update(final Map<String, Double> bands, final String heading)
    {
        final Map<String, Line> existing = new LinkedHashMap<>();
        for (final Line l : lines)
        {
            if (l.rule != null)
            {
                existing.putIfAbsent(l.rule.glob().text(), l);
            }
        }
        final List<BandChange> changes = new ArrayList<>();
        final List<Line> added = new ArrayList<>();
        for (final Map.Entry<String, Double> e : bands.entrySet())
        {
            final String glob = e.getKey();
            final double band = e.getValue();
            final Line line = existing.get(glob);
            if (line == null)
            {
                final BandRule rule = new BandRule(Glob.of(glob), band, null, name);
                added.add(new Line(glob + " = " + rule.valueText()));
                changes.add(new BandChange(glob, null, band, BandChange.Kind.ADDED));
                continue;
            }
            final BandRule old = line.rule;
            final BandRule updated = new BandRule(old.glob(), band, old.action(), old.origin());
            if (old.bandPercent() != null && old.valueText().equals(updated.valueText()))
            {
                changes.add(new BandChange(glob, old.bandPercent(), band, BandChange.Kind.UNCHANGED));
                continue;
            }
            line.text = line.text.substring(0, line.valueStart) + updated.valueText() + line.text.substring(line.valueEnd);
            line.valueEnd = line.valueStart + updated.valueText().length();
            line.rule = updated;
            changes.add(new BandChange(glob, old.bandPercent(), band, BandChange.Kind.CHANGED));
        }
        if (!added.isEmpty())
        {
            int at = lines.size();
            for (int i = 0; i < lines.size(); i++)
            {
                if (lines.get(i).rule != null)
                {
                    at = i;
                    break;
                }
            }
            final List<Line> block = new ArrayList<>();
            if (at > 0 && !lines.get(at - 1).text.isBlank())
            {
                block.add(new Line(""));
            }
            block.add(new Line("# " + heading));
            block.addAll(added);
            if (at < lines.size())
            {
                block.add(new Line(""));
            }
            lines.addAll(at, block);
        }
        // Renumber origins and check the result as a reader of the file would.
        final BandsFile reparsed = parse(render(), name);
        lines.clear();
        lines.addAll(reparsed.lines);
        return changes;
    }

    /** The whole text, each line ending with a newline. */
    String render()
    {
        final StringBuilder s = new StringBuilder();
        for (final Line l : lines)
        {
            s.append(l.text).append('\n');
        }
        return s.toString();
    }

    /** Writes the file atomically, creating its folder. */
    void write(final Path file) throws IOException
    {
        Outputs.writeAtomically(file, render());
    }

    private static void parseEntry(final Line line, final String origin)
    {
        final String text = line.text;
        final int commentStart = commentStart(text);
        final String content = text.substring(0, commentStart);
        if (content.isBlank())
        {
            return;
        }
        final int eq = lastUnescaped(content, '=');
        if (eq < 0)
        {
            throw new IllegalArgumentException(origin + ": '" + content.strip() + "' is not an entry: write GLOB = BAND"
                + " [higher|lower|skip], e.g. fio_*_throughput = 5%");
        }
        final String globText = stripGlob(content.substring(0, eq));
        if (globText.isEmpty())
        {
            throw new IllegalArgumentException(origin + ": an entry without a glob: write GLOB = BAND, e.g. * = 5%");
        }
        final Glob glob;
        try
        {
            glob = Glob.of(globText);
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
        }
        line.rule = BandRule.parse(glob, content.substring(eq + 1), origin);
        int start = eq + 1;
        while (start < content.length() && Character.isWhitespace(content.charAt(start)))
        {
            start++;
        }
        int end = content.length();
        while (end > start && Character.isWhitespace(content.charAt(end - 1)))
        {
            end--;
        }
        line.valueStart = start;
        line.valueEnd = end;
    }

    /** The text without blanks around it, except a blank a backslash escapes ({@code a\ } keeps its blank). */
    private static String stripGlob(final String text)
    {
        final String leading = text.stripLeading();
        int end = leading.length();
        while (end > 0 && Character.isWhitespace(leading.charAt(end - 1)))
        {
            end--;
        }
        int backslashes = 0;
        while (end - backslashes > 0 && leading.charAt(end - backslashes - 1) == '\\')
        {
            backslashes++;
        }
        return backslashes % 2 == 1 && end < leading.length() ? leading.substring(0, end + 1) : leading.substring(0, end);
    }

    /** Where the comment of a line starts (its first unescaped {@code #}), or the line's length. */
    private static int commentStart(final String text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '\\')
            {
                i++;
            }
            else if (c == '#')
            {
                return i;
            }
        }
        return text.length();
    }

    private static int lastUnescaped(final String text, final char wanted)
    {
        int found = -1;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '\\')
            {
                i++;
            }
            else if (c == wanted)
            {
                found = i;
            }
        }
        return found;
    }

    /**
     * Refuses a rule that can never decide what it sets: an earlier rule with the catch-all
     * {@code *} or the same glob sets the same thing for every row it matches.
     */
    static void checkReachable(final List<BandRule> rules)
    {
        for (int i = 0; i < rules.size(); i++)
        {
            final BandRule later = rules.get(i);
            for (int j = 0; j < i; j++)
            {
                final BandRule earlier = rules.get(j);
                if (!earlier.glob().isCatchAll() && !earlier.glob().equals(later.glob()))
                {
                    continue;
                }
                final boolean band = later.bandPercent() != null && earlier.bandPercent() != null;
                final boolean action = later.action() != null && earlier.action() != null;
                if (band || action)
                {
                    throw new IllegalArgumentException(later.origin() + ": '" + later.glob() + "' never sets "
                        + (band ? "a band" : "a direction") + ": '" + earlier.glob() + "' at " + earlier.origin()
                        + " matches every row it matches and comes first; move it above or remove it");
                }
            }
        }
    }
}
