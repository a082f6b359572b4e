package io.dmsnap.cli.compare;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where a command's outputs go: one format on stdout (or {@code --output FILE}) and any number of
 * files in other formats ({@code --json FILE}, {@code --html FILE}, ...). Checked before any work:
 * two outputs may not name one file, and no output may overwrite an input or land in an input
 * directory (where the next run would read it as a result). Files are written whole or not at all.
 */
final class OutputTargets
{
    private final OutputFormat stdoutFormat;
    private final Path output;
    private final Map<Path, OutputFormat> files = new LinkedHashMap<>();
    private final Map<Path, String> optionOf = new LinkedHashMap<>();
    private final List<Path> given = new ArrayList<>();

    /**
     * @param stdoutFormat the {@code --format}
     * @param output       {@code --output}, or null for stdout
     */
    OutputTargets(final OutputFormat stdoutFormat, final Path output)
    {
        this.stdoutFormat = stdoutFormat;
        this.output = output;
        if (output != null)
        {
            add(output, stdoutFormat, "--output");
        }
    }

    /** Adds a file in a format, unless {@code file} is null. */
    OutputTargets file(final Path file, final OutputFormat format, final String option)
    {
        if (file != null)
        {
            add(file, format, option);
        }
        return this;
    }

    /**
     * Refuses outputs that would overwrite an input or go into an input directory.
     *
     * @throws IllegalArgumentException naming the option and the input
     */
    void checkAgainstInputs(final List<Path> inputs)
    {
        for (final Map.Entry<Path, String> e : optionOf.entrySet())
        {
            for (final Path in : inputs)
            {
                final Path input = in.toAbsolutePath().normalize();
                if (e.getKey().equals(input))
                {
                    throw new IllegalArgumentException(e.getValue() + " " + e.getKey() + " is an input: writing it would"
                        + " destroy the results; choose another file");
                }
                if (e.getKey().startsWith(input) && input.toFile().isDirectory())
                {
                    throw new IllegalArgumentException(e.getValue() + " " + e.getKey() + " is inside the input directory "
                        + in + ": the next run would read it as a result; choose a file elsewhere");
                }
            }
        }
    }

    /**
     * Writes every file, then prints the stdout format to {@code out} unless it went to {@code --output}.
     *
     * @throws IllegalArgumentException naming the option and the file when one cannot be written
     */
    void write(final PrintWriter out, final Function<OutputFormat, String> render)
    {
        final Map<OutputFormat, String> rendered = new LinkedHashMap<>();
        for (final Map.Entry<Path, OutputFormat> e : files.entrySet())
        {
            try
            {
                Outputs.writeAtomically(e.getKey(), rendered.computeIfAbsent(e.getValue(), render));
            }
            catch (final IOException x)
            {
                throw new IllegalArgumentException(optionOf.get(e.getKey()) + " " + e.getKey() + ": cannot write: " + x
                    + "; choose another file");
            }
        }
        if (output == null)
        {
            out.print(rendered.computeIfAbsent(stdoutFormat, render));
            out.flush();
        }
    }

    /** The files written, as given on the command line, in order. */
    List<Path> paths()
    {
        return List.copyOf(given);
    }

    private void add(final Path file, final OutputFormat format, final String option)
    {
        final Path key = file.toAbsolutePath().normalize();
        if (optionOf.containsKey(key))
        {
            throw new IllegalArgumentException(option + " and " + optionOf.get(key) + " name the same file " + file
                + ": one would replace the other; choose two files");
        }
        optionOf.put(key, option);
        files.put(key, format);
        given.add(file);
    }
}
