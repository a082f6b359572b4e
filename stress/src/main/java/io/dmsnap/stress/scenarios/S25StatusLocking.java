package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.dm.StatusType;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.dmsnap.stress.scenarios.LifecycleChecks.BLOCK_SECTORS;
import static io.dmsnap.stress.scenarios.LifecycleChecks.check;
import static io.dmsnap.stress.scenarios.LifecycleChecks.unchecked;

/**
 * S25, 94e76572, 4c6fff44: status locking.
 *
 * <p><b>Bug.</b> TABLE status took the snapshot lock, so userspace asking for the table while
 * another thread held that lock (e.g. around a suspended device's I/O) deadlocked (94e76572);
 * INFO must be taken under the lock so that its numbers belong to one moment (4c6fff44).
 *
 * <p><b>Trigger.</b> (1) INFO polled in a loop while two writers copy 60 chunks into a persistent
 * snapshot. (2) A persistent snapshot on a 6-data-chunk COW whose header write is held in the
 * COW device: the 7th distinct origin write overflows it, and the invalidation holds the snapshot
 * lock exclusively while it writes the header. TABLE and INFO are asked meanwhile, and again with
 * the snapshot device suspended.
 *
 * <p><b>Oracle.</b> (1) Every INFO line is {@code a/b m} with {@code a} and {@code m} multiples of
 * the chunk size, {@code m <= a}, {@code b} the COW size, {@code a} never decreasing, and the
 * final line counts every copy. (2) TABLE returns within the bound while the lock is held, with
 * the table line; INFO waits until the header write is released and then says {@code Invalid};
 * TABLE of the suspended device returns too.
 *
 * <p><b>Negative control.</b> None: the reason is in {@link Scenarios}.
 */
final class S25StatusLocking implements ScenarioBody
{
    private static final int BLOCKS = 128;
    private static final int COPIES_PER_WRITER = 30;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final StressStack st = ctx.stack((long) BLOCKS * BLOCK_SECTORS);
        LifecycleChecks.fill(st.origin, BLOCKS, 0);
        final int polls = infoWhileCopying(ctx, st);
        st.dm.remove("busy");

        final FlakeyDevice cow = new FlakeyDevice("cow", new MemoryDevice("cow-mem", 8 * BLOCK_SECTORS));
        st.dm.addDevice(cow);
        st.addSnapshotOn("snap", "cow", "P 8");
        final FlakeyDevice.Hold header = cow.hold(FlakeyDevice.Selector.ops(BioOp.WRITE).sectors(0, BLOCK_SECTORS).count(1));
        final CompletableFuture<Void> writer = ctx.actor(unchecked(() ->
        {
            for (int b = 0; b < 7; b++)
            {
                LifecycleChecks.stamp(st.origin, b, 1, 0);
            }
        }));
        ctx.awaitTrue(() -> header.heldCount() == 1, "invalidation writing the header (snapshot lock held exclusively)");
        final String table = ctx.await(ctx.actor(() -> status(st, StatusType.TABLE)),
            "TABLE status while the snapshot lock is held exclusively");
        check(table.endsWith("snapshot base cow P 8"), () -> "TABLE status '" + table + "'");
        final CompletableFuture<String> info = ctx.actor(() -> status(st, StatusType.INFO));
        check(!info.isDone(), "INFO status did not wait for the exclusively held snapshot lock");
        header.releaseAll();
        final String infoLine = ctx.await(info, "INFO status after the header write");
        check(infoLine.endsWith("Invalid"), () -> "INFO after the overflow '" + infoLine + "'");
        ctx.await(writer, "origin writes around the overflow");

        st.dm.suspend("snap");
        final String suspended = ctx.await(ctx.actor(() -> status(st, StatusType.TABLE)), "TABLE status of a suspended snapshot");
        check(suspended.endsWith("snapshot base cow P 8"), () -> "TABLE of the suspended device '" + suspended + "'");
        st.dm.resume("snap");
        return Verdict.pass(polls + " consistent INFO lines while copying; TABLE answered while the lock was held and while suspended");
    }

    /** Phase 1: poll INFO while two writers copy; returns the number of lines checked. */
    private static int infoWhileCopying(final ScenarioContext ctx, final StressStack st) throws Exception
    {
        st.addSnapshot("busy", 4096, "P", 8);
        final List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++)
        {
            final int first = w;
            writers.add(ctx.actor(unchecked(() ->
            {
                for (int i = 0; i < COPIES_PER_WRITER; i++)
                {
                    LifecycleChecks.stamp(st.origin, first + 2 * i, 1, first);
                }
            })));
        }
        final CompletableFuture<Void> all = CompletableFuture.allOf(writers.toArray(new CompletableFuture[0]));
        long last = 0;
        int polls = 0;
        while (true)
        {
            final boolean done = all.isDone();
            final String line = st.info("busy");
            final String[] p = line.split("[/ ]");
            check(p.length == 3, () -> "INFO '" + line + "'");
            final long allocated = Long.parseLong(p[0]);
            final long total = Long.parseLong(p[1]);
            final long metadata = Long.parseLong(p[2]);
            final long previous = last;
            check(allocated % 8 == 0 && metadata % 8 == 0 && metadata <= allocated && total == 4096 && allocated >= previous,
                () -> "inconsistent INFO '" + line + "' after " + previous + " allocated sectors");
            last = allocated;
            polls++;
            if (done)
            {
                break;
            }
        }
        ctx.await(all, "writers copying into the polled snapshot");
        final long copied = 2L * COPIES_PER_WRITER;
        check(last == (2 + copied) * 8, "final INFO counts " + last + " sectors, expected " + (2 + copied) * 8);
        return polls;
    }

    private static String status(final StressStack st, final StatusType type)
    {
        try
        {
            return st.dm.status("snap", type).trim();
        }
        catch (final DmException e)
        {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
