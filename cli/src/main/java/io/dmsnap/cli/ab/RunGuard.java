package io.dmsnap.cli.ab;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What an A/B run leaves behind if it is stopped (Ctrl-C, a CI job's timeout): the child process
 * under way (a build or a JMH run, with its own children) and the worktree of a build. Registered
 * as a shutdown hook for the run's duration, it stops the one and removes the other, so a stopped
 * run leaves neither a JMH fork measuring nobody's benchmark nor a stray worktree in the repository.
 *
 * <p>Thread safety: the run's thread sets the fields, the hook's thread reads them; both are
 * atomic references, so the hook sees the latest values without locking.
 */
final class RunGuard implements AutoCloseable
{
    private final AtomicReference<Process> process = new AtomicReference<>();
    private final AtomicReference<Worktree> worktree = new AtomicReference<>();
    private final Thread hook = new Thread(this::stop, "dmsnap-ab-cleanup");
    private boolean registered;

    /** A worktree under construction: removed by the hook if the run stops. */
    record Worktree(GitRepository repository, Path dir)
    {
    }

    /** Registers the shutdown hook; {@link #close()} removes it. */
    RunGuard register()
    {
        Runtime.getRuntime().addShutdownHook(hook);
        registered = true;
        return this;
    }

    /** Holds the child process while it runs ({@link LoggedProcess} sets and clears it). */
    AtomicReference<Process> process()
    {
        return process;
    }

    void worktree(final Worktree value)
    {
        worktree.set(value);
    }

    private void stop()
    {
        final Process p = process.get();
        if (p != null)
        {
            LoggedProcess.destroyTree(p);
        }
        final Worktree w = worktree.get();
        if (w != null)
        {
            w.repository().removeWorktree(w.dir());
        }
    }

    @Override
    public void close()
    {
        if (registered)
        {
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException e)
            {
                // The JVM is shutting down: the hook runs (or ran) anyway.
            }
            registered = false;
        }
    }
}
