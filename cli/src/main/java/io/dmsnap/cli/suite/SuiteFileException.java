package io.dmsnap.cli.suite;

/**
 * A suite file that cannot be run: its message is one line, {@code <file>:<line>: <problem>} (or
 * {@code <file>: <problem>} for the file as a whole), so the command line prints it as it is and
 * exits with the usage code.
 */
public final class SuiteFileException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String problem;

    SuiteFileException(final String source, final int line, final String problem)
    {
        super(source + (line > 0 ? ":" + line : "") + ": " + problem);
        this.source = source;
        this.line = line;
        this.problem = problem;
    }

    /** The file (or the name given for the text). */
    public String source()
    {
        return source;
    }

    /** The line at fault, from 1; 0 when the problem is the file as a whole. */
    public int line()
    {
        return line;
    }

    /** The problem, without the place. */
    public String problem()
    {
        return problem;
    }
}
