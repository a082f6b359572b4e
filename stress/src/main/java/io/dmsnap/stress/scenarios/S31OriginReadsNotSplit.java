package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.dmsnap.stress.scenarios.LifecycleChecks.BLOCK_SECTORS;
import static io.dmsnap.stress.scenarios.LifecycleChecks.check;

/**
 * S31, 298eaa89: origin reads are not split.
 *
 * <p><b>Bug.</b> The origin target split every bio at the chunk size, reads included, which cost
 * CPU and throughput for large reads (1-4 % instead of 6-12 % CPU after the fix, spec 12.2).
 *
 * <p><b>Trigger.</b> A snapshot with CS 8; a 1 MiB read and a 1 MiB write on the origin, counted
 * at the base device by a rule whose predicate only counts (it never selects a bio).
 *
 * <p><b>Oracle.</b> The read arrives as one bio of 2048 sectors; the write arrives as 256 bios of
 * 8 sectors; both return the right data.
 *
 * <p><b>Negative control.</b> None: the reason is in {@link Scenarios}.
 */
final class S31OriginReadsNotSplit implements ScenarioBody
{
    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final StressStack st = ctx.stack(8192);
        LifecycleChecks.fill(st.origin, 8192 / BLOCK_SECTORS, 0);
        st.addSnapshot("snap", 8192, "N", 8);
        final List<Integer> reads = new CopyOnWriteArrayList<>();
        final List<Integer> writes = new CopyOnWriteArrayList<>();
        final long from = 4096;
        st.base.fail(FlakeyDevice.Selector.all().sectors(from, from + 2048).where(b ->
        {
            if (b.op() == BioOp.READ)
            {
                reads.add(b.sectors());
            }
            else if (b.op() == BioOp.WRITE)
            {
                writes.add(b.sectors());
            }
            return false;
        }));
        final byte[] got = StressStack.read(st.origin, from, 2048 * 512);
        check(got != null, "1 MiB origin read failed");
        check(reads.equals(List.of(2048)), () -> "1 MiB origin read reached the base device as " + reads);
        final byte[] data = new byte[2048 * 512];
        Arrays.fill(data, (byte) 0x5a);
        reads.clear();
        check(StressStack.write(st.origin, from, data) == BlkStatus.OK, "1 MiB origin write failed");
        check(writes.size() == 256 && writes.stream().allMatch(n -> n == 8),
            () -> "1 MiB origin write reached the base device as " + writes.size() + " bios " + writes.stream().distinct().toList());
        check(Arrays.equals(data, StressStack.read(st.origin, from, data.length)), "the written MiB did not read back");
        final byte[] old = StressStack.read(st.dm.mappedDevice("snap"), from, BlockPattern.BLOCK);
        check(Arrays.equals(BlockPattern.of(from / BLOCK_SECTORS, 0, 0), old), "the snapshot lost the old data");
        return Verdict.pass("1 MiB read: 1 bio of 2048 sectors; 1 MiB write: 256 bios of 8 sectors");
    }
}
