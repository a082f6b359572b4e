package io.dmsnap.bench.fio;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The text-level part of fio's job-file language, before lines become options: comments,
 * {@code include} directives, and the substitutions fio makes in every option.
 *
 * <p>Comments as fio strips them: a line whose first non-blank character is {@code ;} or
 * {@code #} is skipped; in any other line, everything from the first {@code ;} and from the
 * first {@code #} is cut, blank or not ({@code bs=4k;x} is {@code bs=4k}), then trailing blanks.
 *
 * <p>{@code include FILE} inside a section splices FILE's lines in its place (nested includes
 * too); an included file may not open sections. FILE is taken as given when it exists, else
 * relative to the including file's folder (fio's order).
 *
 * <p>Substitutions ({@link #substitute}), in fio's order: {@code ${VAR}} becomes the environment
 * variable's value (the empty string when unset); then {@code $pagesize}, {@code $mb_memory} and
 * {@code $ncpus} become this system's values; when a keyword was replaced and the value holds
 * {@code + - * /}, the value is computed as {@code bc} would ({@link FioArithmetic#bc}).
 */
public final class JobFileExpander
{
    /** Deeper include chains are taken for a loop. */
    static final int MAX_INCLUDE_DEPTH = 16;

    /** One line of a job file after comments are stripped, with where it came from. */
    public static final class Line
    {
        public final String source;
        public final int number;
        public final String text;

        Line(final String source, final int number, final String text)
        {
            this.source = source;
            this.number = number;
            this.text = text;
        }

        /** "file:line: " for error messages. */
        public String where()
        {
            return source + ":" + number + ": ";
        }
    }

    private JobFileExpander()
    {
    }

    /**
     * The non-empty lines of a job file with includes spliced in.
     *
     * @param file the job file's path (for relative includes), or null for text of no file
     */
    public static List<Line> expand(final Reader reader, final String source, final Path file)
    {
        final List<Line> out = new ArrayList<>();
        expand(reader, source, file, 0, out);
        return out;
    }

    /** {@link #expand(Reader, String, Path)} of a string. */
    public static List<Line> expand(final String text, final String source, final Path file)
    {
        return expand(new StringReader(text), source, file);
    }

    private static void expand(final Reader reader, final String source, final Path file, final int depth,
                               final List<Line> out)
    {
        boolean inSection = depth > 0;
        int number = 0;
        try (BufferedReader in = new BufferedReader(reader))
        {
            String raw;
            while ((raw = in.readLine()) != null)
            {
                number++;
                final String text = stripComment(raw);
                if (text.isEmpty())
                {
                    continue;
                }
                if (text.startsWith("["))
                {
                    if (depth > 0)
                    {
                        throw new IllegalArgumentException(source + ":" + number + ": an included file may not "
                            + "open a section ('" + text + "'); fio allows only options in included files");
                    }
                    inSection = true;
                    out.add(new Line(source, number, text));
                    continue;
                }
                if (isInclude(text))
                {
                    if (!inSection)
                    {
                        throw new IllegalArgumentException(source + ":" + number + ": '" + text
                            + "' outside a section; include goes inside [global] or a job section");
                    }
                    include(text.substring("include".length()).trim(), source, number, file, depth, out);
                    continue;
                }
                out.add(new Line(source, number, text));
            }
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot read " + source, e);
        }
    }

    private static boolean isInclude(final String text)
    {
        return text.startsWith("include") && text.length() > "include".length()
            && Character.isWhitespace(text.charAt("include".length()));
    }

    private static void include(final String name, final String source, final int number, final Path file,
                                final int depth, final List<Line> out)
    {
        if (depth + 1 >= MAX_INCLUDE_DEPTH)
        {
            throw new IllegalArgumentException(source + ":" + number + ": include nested more than "
                + MAX_INCLUDE_DEPTH + " deep (does a file include itself?)");
        }
        Path target = Path.of(name);
        if (!Files.exists(target) && file != null && file.getParent() != null)
        {
            target = file.getParent().resolve(name);
        }
        if (!Files.isRegularFile(target))
        {
            throw new IllegalArgumentException(source + ":" + number + ": cannot include " + name
                + ": no such file (looked in the current folder"
                + (file != null && file.getParent() != null ? " and in " + file.getParent() : "") + ")");
        }
        try (Reader in = Files.newBufferedReader(target, StandardCharsets.UTF_8))
        {
            expand(in, target.toString(), target, depth + 1, out);
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException(source + ":" + number + ": cannot include " + target + ": " + e.getMessage());
        }
    }

    /** The line as fio keeps it: "" for a comment line, else cut at the first ';' and '#', trimmed. */
    static String stripComment(final String line)
    {
        String t = line.strip();
        if (t.startsWith("#") || t.startsWith(";"))
        {
            return "";
        }
        final int semicolon = t.indexOf(';');
        if (semicolon >= 0)
        {
            t = t.substring(0, semicolon);
        }
        final int hash = t.indexOf('#');
        if (hash >= 0)
        {
            t = t.substring(0, hash);
        }
        return t.strip();
    }

    /**
     * One option ({@code key=value}, or a bare flag) after fio's substitutions: {@code ${VAR}},
     * then the reserved keywords, then bc arithmetic when a keyword was replaced.
     */
    public static String substitute(final String option, final FioSystem system)
    {
        final StringBuilder out = new StringBuilder(option.length());
        int i = 0;
        while (i < option.length())
        {
            if (option.startsWith("${", i))
            {
                final int close = option.indexOf('}', i + 2);
                if (close > i + 2)
                {
                    final String value = system.variable(option.substring(i + 2, close));
                    if (value != null)
                    {
                        out.append(value);
                    }
                    i = close + 1;
                    continue;
                }
            }
            out.append(option.charAt(i++));
        }
        String s = out.toString();
        boolean replaced = false;
        final String[][] keywords = {
            {"$pagesize", Long.toString(system.pagesize())},
            {"$mb_memory", Long.toString(system.mbMemory())},
            {"$ncpus", Long.toString(system.ncpus())}};
        for (final String[] kw : keywords)
        {
            if (s.contains(kw[0]))
            {
                s = s.replace(kw[0], kw[1]);
                replaced = true;
            }
        }
        final int eq = s.indexOf('=');
        if (replaced && eq >= 0 && s.indexOf('\'') < 0 && s.substring(eq + 1).matches(".*[-+*/].*"))
        {
            final String key = s.substring(0, eq).trim();
            s = s.substring(0, eq + 1) + FioArithmetic.bc(key, s.substring(eq + 1));
        }
        return s;
    }
}
