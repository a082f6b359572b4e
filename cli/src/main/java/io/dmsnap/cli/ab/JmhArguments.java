package io.dmsnap.cli.ab;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.ProfilerConfig;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Optional;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * JMH's options of a suite run spelled as the command line of {@code java -jar benchmarks.jar}, so
 * that a jar built from another revision runs exactly what the suite plan resolved. JMH's own
 * parser ({@code CommandLineOptions}) reads the words back to the same options; the tests hold it.
 *
 * <p>What that command line cannot carry is refused rather than changed: a parameter value or an
 * exclude pattern with a comma (JMH splits those lists at commas), a JVM argument with a blank
 * ({@code -jvmArgs} is split at blanks), a regular expression that starts with {@code -}, and the
 * output options ({@code -o}, {@code -rf}, {@code -rff}: every process writes its own result file).
 * Stateless.
 */
final class JmhArguments
{
    private JmhArguments()
    {
    }

    /**
     * The words of one A/B process: {@code options} with one fork and no warm-up fork, writing JMH's
     * JSON to {@code resultFile}.
     *
     * @param paramNames the parameters the run's benchmarks declare (the options can only be asked
     *                   for a parameter by name)
     * @throws IllegalArgumentException for what JMH's command line cannot express (above)
     */
    static List<String> forProcess(final Options options, final Collection<String> paramNames, final Path resultFile)
    {
        final List<String> words = of(options, paramNames);
        words.addAll(List.of("-f", "1", "-wf", "0", "-rf", "json", "-rff", resultFile.toString()));
        return words;
    }

    /**
     * The words for {@code options} as they are, without fork counts and output options.
     *
     * @throws IllegalArgumentException for what JMH's command line cannot express (above)
     */
    static List<String> of(final Options options, final Collection<String> paramNames)
    {
        if (options.getOutput().hasValue() || options.getResult().hasValue() || options.getResultFormat().hasValue())
        {
            throw new IllegalArgumentException("-o, -rf and -rff are chosen by dmsnap ab: each process writes its own "
                + "result file");
        }
        final List<String> words = new ArrayList<>();
        for (final String regex : options.getIncludes())
        {
            if (regex.startsWith("-"))
            {
                throw new IllegalArgumentException("the benchmark regular expression '" + regex + "' starts with '-': "
                    + "java -jar benchmarks.jar would read it as an option; write it as [-]... or (?:-)...");
            }
            words.add(regex);
        }
        list(words, "-e", options.getExcludes(), "an exclude pattern (-e)");
        list(words, "-wmb", options.getWarmupIncludes(), "a warm-up benchmark pattern (-wmb)");
        if (!options.getBenchModes().isEmpty())
        {
            words.add("-bm");
            words.add(options.getBenchModes().stream().map(Mode::shortLabel).sorted().collect(Collectors.joining(",")));
        }
        value(words, "-tu", options.getTimeUnit().hasValue() ? Optional.of(timeUnit(options.getTimeUnit().get()))
            : Optional.none());
        if (options.getThreads().hasValue())
        {
            words.add("-t");
            words.add(options.getThreads().get() == Threads.MAX ? "max" : options.getThreads().get().toString());
        }
        if (options.getThreadGroups().hasValue())
        {
            words.add("-tg");
            final List<String> groups = new ArrayList<>();
            for (final int g : options.getThreadGroups().get())
            {
                groups.add(Integer.toString(g));
            }
            words.add(String.join(",", groups));
        }
        value(words, "-wi", options.getWarmupIterations());
        time(words, "-w", options.getWarmupTime());
        value(words, "-wbs", options.getWarmupBatchSize());
        value(words, "-wm", options.getWarmupMode());
        value(words, "-i", options.getMeasurementIterations());
        time(words, "-r", options.getMeasurementTime());
        value(words, "-bs", options.getMeasurementBatchSize());
        value(words, "-opi", options.getOperationsPerInvocation());
        time(words, "-to", options.getTimeout());
        value(words, "-si", options.shouldSyncIterations());
        value(words, "-gc", options.shouldDoGC());
        value(words, "-foe", options.shouldFailOnError());
        value(words, "-v", options.verbosity());
        value(words, "-jvm", options.getJvm());
        jvmArgs(words, "-jvmArgs", options.getJvmArgs());
        jvmArgs(words, "-jvmArgsPrepend", options.getJvmArgsPrepend());
        jvmArgs(words, "-jvmArgsAppend", options.getJvmArgsAppend());
        for (final ProfilerConfig profiler : options.getProfilers())
        {
            words.add("-prof");
            words.add(profiler.getOpts() == null || profiler.getOpts().isEmpty() ? profiler.getKlass()
                : profiler.getKlass() + ":" + profiler.getOpts());
        }
        for (final String name : new TreeSet<>(paramNames))
        {
            final Optional<Collection<String>> values = options.getParameter(name);
            if (values.hasValue())
            {
                for (final String v : values.get())
                {
                    if (v.contains(","))
                    {
                        throw new IllegalArgumentException("the value '" + v + "' of the parameter " + name + " holds a comma, "
                            + "which java -jar benchmarks.jar -p reads as a separator between values");
                    }
                }
                words.add("-p");
                words.add(name + "=" + String.join(",", values.get()));
            }
        }
        return words;
    }

