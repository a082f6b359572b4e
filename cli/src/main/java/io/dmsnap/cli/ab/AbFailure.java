package io.dmsnap.cli.ab;

import java.util.List;

/**
 * An A/B run that cannot go on for a reason other than bad input: a build that failed (or git or
 * Maven that could not start), or a benchmark that failed. Carries the exit code, one line saying
 * what happened, and the last lines of the tool's output that say why. {@link AbCommand} prints
 * them and returns the code; bad input stays an {@link IllegalArgumentException} (exit 2).
 */
final class AbFailure extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final List<String> detail;

    AbFailure(final int exitCode, final String message, final List<String> detail)
    {
        super(message);
        this.exitCode = exitCode;
        this.detail = List.copyOf(detail);
    }

    int exitCode()
    {
        return exitCode;
    }

    /** The last lines of the failed tool's output, oldest first; may be empty. */
    List<String> detail()
    {
        return detail;
    }
}
