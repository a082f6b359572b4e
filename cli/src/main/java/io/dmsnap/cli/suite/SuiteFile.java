package io.dmsnap.cli.suite;

import io.dmsnap.cli.common.IoReason;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark suite: what {@code dmsnap suite} and the nightly job run, from a text file users edit
 * ({@code results/suite.txt}). Line-oriented:
 * <pre>
 * # comment; blank lines are ignored, a # at the start of a word starts a comment
 * matrix [dmsnap matrix options]        the dmtest fio matrix, e.g. matrix --quick --workers 1,2
 * jmh REGEX [JMH options]               JMH benchmarks, e.g. jmh ThrottleBench -f 1 -wi 2 -i 3 -p mode=FAST
 * </pre>
 * Words are split at blanks; quotes group ({@code -jvmArgs "-Xmx1g -Xms1g"}). Entries run in file
 * order. Every problem is reported as {@code <file>:<line>: <problem>} ({@link SuiteFileException})
 * before anything runs. Immutable.
 */
public final class SuiteFile
{
    private final String source;
    private final List<SuiteEntry> entries;

    private SuiteFile(final String source, final List<SuiteEntry> entries)
    {
        this.source = source;
        this.entries = List.copyOf(entries);
    }

    /**
     * Reads and parses a suite file.
     *
     * @throws SuiteFileException for a missing or unreadable file, or a line that is not an entry
     */
    public static SuiteFile read(final Path file)
    {
        if (Files.isDirectory(file))
        {
            throw new SuiteFileException(file.toString(), 0, "is a directory; a suite is a file such as results/suite.txt");
        }
        final String text;
        try
        {
            text = Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final NoSuchFileException e)
        {
            throw new SuiteFileException(file.toString(), 0, "no such file");
        }
        catch (final CharacterCodingException e)
        {
            throw new SuiteFileException(file.toString(), 0, "not UTF-8 text");
        }
        catch (final IOException e)
        {
            throw new SuiteFileException(file.toString(), 0, "cannot be read: " + IoReason.of(e));
        }
        return parse(file.toString(), text);
    }

    /**
     * Parses the text of a suite file.
     *
     * @param source the file's name, for messages
     * @throws SuiteFileException naming the line and the problem, or a suite without any entry
     */
    public static SuiteFile parse(final String source, final String text)
    {
        final List<SuiteEntry> entries = new ArrayList<>();
        final String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++)
        {
            final int number = i + 1;
            try
            {
                final List<String> words = LineWords.split(lines[i]);
                if (!words.isEmpty())
                {
                    entries.add(entry(number, words));
                }
            }
            catch (final IllegalArgumentException e)
            {
                throw new SuiteFileException(source, number, String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", "; "));
            }
        }
        if (entries.isEmpty())
        {
            throw new SuiteFileException(source, 0, "no entry: a suite needs at least one line 'matrix [OPTIONS]' "
                + "or 'jmh REGEX [OPTIONS]'");
        }
        return new SuiteFile(source, entries);
    }

    private static SuiteEntry entry(final int line, final List<String> words)
    {
        final String kind = words.get(0);
        final List<String> arguments = words.subList(1, words.size());
        switch (kind)
        {
            case MatrixEntry.KIND:
                return MatrixEntry.parse(line, arguments);
            case JmhEntry.KIND:
                return JmhEntry.parse(line, arguments);
            default:
                throw new IllegalArgumentException("unknown entry '" + kind + "': a line is 'matrix [OPTIONS]' or "
                    + "'jmh REGEX [OPTIONS]' (or a # comment)");
        }
    }

    /** Where the suite came from: the file's path or the name given to {@link #parse}. */
    public String source()
    {
        return source;
    }

    /** The entries in file order, at least one. */
    public List<SuiteEntry> entries()
    {
        return entries;
    }
}
