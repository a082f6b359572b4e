package io.dmsnap.bench.fio;

import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns fio job files and fio-style command-line options into {@link FioJob}s.
 *
 * <p>Job files are INI: an optional {@code [global]} section, then one section per job whose name
 * is the job's name; {@code key=value} lines and bare flags ({@code time_based}); comments,
 * includes and substitutions as {@link JobFileExpander} describes them. Each job starts from the global options seen <em>before</em> it (as fio does) and
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
     * the file); the map is not modified. No includes relative to a file, this machine's values.
     */
    public static List<FioJob> parse(final Reader reader, final String source, final Map<String, String> globals)
    {
        return parse(reader, source, null, globals, FioSystem.current(), Set.of());
    }

    /**
     * Jobs of a job file.
     *
     * @param file the file's path, for includes relative to it; null for text of no file
     * @param globals options that apply before the file's own (command-line options); not modified
     * @param system environment variables and fio's keywords
     * @param sections when not empty, only these job sections become jobs (fio's {@code --section});
     *                 [global] sections always apply
     */
    public static List<FioJob> parse(final Reader reader, final String source, final Path file,
                                     final Map<String, String> globals, final FioSystem system,
                                     final Set<String> sections)
    {
        final Map<String, String> global = new LinkedHashMap<>(globals);
        final List<FioJob> jobs = new ArrayList<>();
        String section = null;
        Map<String, String> current = null;
        boolean skipped = false;
        for (final JobFileExpander.Line line : JobFileExpander.expand(reader, source, file))
        {
            final String text = line.text;
            if (text.startsWith("["))
            {
                if (!text.endsWith("]") || text.length() < 3)
                {
                    throw new IllegalArgumentException(line.where() + "bad section header '" + text + "'");
                }
                addJob(jobs, section, current, global);
                section = text.substring(1, text.length() - 1).trim();
                final boolean isGlobal = section.equalsIgnoreCase(GLOBAL);
                skipped = !isGlobal && !sections.isEmpty() && !sections.contains(section);
                current = isGlobal ? null : new LinkedHashMap<>(global);
                if (skipped)
                {
                    section = null;
                    current = null;
                }
                continue;
            }
            if (skipped)
            {
                continue;
            }
            if (section == null)
            {
                throw new IllegalArgumentException(line.where() + "option '" + text
                    + "' outside a section (start with [global] or [jobname])");
            }
            final String option = JobFileExpander.substitute(text, system);
            final int eq = option.indexOf('=');
            final String key = eq < 0 ? option.trim() : option.substring(0, eq).trim();
            final String value = eq < 0 ? "" : option.substring(eq + 1).trim();
            if (key.isEmpty())
            {
                throw new IllegalArgumentException(line.where() + "missing option name in '" + text + "'");
            }
            put(current == null ? global : current, key, value);
        }
        addJob(jobs, section, current, global);
        if (jobs.isEmpty())
        {
            throw new IllegalArgumentException(source + (sections.isEmpty() ? ": no job sections"
                : ": no job section named " + String.join(", ", sections) + " (--section)"));
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
        final String option = JobFileExpander.substitute(arg.substring(2), FioSystem.current());
        final int eq = option.indexOf('=');
        final String key = FioJob.normaliseKey(eq < 0 ? option : option.substring(0, eq));
        return Map.entry(key, eq < 0 ? "" : option.substring(eq + 1).trim());
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
}
