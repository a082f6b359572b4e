package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

/**
 * S12, commit 60e356f3: exception hash tables too small when the origin was tiny at load.
 *
 * <p><b>Bug.</b> The tables were sized from min(origin, COW). LVM (from 2.02.96) builds the origin
 * with size 0 when the snapshot is constructed, so the tables got the minimum of 64 buckets; once
 * the origin grew to its real size, each bucket list held thousands of records and every lookup
 * scanned them linearly.
 *
 * <p><b>Trigger.</b> An origin of 8 sectors (one chunk) and a 1 GiB COW (a sparse memory device,
 * nothing allocated until written), CS=8. The origin cannot grow in this model (a mapped device's
 * table has a fixed length and the engine has no resize verb), so the bucket counts are the
 * oracle; a COW through the one origin chunk checks that the snapshot works.
 *
 * <p><b>Oracle.</b> Complete table 262,144 buckets (1 GiB / 4 KiB = 262,144 chunks, capped at
 * 2 MiB of 8-byte bucket heads), pending table 32,768 (complete / 8); an origin write is copied
 * and the snapshot keeps the old block.
 *
 * <p><b>Negative control.</b> {@code hashSizing=MIN_ORIGIN_COW}: 64 and 64 buckets.
 */
public final class S12HashTableSizedFromCow implements ScenarioBody
{
    private static final long ORIGIN_SECTORS = 8;
    private static final long COW_SECTORS = 1L << 21;   // 1 GiB
    private static final int CHUNK = 8;
    static final int COMPLETE_BUCKETS = 262_144;
    static final int PENDING_BUCKETS = 32_768;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final CorrectnessChecks checks = new CorrectnessChecks();
        final StressStack st = ctx.stack(ORIGIN_SECTORS);
        final int version = 1 + ctx.random().nextInt(1000);
        st.baseMemory.writeBytes(0, BlockPattern.of(0, version, 0));
        final MemoryDevice cow = new MemoryDevice("s12-cow", COW_SECTORS);
        st.dm.addDevice(cow);
        final MappedDevice snap = st.addSnapshotOn("snap", cow.name(), "N " + CHUNK);
        final Snapshot s = st.snapshot("snap");
        checks.equal(COMPLETE_BUCKETS, s.completeBuckets(), "complete table buckets");
        checks.equal(PENDING_BUCKETS, s.pendingBuckets(), "pending table buckets");
        checks.equal(BlkStatus.OK, StressStack.write(st.origin, 0, BlockPattern.of(0, version + 1, 0)), "origin write");
        checks.sameBlock(BlockPattern.of(0, version, 0), StressStack.read(snap, 0, BlockPattern.BLOCK), "snapshot chunk 0");
        checks.expect(s.lookup(0) >= 0, "chunk 0 is remapped after the origin write");
        return checks.verdict("complete " + s.completeBuckets() + " / pending " + s.pendingBuckets() + " buckets");
    }
}
