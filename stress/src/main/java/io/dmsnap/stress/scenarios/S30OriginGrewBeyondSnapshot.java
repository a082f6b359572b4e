package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.lvm.LvmStack;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

import static io.dmsnap.stress.scenarios.LifecycleChecks.BLOCK_SECTORS;
import static io.dmsnap.stress.scenarios.LifecycleChecks.check;

/**
 * S30, d5e404c1: the origin grew after the snapshot was taken.
 *
 * <p><b>Bug.</b> An origin write beyond the snapshot's length still started a copy for that
 * snapshot, for a chunk the snapshot does not have (and whose copy ran past its table).
 *
 * <p><b>Trigger.</b> A snapshot table half as long as the origin (CS 8); origin writes to blocks in
 * both halves.
 *
 * <p><b>Oracle.</b> A write in the upper half leaves the COW untouched (no COW write, usage
 * unchanged, no exception) and lands on the origin; a write in the lower half copies as usual and
 * the snapshot keeps the old data there.
 *
 * <p><b>Negative control.</b> None: the reason is in {@link Scenarios}.
 */
final class S30OriginGrewBeyondSnapshot implements ScenarioBody
{
    private static final int BLOCKS = 128;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final long sectors = (long) BLOCKS * BLOCK_SECTORS;
        final StressStack st = ctx.stack(sectors);
        LifecycleChecks.fill(st.origin, BLOCKS, 0);
        final MemoryDevice cow = new MemoryDevice("cow", sectors);
        st.dm.addDevice(cow);
        st.dm.suspend("origin");
        try
        {
            st.dm.create("snap", LvmStack.snapshotTable(sectors / 2, "base", "cow", "N 8"));
        }
        finally
        {
            st.dm.resume("origin");
        }
        final String usage = st.info("snap");
        final long cowWrites = cow.stats().writes();
        for (int b = BLOCKS / 2; b < BLOCKS; b += 5)
        {
            LifecycleChecks.stamp(st.origin, b, 1, 0);
            check(cow.stats().writes() == cowWrites, "origin write of block " + b + " beyond the snapshot copied");
        }
        check(usage.equals(st.info("snap")), "usage changed by writes beyond the snapshot");
        check(LifecycleChecks.records(st.snapshot("snap"))[0] == 0, "exceptions for chunks beyond the snapshot");
        LifecycleChecks.stamp(st.origin, 3, 1, 0);
        check(cow.stats().writes() > cowWrites, "origin write inside the snapshot did not copy");
        LifecycleChecks.verify(st.dm.mappedDevice("snap"), BLOCKS / 2, b -> BlockPattern.of(b, 0, 0), "snapshot");
        LifecycleChecks.verify(st.origin, BLOCKS,
            b -> BlockPattern.of(b, b == 3 || (b >= BLOCKS / 2 && (b - BLOCKS / 2) % 5 == 0) ? 1 : 0, 0), "origin");
        return Verdict.pass("writes beyond the snapshot's " + sectors / 2 + " sectors went straight through; inside, copied");
    }
}
