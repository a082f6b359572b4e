package io.dmsnap.bench.fio;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns fio job files and fio-style command-line options into {@link FioJob}s.
 *
 * <p>Job files are INI: an optional {@code [global]} section, then one section per job whose name
 * is the job's name; {@code key=value} lines and bare flags ({@code time_based}); comments start
 * with {@code #} or {@code ;} (whole lines, or after a blank inside a line); blank lines are
 * skipped. Each job starts from the global options seen <em>before</em> it (as fio does) and
 * its own keys override them. A {@code [global]} section after a job applies to later jobs only.
 *
 * <p>Command-line options ({@code --rw=randwrite --bs=4k}) follow fio's rules: options before the
 * first {@code --name} are global; each {@code --name=x} starts a new job. The same settings
 * therefore give the same jobs in either form.
 */
public final class JobFileParser
{
    private static final String GLOBAL = "global";

    private JobFileParser()
    {
    }

    /** Jobs of a job file's text; {@code source} names the file in error messages. */
    public static List<FioJob> parse(final String text, final String source)
    {
        return parse(new StringReader(text), source, new LinkedHashMap<>());
    }

    /**
     * Jobs of a job file, starting from {@code globals} (e.g. command-line options given before
     * the file); the map is not modified.
     */
    public static List<FioJob> parse(final Reader reader, final String source, final Map<String, String> globals)
    {
        final Map<String, String> global = new LinkedHashMap<>(globals);
        final List<FioJob> jobs = new ArrayList<>();
        String section = null;
        Map<String, String> current = null;
        int lineNo = 0;
        try (BufferedReader in = new BufferedReader(reader))
        {
            String line;
            while ((line = in.readLine()) != null)
            {
                lineNo++;
                final String text = stripComment(line).trim();
                if (text.isEmpty())
                {
                    continue;
                }
                if (text.startsWith("["))
                {
                    if (!text.endsWith("]") || text.length() < 3)
                    {
                        throw new IllegalArgumentException(source + ":" + lineNo + ": bad section header '" + text + "'");
                    }
                    addJob(jobs, section, current, global);
                    section = text.substring(1, text.length() - 1).trim();
                    current = section.equalsIgnoreCase(GLOBAL) ? null : new LinkedHashMap<>(global);
                    continue;
                }
                if (section == null)
                {
                    throw new IllegalArgumentException(source + ":" + lineNo + ": option '" + text
                        + "' outside a section (start with [global] or [jobname])");
                }
                final int eq = text.indexOf('=');
                final String key = eq < 0 ? text : text.substring(0, eq).trim();
                final String value = eq < 0 ? "" : text.substring(eq + 1).trim();
                if (key.isEmpty())
                {
                    throw new IllegalArgumentException(source + ":" + lineNo + ": missing option name in '" + text + "'");
                }
                put(current == null ? global : current, key, value);
            }
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        addJob(jobs, section, current, global);
        if (jobs.isEmpty())
        {
            throw new IllegalArgumentException(source + ": no job sections");
        }
        return jobs;
    }

    /**
     * Jobs of fio-style arguments ({@code --key=value} or a bare {@code --flag}). Returns an empty
     * list when no {@code --name} was given; then {@link #globalOptions} holds the options, for
     * job files given alongside or for a job named by the caller.
     */
    public static List<FioJob> parseArgs(final List<String> args)
    {
        final List<FioJob> jobs = new ArrayList<>();
        final Map<String, String> global = new LinkedHashMap<>();
        String name = null;
        Map<String, String> current = null;
        for (final String arg : args)
        {
            final Map.Entry<String, String> kv = option(arg);
            if (kv.getKey().equals("name"))
            {
                addJob(jobs, name, current, global);
                name = kv.getValue();
                current = new LinkedHashMap<>(global);
                continue;
            }
            put(current == null ? global : current, kv.getKey(), kv.getValue());
        }
        addJob(jobs, name, current, global);
        return jobs;
    }

    /** The options of fio-style arguments that come before the first {@code --name}. */
    public static Map<String, String> globalOptions(final List<String> args)
    {
        final Map<String, String> global = new LinkedHashMap<>();
        for (final String arg : args)
        {
            final Map.Entry<String, String> kv = option(arg);
            if (kv.getKey().equals("name"))
            {
                break;
            }
            put(global, kv.getKey(), kv.getValue());
        }
        return global;
    }

    private static Map.Entry<String, String> option(final String arg)
    {
        if (!arg.startsWith("--") || arg.length() < 3)
        {
            throw new IllegalArgumentException("expected a fio option --key=value or --flag, got '" + arg + "'");
        }
        final int eq = arg.indexOf('=');
        final String key = FioJob.normaliseKey(eq < 0 ? arg.substring(2) : arg.substring(2, eq));
        return Map.entry(key, eq < 0 ? "" : arg.substring(eq + 1).trim());
    }

    private static void put(final Map<String, String> options, final String key, final String value)
    {
        final String k = FioJob.normaliseKey(key);
        options.remove(k);
        options.put(k, value);
    }

    /** Adds a job; {@code global}: the global options in effect for it (reports show them as fio's "global options"). */
    private static void addJob(final List<FioJob> jobs, final String name, final Map<String, String> options,
                               final Map<String, String> global)
    {
        if (name != null && options != null)
        {
            // A name= line inside a section renames the job, as in fio.
            final String named = options.get("name");
            jobs.add(FioJob.of(named == null || named.isBlank() ? name : named, options).withGlobalOptions(global));
        }
    }

    /** The line without a comment: one starting the line, or a ';' or '#' after a blank. */
    private static String stripComment(final String line)
    {
        final String t = line.stripLeading();
        if (t.startsWith("#") || t.startsWith(";"))
        {
            return "";
        }
        for (int i = 1; i < line.length(); i++)
        {
            final char c = line.charAt(i);
            if ((c == '#' || c == ';') && Character.isWhitespace(line.charAt(i - 1)))
            {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
