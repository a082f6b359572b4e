package io.dmsnap.cli.ab;

import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.common.VersionInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one A/B process: {@code java [FLAGS] -jar JAR [JMH ARGUMENTS] -f 1 -wf 0 -rf json -rff FILE}
 * with this JVM's {@code java}, its output in a log next to the result file. FLAGS are this JVM's own
 * arguments (what {@code scripts/dmsnap} and {@code DMSNAP_JAVA_OPTS} gave it), so JMH's fork
 * inherits them from its launcher as the matrix's forks inherit them from dmsnap; the flags the
 * engine needs on a newer JDK come with the suite's options ({@code -jvmArgsAppend},
 * {@link io.dmsnap.cli.matrix.MatrixPlan#jvmFlags}). Left out: the commit {@code scripts/dmsnap}
 * passes (it names this checkout, not the side's) and debugger and agent flags (a second JVM on the
 * same debug port would not start). A failed run is an {@link AbFailure} with
 * {@link ExitCodes#FAILED} and JMH's last lines. Used by one thread.
 */
final class ForkRunner
{
    /** Lines of a failed run's output shown. */
    static final int TAIL_LINES = 40;

    private final Path java;
    private final List<String> flags;
    private final RunGuard guard;

    ForkRunner(final Path java, final List<String> hostArguments, final RunGuard guard)
    {
        this.java = java;
        this.flags = launcherFlags(hostArguments);
        this.guard = guard;
    }

    /** This JVM's {@code java} launcher. */
    static Path currentJava()
    {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The host JVM's arguments that the launcher of a JMH run gets (above). */
    static List<String> launcherFlags(final List<String> hostArguments)
    {
        final List<String> kept = new ArrayList<>();
        for (final String a : hostArguments)
        {
            final boolean own = a.startsWith("-D" + VersionInfo.GIT_COMMIT_PROPERTY + "=")
                || a.startsWith("-agentlib:jdwp") || a.startsWith("-Xrunjdwp") || a.equals("-Xdebug")
                || a.startsWith("-javaagent:");
            if (!own)
            {
                kept.add(a);
            }
        }
        return kept;
    }

    /** The whole command of a process. */
    List<String> command(final Path jar, final List<String> jmhArguments)
    {
        final List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(flags);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(jmhArguments);
        return command;
    }

    /**
     * Runs one process and waits for it, feeding JMH's phases to the live progress line.
     *
     * @param result where JMH writes its JSON (the {@code -rff} in {@code jmhArguments})
     * @param log    where its output goes
     * @param name   {@code fork 2/5 of B (jmh ThrottleBench)}, for messages
     * @throws AbFailure (failed) when the process fails or writes no result
     */
    void run(final Path jar, final List<String> jmhArguments, final Path result, final Path log, final String name,
             final AbProgress progress)
    {
        final JmhPhase phase = new JmhPhase();
        final List<String> command = command(jar, jmhArguments);
        final int exit;
        try
        {
            exit = LoggedProcess.run(command, log.toAbsolutePath().getParent(), log, line ->
            {
                if (phase.accept(line))
                {
                    progress.phase(phase.text());
                }
            }, progress::tick, guard.process());
        }
        catch (final IOException e)
        {
            throw new AbFailure(ExitCodes.FAILED, "cannot run " + name + ": " + e.getMessage(), List.of());
        }
        if (exit != 0 || !Files.isRegularFile(result))
        {
            throw new AbFailure(ExitCodes.FAILED, name + " failed: java -jar " + jar.getFileName() + " exited with " + exit
                + (exit == 0 ? " but wrote no " + result.getFileName() : "") + "; the whole output is in " + log,
                LoggedProcess.tail(log, TAIL_LINES));
        }
    }
}
