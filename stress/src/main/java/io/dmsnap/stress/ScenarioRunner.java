package io.dmsnap.stress;

import io.dmsnap.engine.config.EngineConfig;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a scenario under a watchdog: the run happens on a daemon thread; when it does not finish
 * within its bound, or a wait inside it gives up, the verdict is HUNG with a full thread dump
 * (locks held and waited for) and the engine's state. A hung run never hangs the caller.
 */
public final class ScenarioRunner
{
    private ScenarioRunner()
    {
    }

    /**
     * @param waitMillis bound for each wait inside the scenario
     * @param runMillis  bound for the whole run
     */
    public static Verdict run(final Scenario scenario, final EngineConfig config, final long seed,
                              final long waitMillis, final long runMillis)
    {
        return run(scenario, config, seed, waitMillis, runMillis, false);
    }

    /**
     * @param full run the scenario at full size ({@link ScenarioContext#full()}), as the command line does
     */
    public static Verdict run(final Scenario scenario, final EngineConfig config, final long seed,
                              final long waitMillis, final long runMillis, final boolean full)
    {
        final ScenarioContext ctx = new ScenarioContext(config, seed, waitMillis, full);
        final CompletableFuture<Verdict> f = new CompletableFuture<>();
        final Thread t = new Thread(() ->
        {
            try
            {
                f.complete(scenario.run(ctx));
            }
            catch (final HungException e)
            {
                f.complete(Verdict.hung(e.getMessage() + "\n" + dump(ctx)));
            }
            catch (final Throwable e)
            {
                f.complete(Verdict.violated(e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }, "stress-" + scenario.id());
        t.setDaemon(true);
        t.start();
        Verdict v;
        try
        {
            v = f.get(runMillis, TimeUnit.MILLISECONDS);
        }
        catch (final TimeoutException e)
        {
            ctx.markHung();
            v = Verdict.hung("scenario did not finish within " + runMillis + " ms\n" + dump(ctx));
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            ctx.markHung();
            v = Verdict.hung("interrupted");
        }
        catch (final ExecutionException e)
        {
            v = Verdict.violated(String.valueOf(e.getCause()));
        }
        if (v.outcome() == Verdict.Outcome.HUNG)
        {
            ctx.markHung();
        }
        ctx.close();
        if (!ctx.figures().isEmpty() && v.passed())
        {
            v = Verdict.pass((v.detail() == null ? "" : v.detail() + "; ") + String.join("; ", ctx.figures()));
        }
        return v;
    }

    /**
     * Thread dump of the run's threads (actors, copier, device and timer threads) with every
     * frame, the monitors and ownable synchronizers each holds, and what each waits for and who
     * owns it, preceded by the engine state of the run's stacks (per snapshot: locks, throttle,
     * pending exceptions, copier jobs; the origins lock with its readers and queue). A deadlock
     * cycle reads off the "waiting for ... owned by" lines.
     */
    static String dump(final ScenarioContext ctx)
    {
        final StringBuilder sb = new StringBuilder("engine state:\n").append(ctx.engineState()).append("threads:\n");
        for (final ThreadInfo ti : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true))
        {
            final String name = ti.getThreadName();
            if (name.startsWith("stress-") || name.startsWith("kcopyd") || name.contains("null-blk")
                || name.contains("historic") || name.contains("flakey"))
            {
                appendThread(sb, ti);
            }
        }
        return sb.toString();
    }

    /** Like ThreadInfo.toString() without its 8-frame limit. */
    static void appendThread(final StringBuilder sb, final ThreadInfo ti)
    {
        sb.append('"').append(ti.getThreadName()).append("\" id=").append(ti.getThreadId()).append(' ')
            .append(ti.getThreadState());
        if (ti.getLockName() != null)
        {
            sb.append(" waiting for ").append(ti.getLockName());
        }
        if (ti.getLockOwnerName() != null)
        {
            sb.append(" owned by \"").append(ti.getLockOwnerName()).append("\" id=").append(ti.getLockOwnerId());
        }
        sb.append('\n');
        final StackTraceElement[] frames = ti.getStackTrace();
        final MonitorInfo[] monitors = ti.getLockedMonitors();
        for (int i = 0; i < frames.length; i++)
        {
            sb.append("\tat ").append(frames[i]).append('\n');
            if (i == 0 && ti.getLockInfo() != null)
            {
                sb.append("\t-  ").append(ti.getThreadState() == Thread.State.BLOCKED ? "blocked on " : "waiting on ")
                    .append(ti.getLockInfo()).append('\n');
            }
            for (final MonitorInfo m : monitors)
            {
                if (m.getLockedStackDepth() == i)
                {
                    sb.append("\t-  locked ").append(m).append('\n');
                }
            }
        }
        final LockInfo[] syncs = ti.getLockedSynchronizers();
        if (syncs.length > 0)
        {
            sb.append("\tLocked ownable synchronizers:\n");
            for (final LockInfo l : syncs)
            {
                sb.append("\t-  ").append(l).append('\n');
            }
        }
        sb.append('\n');
    }
}
