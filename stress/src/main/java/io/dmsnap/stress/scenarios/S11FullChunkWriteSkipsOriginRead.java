package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * S11, commit a6e50b40: a snapshot write covering a whole new chunk needs no copy.
 *
 * <p><b>Bug.</b> Before a6e50b40 every snapshot write to a chunk without an exception copied the
 * chunk from the origin (one origin read and one COW write) and then wrote the bio over it; for a
 * write covering the whole chunk the copy is wasted work.
 *
 * <p><b>Trigger.</b> P store, CS=8 (4 KiB). First one full-chunk snapshot write while the store's
 * metadata area write is held in the COW device; then 4 KiB full-chunk snapshot writes to
 * {@value #WRITES} distinct chunks in a seeded random order (mkfs-like), on the origin data
 * device's counters.
 *
 * <p><b>Oracle.</b> The first write's data reaches its COW chunk, yet the write does not complete
 * while the metadata area write (its commit) is held, and completes once it is released; the
 * origin data device sees zero reads during all full-chunk writes; every written chunk reads back
 * its data through the snapshot; untouched chunks still show the origin's data.
 *
 * <p><b>Negative control.</b> {@code fullChunkWrite=COPY}: one origin read per new chunk.
 */
public final class S11FullChunkWriteSkipsOriginRead implements ScenarioBody
{
    private static final long SECTORS = 4096;
    private static final int CHUNK = 8;
    static final int WRITES = 64;
    /** Area 0 of a P store with CS=8: chunk 1 (chunk 0 is the header); data chunks start at 2. */
    private static final long AREA0_SECTOR = CHUNK;
    private static final long FIRST_DATA_SECTOR = 2L * CHUNK;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final CorrectnessChecks checks = new CorrectnessChecks();
        final StressStack st = ctx.stack(SECTORS);
        final long chunks = SECTORS / CHUNK;
        for (long c = 0; c < chunks; c++)
        {
            st.baseMemory.writeBytes(c * CHUNK, BlockPattern.of(c, 0, 0));
        }
        final MemoryDevice cowMemory = new MemoryDevice("s11-cow-mem", SECTORS);
        final FlakeyDevice cow = new FlakeyDevice("s11-cow", cowMemory);
        st.dm.addDevice(cow);
        final MappedDevice snap = st.addSnapshotOn("snap", cow.name(), "P " + CHUNK);
        final List<Long> order = new ArrayList<>();
        for (long c = 0; c < chunks; c++)
        {
            order.add(c);
        }
        Collections.shuffle(order, new Random(ctx.random().nextLong()));
        st.baseMemory.stats().reset();

        // 1. Completion follows the commit: hold the area write, the write must wait for it.
        final long first = order.get(0);
        final byte[] firstData = BlockPattern.of(first, 1, 1);
        final FlakeyDevice.Hold area = cow.hold(
            FlakeyDevice.Selector.ops(BioOp.WRITE).sectors(AREA0_SECTOR, AREA0_SECTOR + CHUNK).count(1));
        final CompletableFuture<Integer> w = ctx.actor(() -> StressStack.write(snap, first * CHUNK, firstData));
        ctx.awaitTrue(() -> area.heldCount() > 0, "the commit of chunk " + first + " reaching the metadata area");
        checks.sameBlock(firstData, cowMemory.readBytes(FIRST_DATA_SECTOR, CHUNK), "the data of chunk " + first
            + " in its COW chunk before the commit");
        checks.expect(!w.isDone(), "the snapshot write of chunk " + first + " is not complete before its commit");
        area.releaseAll();
        checks.equal(BlkStatus.OK, ctx.await(w, "the snapshot write of chunk " + first), "snapshot write of chunk " + first);

        // 2. Random-order full-chunk writes: no origin read at all.
        for (int i = 1; i < WRITES; i++)
        {
            final long c = order.get(i);
            checks.equal(BlkStatus.OK, StressStack.write(snap, c * CHUNK, BlockPattern.of(c, 1, 1)), "snapshot write of chunk " + c);
        }
        final long originReads = st.baseMemory.stats().reads();
        checks.equal(0L, originReads, "origin reads during " + WRITES + " full-chunk snapshot writes");
        for (int i = 0; i < WRITES; i++)
        {
            final long c = order.get(i);
            checks.sameBlock(BlockPattern.of(c, 1, 1), StressStack.read(snap, c * CHUNK, BlockPattern.BLOCK),
                "snapshot chunk " + c);
        }
        final long untouched = order.get(WRITES);
        checks.sameBlock(BlockPattern.of(untouched, 0, 0), StressStack.read(snap, untouched * CHUNK, BlockPattern.BLOCK),
            "untouched snapshot chunk " + untouched);
        return checks.verdict(WRITES + " full-chunk snapshot writes, " + originReads + " origin reads");
    }
}