    /** JMH's spelling of a time unit for {@code -tu}. */
    static String timeUnit(final TimeUnit unit)
    {
        final Map<TimeUnit, String> names = Map.of(TimeUnit.NANOSECONDS, "ns", TimeUnit.MICROSECONDS, "us",
            TimeUnit.MILLISECONDS, "ms", TimeUnit.SECONDS, "s", TimeUnit.MINUTES, "m", TimeUnit.HOURS, "h");
        final String name = names.get(unit);
        if (name == null)
        {
            throw new IllegalArgumentException("the time unit " + unit + " has no -tu spelling; use ns, us, ms, s, m or h");
        }
        return name;
    }

    /** A time as {@code TimeValue.fromString} reads it: the number and the unit without a blank ({@code 100ms}). */
    static String time(final TimeValue time)
    {
        final String unit = switch (time.getTimeUnit())
        {
            case NANOSECONDS -> "ns";
            case MICROSECONDS -> "us";
            case MILLISECONDS -> "ms";
            case SECONDS -> "s";
            case MINUTES -> "min";
            case HOURS -> "hr";
            case DAYS -> "day";
        };
        return time.getTime() + unit;
    }

    private static void time(final List<String> words, final String option, final Optional<TimeValue> time)
    {
        if (time.hasValue())
        {
            words.add(option);
            words.add(time(time.get()));
        }
    }

    private static void value(final List<String> words, final String option, final Optional<?> value)
    {
        if (value.hasValue())
        {
            words.add(option);
            words.add(String.valueOf(value.get()));
        }
    }

    private static void list(final List<String> words, final String option, final List<String> values, final String what)
    {
        for (final String v : values)
        {
            if (v.contains(","))
            {
                throw new IllegalArgumentException(what + " '" + v + "' holds a comma, which java -jar benchmarks.jar "
                    + option + " reads as a separator");
            }
        }
        if (!values.isEmpty())
        {
            words.add(option);
            words.add(String.join(",", values));
        }
    }

    private static void jvmArgs(final List<String> words, final String option, final Optional<Collection<String>> args)
    {
        if (!args.hasValue())
        {
            return;
        }
        for (final String a : args.get())
        {
            if (a.isBlank() || a.matches("(?s).*\\s.*"))
            {
                throw new IllegalArgumentException("the JVM argument '" + a + "' is blank or holds a blank, which "
                    + "java -jar benchmarks.jar " + option + " cannot carry (it splits its value at blanks)");
            }
        }
        if (!args.get().isEmpty())
        {
            words.add(option);
            words.add(String.join(" ", args.get()));
        }
    }
}
