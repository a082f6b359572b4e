package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;

import java.util.Arrays;

import static io.dmsnap.stress.scenarios.LifecycleChecks.check;

/**
 * S22, 8e87b9b8: a chunk larger than the origin gave exception tables of size 0.
 *
 * <p><b>Bug.</b> The table size was the device size in chunks rounded down to a power of two;
 * with a chunk larger than the device that is 0, and the first lookup divided by or masked with
 * a zero-sized table.
 *
 * <p><b>Trigger.</b> An origin of 4 sectors and a snapshot with CS 64 on a 256-sector COW (both
 * sizes smaller than one chunk, so either sizing rule gives 0 before the minimum); then origin
 * writes, snapshot writes and reads of that one chunk.
 *
 * <p><b>Oracle.</b> Complete and pending tables have 64 buckets each; the snapshot keeps the
 * origin's old data after an origin write, takes its own write, and the origin shows the new data.
 *
 * <p><b>Negative control.</b> None: the reason is in {@link Scenarios}.
 */
final class S22ChunkLargerThanOrigin implements ScenarioBody
{
    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final StressStack st = ctx.stack(4);
        final byte[] old = new byte[2048];
        Arrays.fill(old, (byte) 0x11);
        check(StressStack.write(st.origin, 0, old) == BlkStatus.OK, "origin write before the snapshot failed");
        final MappedDevice snap = st.addSnapshot("snap", 256, "N", 64);
        final Snapshot s = st.snapshot("snap");
        check(s.completeBuckets() == 64, () -> "complete table has " + s.completeBuckets() + " buckets, expected 64");
        check(s.pendingBuckets() == 64, () -> "pending table has " + s.pendingBuckets() + " buckets, expected 64");
        final byte[] fresh = new byte[2048];
        Arrays.fill(fresh, (byte) 0x22);
        check(StressStack.write(st.origin, 0, fresh) == BlkStatus.OK, "origin write failed");
        check(Arrays.equals(old, StressStack.read(snap, 0, 2048)), "the snapshot lost the old data of the chunk");
        check(Arrays.equals(fresh, StressStack.read(st.origin, 0, 2048)), "the origin lost the new data");
        final byte[] own = new byte[512];
        Arrays.fill(own, (byte) 0x33);
        check(StressStack.write(snap, 1, own) == BlkStatus.OK, "snapshot write failed");
        check(Arrays.equals(own, StressStack.read(snap, 1, 512)), "the snapshot write did not read back");
        check(s.lookup(0) >= 0, "chunk 0 is not remapped after the copy");
        return Verdict.pass("tables 64/64 buckets; COW, snapshot write and reads of the one chunk correct");
    }
}
