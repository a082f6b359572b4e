package io.dmsnap.cli.ab;

import io.dmsnap.cli.compare.CompareCommand;
import io.dmsnap.cli.result.ResultFileException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The end of an A/B run: {@code dmsnap compare A B} on the two sides' result files, run in this
 * JVM through compare's own command, so its text goes to stdout and its Markdown, HTML, JSON and
 * text reports next to the result files, and its exit code is the run's. The options given to
 * {@code dmsnap ab} for the comparison are passed on as they were written.
 *
 * <p>{@link #check} runs the same command before anything is built or measured, against input files
 * that do not exist yet: compare checks every option (formats, outputs, bands file, bands,
 * directions, statistics settings) before it reads an input, so a bad option stops the A/B run at
 * once instead of after an hour of benchmarks, and only the expected "no such file" of the first
 * input means they are all valid. Immutable.
 */
final class ComparisonStep
{
    /** The files compare writes into the output directory besides stdout. */
    static final List<String> REPORTS = List.of("comparison.txt", "comparison.md", "comparison.json", "comparison.html");

    private final List<String> options;

    /**
     * @param options compare's options as given to {@code dmsnap ab} ({@code --alpha 0.01}, {@code --band X=3%}, ...)
     */
    ComparisonStep(final List<String> options)
    {
        this.options = List.copyOf(options);
    }

    /** compare's arguments for the two files, writing its reports into {@code dir}. */
    List<String> arguments(final Path a, final Path b, final Path dir)
    {
        final List<String> args = new ArrayList<>(List.of(a.toString(), b.toString(),
            "--text", dir.resolve(REPORTS.get(0)).toString(), "--markdown", dir.resolve(REPORTS.get(1)).toString(),
            "--json", dir.resolve(REPORTS.get(2)).toString(), "--html", dir.resolve(REPORTS.get(3)).toString()));
        args.addAll(options);
        return args;
    }

    /**
     * Checks the options as compare will use them (above).
     *
     * @throws IllegalArgumentException compare's message for a bad option
     */
    void check(final Path a, final Path b, final Path dir)
    {
        final PrintWriter discard = new PrintWriter(Writer.nullWriter());
        try
        {
            run(a, b, dir, discard, discard);
        }
        catch (final ResultFileException e)
        {
            if (e.file().equals(a) && e.problem().equals("no such file"))
            {
                return;   // the first input does not exist yet: every option was accepted
            }
            throw e;
        }
        throw new IllegalStateException("compare ran on " + a + ", which must not exist before the A/B run");
    }

    /**
     * Runs compare; returns its exit code.
     *
     * @throws IllegalArgumentException compare's message when the files cannot be compared (exit 2)
     */
    int run(final Path a, final Path b, final Path dir, final PrintWriter out, final PrintWriter err)
    {
        final CommandLine command = new CommandLine(new CompareCommand());
        command.setOut(out).setErr(err);
        try
        {
            command.parseArgs(arguments(a, b, dir).toArray(new String[0]));
        }
        catch (final ParameterException e)
        {
            throw new IllegalArgumentException(e.getMessage().replaceAll("\\s+", " ").trim()
                + " (dmsnap ab --help lists the comparison's options)");
        }
        return command.<CompareCommand>getCommand().call();
    }
}
