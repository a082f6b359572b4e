package io.dmsnap.cli.result;

import java.nio.file.Path;

/**
 * A result file (or directory) that cannot be read as measurements: not JSON, truncated, of an
 * unknown format, not matching its schema, without samples, with a non-finite number, an empty
 * directory, or files that may not be merged. The message names the file and the problem (with
 * the JSON path of the member at fault where there is one), in one line.
 *
 * <p>It is an {@link IllegalArgumentException}, the command line's convention for bad input: the
 * frame prints {@code dmsnap: <message>} and exits with code 2, so a file that cannot be read is
 * never taken for a run without regressions.
 */
public final class ResultFileException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    /**
     * @param file    the file (or directory) at fault
     * @param problem what is wrong with it, without the file name
     */
    public ResultFileException(final Path file, final String problem)
    {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    /** The file (or directory) at fault. */
    public Path file()
    {
        return file;
    }

    /** What is wrong, without the file name. */
    public String problem()
    {
        return problem;
    }
}
