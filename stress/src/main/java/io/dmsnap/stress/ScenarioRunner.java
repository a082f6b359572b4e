package io.dmsnap.stress;

import io.dmsnap.engine.concurrent.LockDep;
import io.dmsnap.engine.concurrent.LockOrderChecker;
import io.dmsnap.engine.config.EngineConfig;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a scenario under a watchdog: the run happens on a daemon thread; when it does not finish
 * within its bound, or a wait inside it gives up, the verdict is HUNG with a full thread dump
 * (locks held and waited for) and the engine's state. A hung run never hangs the caller.
 *
 * <p>Lock order: with {@code -Ddmsnap.lockdep=true} (the stress module's tests, and
 * {@code dmsnap stress}, which switches it on) every run is watched by the engine's lock-order
 * checker ({@link LockDep}). A run that took two named locks in both orders is a VIOLATED verdict
 * with both acquisition stacks, even when its oracle passed; a run that failed anyway (a negative
 * control) keeps its outcome and names the inversions in its detail. The order is learnt afresh
 * whenever the engine configuration changes, because historic variants take their locks
 * differently on purpose.
 */
public final class ScenarioRunner
{
    /** The configuration the checker's order was learnt with; guarded by the class. */
    private static EngineConfig orderLearntWith;

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
        final int violationsBefore = beginLockOrder(config);
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
        final Throwable fault = ctx.engineFault();
        if (fault != null)
        {
            // Whatever the scenario concluded, a callback that threw is an engine bug; a hang that
            // follows it is its consequence, so the trace goes first.
            final String trace = "an asynchronous engine path threw: " + ThreadDump.of(fault).strip();
            v = v.passed() ? Verdict.violated(trace) : new Verdict(v.outcome(), trace + "\n" + v.detail());
        }
        if (v.outcome() == Verdict.Outcome.HUNG)
        {
            ctx.markHung();
        }
        if (!closeWithin(ctx, 3 * waitMillis) && v.outcome() != Verdict.Outcome.HUNG)
        {
            // Every bio must complete: a stack that cannot be torn down still has I/O in flight.
            v = Verdict.hung("the stack did not drain within " + 3 * waitMillis + " ms after the run (bios still in "
                + "flight); the run's verdict was " + v.outcome() + ": " + v.detail() + "\n" + dump(ctx));
        }
        if (!ctx.figures().isEmpty() && v.passed())
        {
            v = Verdict.pass((v.detail() == null ? "" : v.detail() + "; ") + String.join("; ", ctx.figures()));
        }
        return withLockOrder(v, violationsBefore);
    }

    /** Before a run: learn the order afresh for a new configuration; returns the violations so far. */
    private static int beginLockOrder(final EngineConfig config)
    {
        if (!LockDep.ENABLED)
        {
            return 0;
        }
        synchronized (ScenarioRunner.class)
        {
            if (!config.equals(orderLearntWith))
            {
                LockDep.forgetOrder();
                orderLearntWith = config;
            }
        }
        return LockDep.violations().size();
    }

    /** After a run: the verdict with the lock-order inversions found during it, if any. */
    private static Verdict withLockOrder(final Verdict v, final int violationsBefore)
    {
        final List<LockOrderChecker.Violation> all = LockDep.violations();
        if (all.size() <= violationsBefore)
        {
            return v;
        }
        final StringBuilder report = new StringBuilder();
        for (final LockOrderChecker.Violation found : all.subList(violationsBefore, all.size()))
        {
            report.append('\n').append(found.report());
        }
        if (v.passed())
        {
            return Verdict.violated("lock order (lockdep): " + report);
        }
        return new Verdict(v.outcome(), v.detail() + "\nlock order (lockdep), found during this run:" + report);
    }

    /** Close the run's stacks on a daemon thread; false when that does not finish in time (then it is abandoned). */
    private static boolean closeWithin(final ScenarioContext ctx, final long millis)
    {
        final Thread closer = new Thread(ctx::close, "stress-teardown");
        closer.setDaemon(true);
        closer.start();
        try
        {
            closer.join(millis);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive())
        {
            ctx.markHung();
            return false;
        }
        return true;
    }

    /**
     * The engine state of the run's stacks (per snapshot: locks, throttle, pending exceptions,
     * copier jobs; the origins lock with its readers and queue), then a full thread dump of the
     * run's threads ({@link ThreadDump}).
     */
    static String dump(final ScenarioContext ctx)
    {
        return "engine state:\n" + ctx.engineState() + "threads:\n" + ThreadDump.engineAndStressThreads();
    }
}
