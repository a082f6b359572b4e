package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.snap.OriginTarget;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;

import java.util.Arrays;

import static io.dmsnap.stress.scenarios.LifecycleChecks.check;

/**
 * S28, 7e768532, 7ee06ddc, f16dba5d: the split boundary of an origin with no snapshots.
 *
 * <p><b>Bug.</b> The origin's split boundary is the smallest chunk size of its snapshots,
 * computed at resume; with no snapshot it was 0 and bio splitting crashed. 7e768532 made it
 * 2^31 sectors; that first fix then made a merge loop step 0 (an infinite loop), fixed later.
 *
 * <p><b>Trigger.</b> Resume an origin with no snapshots and write 1 MiB at once; add a snapshot
 * with CS 8 the LVM way (suspend, create, resume the origin); remove it, suspend and resume the
 * origin again, and write 1 MiB again.
 *
 * <p><b>Oracle.</b> The boundary is 2^31 without snapshots (the 1 MiB write reaches the base
 * device as one bio), 8 with the CS 8 snapshot (256 bios of 8 sectors), 2^31 again after the
 * removal; every write reads back.
 *
 * <p><b>Negative control.</b> None: the reason is in {@link Scenarios}.
 */
final class S28OriginWithoutSnapshots implements ScenarioBody
{
    private static final int MIB_SECTORS = 2048;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final StressStack st = ctx.stack(8192);
        final OriginTarget target = (OriginTarget) st.origin.targetAt(0);
        check(target.splitBoundary() == 1L << 31, () -> "boundary without snapshots is " + target.splitBoundary());
        writeMib(st, 1, 1);
        st.addSnapshot("snap", 8192, "N", 8);
        check(target.splitBoundary() == 8, () -> "boundary with a CS 8 snapshot is " + target.splitBoundary());
        writeMib(st, 2, MIB_SECTORS / 8);
        st.dm.remove("snap");
        st.dm.suspend("origin");
        st.dm.resume("origin");
        check(target.splitBoundary() == 1L << 31, () -> "boundary after removing the snapshot is " + target.splitBoundary());
        writeMib(st, 3, 1);
        return Verdict.pass("boundary 2^31 / 8 / 2^31; 1 MiB writes as 1, 256 and 1 bios");
    }

    /** Write 1 MiB of {@code fill} at sector 0 and check how many write bios reached the base device. */
    private static void writeMib(final StressStack st, final int fill, final long expectedBios)
    {
        final long before = st.baseMemory.stats().writes();
        final byte[] data = new byte[MIB_SECTORS * 512];
        Arrays.fill(data, (byte) fill);
        check(StressStack.write(st.origin, 0, data) == BlkStatus.OK, "1 MiB origin write failed");
        final long bios = st.baseMemory.stats().writes() - before;
        check(bios == expectedBios, () -> "1 MiB write reached the base device as " + bios + " bios, expected " + expectedBios);
        check(Arrays.equals(data, StressStack.read(st.origin, 0, data.length)), "1 MiB write did not read back");
    }
}
