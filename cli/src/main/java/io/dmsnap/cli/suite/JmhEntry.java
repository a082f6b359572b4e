package io.dmsnap.cli.suite;

import io.dmsnap.cli.matrix.MatrixPlan;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A {@code jmh REGEX [OPTIONS]} line: the benchmarks whose name REGEX finds, with JMH's own
 * command-line options parsed by JMH ({@link CommandLineOptions}), so {@code -f}, {@code -wi},
 * {@code -i}, {@code -w}, {@code -r}, {@code -t}, {@code -p}, {@code -bm}, {@code -tu}, {@code -prof}
 * and the rest mean what they mean to {@code java -jar benchmarks.jar}; settings the line leaves out
 * come from the benchmark's annotations, then JMH's defaults. One JMH run. Immutable.
 *
 * <p>Refused, because the suite decides them: options that list or print help instead of running
 * ({@code -h}, {@code -l}, {@code -lp}, {@code -lprof}, {@code -lrf}), the result file and output
 * ({@code -rf}, {@code -rff}, {@code -o}: the suite writes one file for all entries), and
 * {@code -foe false} (a failed benchmark fails the suite). Exactly one regular expression per line.
 */
public final class JmhEntry implements SuiteEntry
{
    static final String KIND = "jmh";

    private final int line;
    private final List<String> arguments;
    private final CommandLineOptions options;

    private JmhEntry(final int line, final List<String> arguments, final CommandLineOptions options)
    {
        this.line = line;
        this.arguments = List.copyOf(arguments);
        this.options = options;
    }

    /**
     * The entry for the words after {@code jmh}.
     *
     * @throws IllegalArgumentException naming the problem: no or several regular expressions, a bad
     *                                  one, an option JMH does not know or a bad value, a refused option
     */
    static JmhEntry parse(final int line, final List<String> arguments)
    {
        if (arguments.isEmpty())
        {
            throw new IllegalArgumentException("jmh needs a regular expression of benchmark names: jmh REGEX [JMH OPTIONS]");
        }
        final CommandLineOptions options;
        try
        {
            options = new CommandLineOptions(arguments.toArray(new String[0]));
        }
        catch (final CommandLineOptionException | IllegalStateException | IllegalArgumentException e)
        {
            // JMH reports most bad values with its own exception, some (-bm, -tu) with IllegalStateException.
            throw new IllegalArgumentException("JMH option error: " + e.getMessage().replaceAll("\\s*\\R\\s*", "; ")
                + " (java -jar bench/target/benchmarks.jar -h lists JMH's options)");
        }
        refuseListingAndOutput(options);
        final List<String> regexes = options.getIncludes();
        if (regexes.size() != 1)
        {
            throw new IllegalArgumentException("jmh takes exactly one regular expression of benchmark names, found "
                + regexes.size() + (regexes.isEmpty() ? "" : " " + regexes)
                + (regexes.size() > 1 ? ": join them with | or write two lines; an option value may be missing its option" : ""));
        }
        for (final String regex : regexes)
        {
            try
            {
                Pattern.compile(regex);
            }
            catch (final PatternSyntaxException e)
            {
                throw new IllegalArgumentException("'" + regex + "' is not a regular expression: " + e.getDescription());
            }
        }
        return new JmhEntry(line, arguments, options);
    }

    private static void refuseListingAndOutput(final CommandLineOptions options)
    {
        if (options.shouldHelp() || options.shouldList() || options.shouldListWithParams()
            || options.shouldListProfilers() || options.shouldListResultFormats())
        {
            throw new IllegalArgumentException("-h, -l, -lp, -lprof and -lrf list instead of running; a suite line runs "
                + "benchmarks (java -jar bench/target/benchmarks.jar -l lists them)");
        }
        if (options.getResultFormat().hasValue() || options.getResult().hasValue() || options.getOutput().hasValue())
        {
            throw new IllegalArgumentException("-rf, -rff and -o are not suite options: the suite writes one result file "
                + "for all its entries (dmsnap suite --result FILE)");
        }
        if (options.shouldFailOnError().hasValue() && !options.shouldFailOnError().get())
        {
            throw new IllegalArgumentException("-foe false is not a suite option: a failed benchmark fails the suite");
        }
    }

    /** The regular expression of benchmark names. */
    public String regex()
    {
        return options.getIncludes().get(0);
    }

    /** The line's options as JMH parsed them, before the suite's own settings. */
    public Options options()
    {
        return options;
    }

    @Override
    public int line()
    {
        return line;
    }

    @Override
    public String kind()
    {
        return KIND;
    }

    @Override
    public List<String> arguments()
    {
        return arguments;
    }

    @Override
    public List<Options> runs()
    {
        final ChainedOptionsBuilder run = new OptionsBuilder().parent(options).shouldFailOnError(true);
        final List<String> flags = MatrixPlan.jvmFlags(Runtime.version().feature(),
            ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (!flags.isEmpty())
        {
            // A builder's jvmArgsAppend replaces its parent's rather than adding to it.
            final List<String> append = new ArrayList<>(options.getJvmArgsAppend().orElse(List.of()));
            flags.stream().filter(f -> !append.contains(f)).forEach(append::add);
            run.jvmArgsAppend(append.toArray(new String[0]));
        }
        return List.of(run.build());
    }

    @Override
    public String describe()
    {
        return text();
    }
}
