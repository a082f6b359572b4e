package io.dmsnap.cli.ab;

import io.dmsnap.cli.result.ResultPaths;
import io.dmsnap.cli.suite.SuiteFile;
import io.dmsnap.cli.suite.SuiteFileException;
import io.dmsnap.cli.suite.SuitePlan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an A/B run measures: a suite file ({@code --suite FILE}, by default {@code results/suite.txt}
 * of the checkout dmsnap runs from), or entries given on the command line, each the words of one
 * suite line: {@code --benchmarks 'REGEX [JMH OPTIONS]'} a {@code jmh} line (repeatable),
 * {@code --matrix '[MATRIX OPTIONS]'} a {@code matrix} line (it runs first). Resolved against the
 * benchmarks of the build running dmsnap; both revisions run the same suite. Stateless.
 */
final class SuiteSource
{
    /** The name inline entries go by in messages. */
    static final String COMMAND_LINE = "the command line";

    private SuiteSource()
    {
    }

    /**
     * The resolved suite.
     *
     * @param file       {@code --suite}, or null
     * @param benchmarks {@code --benchmarks} values
     * @param matrix     {@code --matrix}, or empty
     * @throws IllegalArgumentException naming the option or the file's line at fault
     */
    static SuitePlan plan(final Path file, final List<String> benchmarks, final Optional<String> matrix)
    {
        if (file != null && (!benchmarks.isEmpty() || matrix.isPresent()))
        {
            throw new IllegalArgumentException("--suite takes the entries from a file; --benchmarks and --matrix give "
                + "them on the command line: use one or the other");
        }
        if (!benchmarks.isEmpty() || matrix.isPresent())
        {
            return inline(benchmarks, matrix);
        }
        final Path suite = file != null ? file : defaultFile();
        if (file == null && !Files.isRegularFile(suite))
        {
            throw new IllegalArgumentException("no suite: " + suite + " does not exist; give --suite FILE, or the "
                + "benchmarks with --benchmarks 'REGEX [JMH OPTIONS]' (e.g. --benchmarks 'micro.ThrottleBench -wi 2 -i 3')");
        }
        return SuitePlan.of(SuiteFile.read(suite));
    }

    /** {@code results/suite.txt} of the checkout, relative to the working directory when inside it. */
    static Path defaultFile()
    {
        final Path cwd = Path.of("").toAbsolutePath();
        final Path file = ResultPaths.defaultResultsDir(cwd).resolve("suite.txt");
        return file.startsWith(cwd) ? cwd.relativize(file) : file;
    }

    /** Each entry checked on its own (so a message names its option), then all together (a point measured twice). */
    private static SuitePlan inline(final List<String> benchmarks, final Optional<String> matrix)
    {
        final List<String> lines = new ArrayList<>();
        if (matrix.isPresent())
        {
            lines.add(check("--matrix", "matrix", matrix.get()));
        }
        for (final String b : benchmarks)
        {
            lines.add(check("--benchmarks", "jmh", b));
        }
        return SuitePlan.of(SuiteFile.parse(COMMAND_LINE, String.join("\n", lines)));
    }

    private static String check(final String option, final String kind, final String words)
    {
        final String line = kind + " " + words;
        try
        {
            SuitePlan.of(SuiteFile.parse(option, line));
        }
        catch (final SuiteFileException e)
        {
            throw new IllegalArgumentException(option + " '" + words + "': " + e.problem());
        }
        return line;
    }
}
