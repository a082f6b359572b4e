package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import static io.dmsnap.stress.scenarios.LifecycleChecks.check;
import static io.dmsnap.stress.scenarios.LifecycleChecks.unchecked;

/**
 * S29, 6e7132ed: lockup while freeing a huge exception table.
 *
 * <p><b>Bug.</b> The destructor freed millions of exceptions in one loop without rescheduling and
 * triggered soft-lockup warnings; 6e7132ed yields per entry.
 *
 * <p><b>Trigger.</b> A persistent COW image (CS 8, 256 exceptions per area) written by hand with
 * 2^17 exceptions whose origin chunks are a seeded random permutation (so almost none combine),
 * then a snapshot constructed on it (replay), then removed. Images of 2^14 and of 2^17
 * exceptions are torn down in turn.
 *
 * <p><b>Oracle.</b> Replay loads every exception (the mapping count is exact and lookups of sampled
 * chunks give the image's COW chunk); each removal completes within the bound and leaves the
 * snapshot destroyed. Replay and teardown times, and the ratio of the per-exception teardown
 * times of the two sizes, are reported: a figure on a shared machine, not a pass/fail threshold.
 * (The off-heap tables free their slabs whole, so teardown is far below a millisecond and the
 * ratio is mostly noise; replay, which inserts into sorted bucket lists, dominates the run.)
 *
 * <p><b>Negative control.</b> None: the reason is in {@link Scenarios}.
 */
final class S29TeardownOfHugeTable implements ScenarioBody
{
    private static final int CS = 8;
    private static final int EPA = CS * 32;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final double small = teardown(ctx, 1 << 14, "small");
        final double big = teardown(ctx, 1 << 17, "large");
        ctx.report(String.format("teardown ns per exception, 2^17 vs 2^14: %.2f", big / small));
        return Verdict.pass("2^14 and 2^17 exceptions replayed and torn down");
    }

    /** Build, replay and remove an image of {@code n} exceptions; returns teardown ns per exception. */
    private static double teardown(final ScenarioContext ctx, final int n, final String name) throws Exception
    {
        final long originSectors = (long) n * CS;
        final StressStack st = ctx.stack(originSectors);
        final long areas = n / EPA + 1;
        final MemoryDevice cow = new MemoryDevice(name + "-cow", (2 + n + areas + 1) * CS);
        st.dm.addDevice(cow);
        final int[] perm = new int[n];
        for (int i = 0; i < n; i++)
        {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--)
        {
            final int j = ctx.random().nextInt(i + 1);
            final int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        final long[] newChunkOf = new long[n];
        final ByteBuffer header = ByteBuffer.allocate(CS * 512).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0, 0x70416E53).putInt(4, 1).putInt(8, 1).putInt(12, CS);
        cow.writeBytes(0, header.array());
        final ByteBuffer area = ByteBuffer.allocate(CS * 512).order(ByteOrder.LITTLE_ENDIAN);
        long next = 2;
        for (int a = 0; a * EPA < n; a++)
        {
            Arrays.fill(area.array(), (byte) 0);
            for (int i = 0; i < EPA && a * EPA + i < n; i++)
            {
                if (next % (EPA + 1) == 1)
                {
                    next++;   // an area location is never a data chunk
                }
                final int old = perm[a * EPA + i];
                newChunkOf[old] = next;
                area.putLong(i * 16, old).putLong(i * 16 + 8, next);
                next++;
            }
            cow.writeBytes((1 + (long) (EPA + 1) * a) * CS, area.array());
        }
        final long r0 = System.nanoTime();
        st.addSnapshotOn(name, cow.name(), "P " + CS);
        final long replay = System.nanoTime() - r0;
        final Snapshot s = st.snapshot(name);
        check(s.isValid(), () -> name + ": the replayed snapshot is invalid");
        final long[] records = LifecycleChecks.records(s);
        check(records[1] == n, () -> name + ": " + records[1] + " mappings replayed, expected " + n);
        for (int k = 0; k < 64; k++)
        {
            final int c = ctx.random().nextInt(n);
            check(s.lookup(c) == newChunkOf[c], () -> name + ": chunk " + c + " maps to " + s.lookup(c) + ", image says " + newChunkOf[c]);
        }
        final long[] took = new long[1];
        ctx.await(ctx.actor(unchecked(() ->
        {
            final long t0 = System.nanoTime();
            st.dm.remove(name);
            took[0] = System.nanoTime() - t0;
        })), "teardown of " + n + " exceptions");
        check(s.isDestroyed(), () -> name + ": not destroyed after the removal");
        ctx.report(String.format("%d mappings in %d records: replay %.1f ms, teardown %.1f ms (%.1f ns/exception)",
            n, records[0], replay / 1e6, took[0] / 1e6, (double) took[0] / n));
        return (double) took[0] / n;
    }
}
