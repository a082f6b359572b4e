package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static io.dmsnap.stress.scenarios.LifecycleChecks.BLOCK_SECTORS;
import static io.dmsnap.stress.scenarios.LifecycleChecks.check;

/**
 * S42, eccf0817, b4b610f6 (2006): pending-exception lists freed while still being walked.
 *
 * <p><b>Bug.</b> The old design linked the pending exceptions of all snapshots of a chunk into a
 * sibling list around a shared "primary" exception; completions freed list members while other
 * paths still walked the list.
 *
 * <p><b>Trigger.</b> Six snapshots (CS 8) of one origin; for each of three chunks, the copy reads
 * of that chunk are held in the base device while three origin writes and partial snapshot writes
 * to three of the snapshots are submitted asynchronously (each bio's completion is counted); then
 * the copies are released.
 *
 * <p><b>Oracle.</b> Every bio completes exactly once and successfully (counts checked again after
 * a grace period); every snapshot's pending count returns to 0; no use after free; each snapshot
 * shows the old block, with its own partial write where it made one; the origin block is exactly
 * one of the origin writes.
 *
 * <p><b>Negative control.</b> None: the reason is in {@link Scenarios}.
 */
final class S42PendingExceptionsFreedOnce implements ScenarioBody
{
    private static final int SNAPSHOTS = 6;
    private static final int ORIGIN_WRITES = 3;
    private static final int SNAPSHOT_WRITES = 3;
    private static final int[] CHUNKS = {3, 17, 42};

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final int blocks = 64;
        final StressStack st = ctx.stack((long) blocks * BLOCK_SECTORS);
        LifecycleChecks.fill(st.origin, blocks, 0);
        final MappedDevice[] snaps = new MappedDevice[SNAPSHOTS];
        for (int i = 0; i < SNAPSHOTS; i++)
        {
            snaps[i] = st.addSnapshot("s" + i, 1024, "N", 8);
        }
        final int perChunk = ORIGIN_WRITES + SNAPSHOT_WRITES;
        final AtomicIntegerArray completions = new AtomicIntegerArray(CHUNKS.length * perChunk);
        final AtomicIntegerArray statuses = new AtomicIntegerArray(CHUNKS.length * perChunk);
        for (int c = 0; c < CHUNKS.length; c++)
        {
            final long sector = (long) CHUNKS[c] * BLOCK_SECTORS;
            final FlakeyDevice.Hold hold = st.base.hold(FlakeyDevice.Selector.ops(BioOp.READ).sectors(sector, sector + BLOCK_SECTORS));
            for (int w = 0; w < perChunk; w++)
            {
                final int slot = c * perChunk + w;
                final boolean origin = w < ORIGIN_WRITES;
                final byte[] data = origin ? BlockPattern.of(CHUNKS[c], 1, w + 1) : snapshotPart(w);
                final ByteBuffer buf = ByteBuffer.allocateDirect(data.length);
                buf.put(0, data);
                final Bio bio = new Bio().init(BioOp.WRITE, sector, data.length >>> 9, buf, 0, (b, status) ->
                {
                    statuses.set(slot, status);
                    completions.incrementAndGet(slot);
                }, null);
                (origin ? st.origin : snaps[w - ORIGIN_WRITES]).submit(bio);
            }
            ctx.awaitTrue(() -> hold.heldCount() == SNAPSHOTS, SNAPSHOTS + " copies of chunk " + CHUNKS[c] + " held");
            hold.rule().remove();
            hold.releaseAll();
        }
        ctx.awaitTrue(() -> allCompleted(completions), "every write completed");
        for (final MappedDevice s : snaps)
        {
            final Snapshot snap = st.snapshot(s.name());
            ctx.awaitTrue(() -> snap.stats().pendingExceptions() == 0, s.name() + " pending count back to 0");
        }
        Thread.sleep(50);   // grace period: a second completion would show up here
        for (int i = 0; i < completions.length(); i++)
        {
            final int slot = i;
            check(completions.get(i) == 1, () -> "write " + slot + " completed " + completions.get(slot) + " times");
            check(statuses.get(i) == BlkStatus.OK, () -> "write " + slot + " failed: " + BlkStatus.name(statuses.get(slot)));
        }
        check(st.origins().useAfterFree() == 0, "use after free");
        for (int i = 0; i < SNAPSHOTS; i++)
        {
            final int snapIndex = i;
            check(st.snapshot("s" + i).stats().pendingExceptions() == 0, "pending count of s" + i);
            LifecycleChecks.verify(snaps[i], blocks, b ->
            {
                final byte[] old = BlockPattern.of(b, 0, 0);
                if (snapIndex < SNAPSHOT_WRITES && contains(b))
                {
                    System.arraycopy(snapshotPart(ORIGIN_WRITES + snapIndex), 0, old, 0, 512);
                }
                return old;
            }, "snapshot s" + i);
        }
        for (final int c : CHUNKS)
        {
            final byte[] got = StressStack.read(st.origin, (long) c * BLOCK_SECTORS, BlockPattern.BLOCK);
            boolean one = false;
            for (int w = 0; w < ORIGIN_WRITES; w++)
            {
                one |= Arrays.equals(got, BlockPattern.of(c, 1, w + 1));
            }
            final boolean matched = one;
            check(matched, () -> "origin block " + c + " holds " + BlockPattern.describe(got) + ", not one of the writes");
        }
        return Verdict.pass(CHUNKS.length * perChunk + " writes over " + SNAPSHOTS + " snapshots each completed once; pools back to 0");
    }

    private static byte[] snapshotPart(final int writer)
    {
        final byte[] b = new byte[512];
        Arrays.fill(b, (byte) (0x40 + writer));
        return b;
    }

    private static boolean contains(final int block)
    {
        for (final int c : CHUNKS)
        {
            if (c == block)
            {
                return true;
            }
        }
        return false;
    }

    private static boolean allCompleted(final AtomicIntegerArray completions)
    {
        for (int i = 0; i < completions.length(); i++)
        {
            if (completions.get(i) == 0)
            {
                return false;
            }
        }
        return true;
    }
}
