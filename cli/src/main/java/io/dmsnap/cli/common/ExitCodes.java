package io.dmsnap.cli.common;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes of the {@code dmsnap} command and of {@code scripts/dmsnap}. Scripts and nightly
 * jobs branch on them, so they never change meaning, and each failure has its own: a CI job can
 * tell a regression from a broken build, bad input or a bug. {@link #MEANINGS} is the one list that
 * {@code --help} shows; the README and the script header repeat it, and a test holds them equal.
 */
public final class ExitCodes
{
    /** The command did what it was asked, and every check it ran held (compare: no regression). */
    public static final int OK = 0;
    /**
     * The command ran and a check failed: a regression was found, an inspected image violates an
     * invariant, a fio job hit an I/O error or a verify mismatch, a stress oracle was violated.
     */
    public static final int FAILED = 1;
    /**
     * Bad arguments or unusable input: an unknown option, preset, switch or value, a file that is
     * not a COW, an unreadable or incomparable result file.
     */
    public static final int USAGE = 2;
    /** A comparison could not decide (rows INCONCLUSIVE, with {@code --fail-on-inconclusive}). */
    public static final int INCONCLUSIVE = 3;
    /**
     * {@code scripts/dmsnap} could not build or start the command (EX_UNAVAILABLE): the Maven build
     * failed, or java or mvn is missing. Of the commands only {@code dmsnap ab} returns it, when the
     * build of a revision fails or git or Maven cannot run.
     */
    public static final int BUILD_FAILED = 69;
    /** A bug or an environment failure (EX_SOFTWARE): the message names the exception, --debug shows its trace. */
    public static final int INTERNAL_ERROR = 70;

    /** Code (as text) to meaning, in order: the list every help text shows. */
    public static final Map<String, String> MEANINGS = meanings();

    private static Map<String, String> meanings()
    {
        final Map<String, String> m = new LinkedHashMap<>();
        m.put(Integer.toString(OK), "success (compare: no regression)");
        m.put(Integer.toString(FAILED),
            "a check failed: regression found, inspect --verify violation, fio job error, stress oracle violated");
        m.put(Integer.toString(USAGE), "usage error or bad input: unknown option or value, a file that cannot be read or written, incomparable results");
        m.put(Integer.toString(INCONCLUSIVE), "inconclusive comparison (with --fail-on-inconclusive)");
        m.put(Integer.toString(BUILD_FAILED), "a build failed: scripts/dmsnap could not build or start the command,"
            + " or dmsnap ab could not build a revision (no java, mvn or git)");
        m.put(Integer.toString(INTERNAL_ERROR), "internal error (--debug or DMSNAP_DEBUG=1 shows the stack trace)");
        return Collections.unmodifiableMap(m);
    }

    private ExitCodes()
    {
    }
}
