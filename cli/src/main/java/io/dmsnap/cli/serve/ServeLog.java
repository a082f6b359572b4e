package io.dmsnap.cli.serve;

import java.io.PrintWriter;

/**
 * The server's messages: one line each, prefixed with {@code dmsnap serve:}, to the command's error
 * stream. Connection threads, the control socket and the shutdown hook all log, so every line is
 * written and flushed under the writer's lock.
 */
final class ServeLog
{
    private final PrintWriter err;
    private final boolean verbose;

    ServeLog(final PrintWriter err, final boolean verbose)
    {
        this.err = err;
        this.verbose = verbose;
    }

    void warn(final String message)
    {
        line("dmsnap serve: " + message);
    }

    /** Connection-level events (connect, handshake outcome, disconnect), with {@code --verbose} only. */
    void info(final String message)
    {
        if (verbose)
        {
            line("dmsnap serve: " + message);
        }
    }

    private void line(final String text)
    {
        synchronized (err)
        {
            err.println(text);
            err.flush();
        }
    }
}
