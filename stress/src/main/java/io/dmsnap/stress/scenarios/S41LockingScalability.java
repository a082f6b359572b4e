package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static io.dmsnap.stress.scenarios.LifecycleChecks.BLOCK_SECTORS;
import static io.dmsnap.stress.scenarios.LifecycleChecks.unchecked;

/**
 * S41, 3f1637f2, 4ad8d880: scalability of the snapshot locking.
 *
 * <p><b>Bug.</b> One mutex per snapshot serialised every I/O of the snapshot and every origin write
 * needing it; throughput flattened after two workers (spec 12.1).
 *
 * <p><b>Trigger.</b> A short fio-like load: each worker does 500 synchronous random 4 KiB writes,
 * alternating origin and snapshot, on its own blocks of a 2,048-block origin, with 1 and 2 workers,
 * on this run's configuration with {@code locking=GLOBAL} and with {@code locking=FINE} (GLOBAL
 * also gets {@code completeOrder=WAIT_THEN_INSERT} when the run's configuration is FINE's order,
 * as the kernel had it).
 *
 * <p><b>Oracle.</b> Data correctness only: after each run the origin holds every block's last
 * origin write and the snapshot every block's last snapshot write, or the origin's data at
 * creation. The IOPS of each run and the 2-worker FINE/GLOBAL ratio are reported; on a shared
 * 2-core machine they are figures, not a threshold (the real comparison is {@code dmsnap matrix}).
 *
 * <p><b>Negative control.</b> None: the reason is in {@link Scenarios}.
 */
final class S41LockingScalability implements ScenarioBody
{
    private static final int BLOCKS = 2048;
    private static final int OPS_PER_WORKER = 500;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final EngineConfig global = ctx.config().with("locking", "GLOBAL");
        final EngineConfig fine = ctx.config().with("locking", "FINE").with("completeOrder", "INSERT_WAIT_REMOVE");
        final double[] iops = new double[4];
        int k = 0;
        for (final EngineConfig config : new EngineConfig[] {global.validate(), fine.validate()})
        {
            for (int workers = 1; workers <= 2; workers++)
            {
                iops[k] = load(ctx, config, workers);
                ctx.report(String.format("%s, %d worker(s): %.0f IOPS", config.locking(), workers, iops[k]));
                k++;
            }
        }
        ctx.report(String.format("FINE/GLOBAL at 2 workers: %.2f (a figure, not a threshold)", iops[3] / iops[1]));
        return Verdict.pass("data verified after every run");
    }

    /** One load run on its own stack; verifies the data and returns its IOPS. */
    private static double load(final ScenarioContext ctx, final EngineConfig config, final int workers) throws Exception
    {
        try (StressStack st = new StressStack(config, (long) BLOCKS * BLOCK_SECTORS))
        {
            final MappedDevice snap = st.addSnapshot("snap", (long) BLOCKS * BLOCK_SECTORS + 64, "N", 8);
            final int[][] plans = new int[workers][OPS_PER_WORKER];
            for (int w = 0; w < workers; w++)
            {
                for (int i = 0; i < OPS_PER_WORKER; i++)
                {
                    plans[w][i] = ctx.random().nextInt(BLOCKS / workers) * workers + w;
                }
            }
            final AtomicIntegerArray originVersion = new AtomicIntegerArray(BLOCKS);
            final AtomicIntegerArray snapVersion = new AtomicIntegerArray(BLOCKS);
            final List<CompletableFuture<Void>> running = new ArrayList<>();
            final long t0 = System.nanoTime();
            for (int w = 0; w < workers; w++)
            {
                final int[] plan = plans[w];
                running.add(ctx.actor(unchecked(() ->
                {
                    for (int i = 0; i < plan.length; i++)
                    {
                        final int b = plan[i];
                        if ((i & 1) == 0)
                        {
                            LifecycleChecks.stamp(st.origin, b, i + 1, 1);
                            originVersion.set(b, i + 1);
                        }
                        else
                        {
                            LifecycleChecks.stamp(snap, b, i + 1, 2);
                            snapVersion.set(b, i + 1);
                        }
                    }
                })));
            }
            for (final CompletableFuture<Void> f : running)
            {
                ctx.await(f, config.locking() + " worker");
            }
            final long elapsed = System.nanoTime() - t0;
            LifecycleChecks.verify(st.origin, BLOCKS, b -> originVersion.get(b) == 0 ? new byte[BlockPattern.BLOCK]
                : BlockPattern.of(b, originVersion.get(b), 1), config.locking() + " origin");
            LifecycleChecks.verify(snap, BLOCKS, b -> snapVersion.get(b) == 0 ? new byte[BlockPattern.BLOCK]
                : BlockPattern.of(b, snapVersion.get(b), 2), config.locking() + " snapshot");
            return workers * OPS_PER_WORKER / (elapsed / 1e9);
        }
    }
}
