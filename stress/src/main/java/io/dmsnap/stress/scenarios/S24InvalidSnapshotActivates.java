package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static io.dmsnap.stress.scenarios.LifecycleChecks.BLOCK_SECTORS;
import static io.dmsnap.stress.scenarios.LifecycleChecks.check;

/**
 * S24, 0764147b: invalid snapshots may be activated.
 *
 * <p><b>Bug.</b> Before 0764147b a persistent COW whose header says valid=0 made the constructor
 * fail, so userspace could not even load the table to remove the volume cleanly.
 *
 * <p><b>Trigger.</b> A persistent snapshot (CS 8) gets copies of some chunks; it is removed; the
 * header's valid word on the COW is set to 0 (the on-disk state after an invalidation); a new
 * snapshot is constructed on that COW.
 *
 * <p><b>Oracle.</b> The constructor succeeds; the INFO status is {@code Invalid}; the log warns
 * that the snapshot is marked invalid; no exception is loaded; every read and write of the
 * snapshot fails; origin writes still succeed and do not copy.
 *
 * <p><b>Negative control.</b> None: the reason is in {@link Scenarios}.
 */
final class S24InvalidSnapshotActivates implements ScenarioBody
{
    private static final int BLOCKS = 64;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final StressStack st = ctx.stack((long) BLOCKS * BLOCK_SECTORS);
        LifecycleChecks.fill(st.origin, BLOCKS, 0);
        final MemoryDevice cow = new MemoryDevice("cow", 2048);
        st.dm.addDevice(cow);
        st.addSnapshotOn("snap", "cow", "P 8");
        for (int b = 0; b < BLOCKS; b += 4)
        {
            LifecycleChecks.stamp(st.origin, b, 1, 0);
        }
        check(LifecycleChecks.records(st.snapshot("snap"))[1] == BLOCKS / 4, "the copies were not recorded");
        st.dm.remove("snap");
        final ByteBuffer header = ByteBuffer.wrap(cow.readBytes(0, 1)).order(ByteOrder.LITTLE_ENDIAN);
        check(header.getInt(0) == 0x70416E53, "no snapshot header on the COW");
        header.putInt(4, 0);
        cow.writeBytes(0, header.array());

        st.addSnapshotOn("again", "cow", "P 8");
        final MappedDevice again = st.dm.mappedDevice("again");
        check("Invalid".equals(st.info("again")), () -> "status " + safeInfo(st) + ", expected Invalid");
        check(st.dm.log().contains("marked invalid"), "no warning that the snapshot is marked invalid");
        check(LifecycleChecks.records(st.snapshot("again"))[0] == 0, "exceptions were loaded from an invalid COW");
        check(StressStack.read(again, 0, BlockPattern.BLOCK) == null, "a read of the invalid snapshot succeeded");
        check(StressStack.write(again, 0, BlockPattern.of(0, 5, 5)) != BlkStatus.OK, "a write to the invalid snapshot succeeded");
        final long cowWrites = cow.stats().writes();
        LifecycleChecks.stamp(st.origin, 1, 2, 0);
        check(cow.stats().writes() == cowWrites, "an origin write copied into the invalid snapshot");
        return Verdict.pass("constructor accepted valid=0; status Invalid, no exceptions, I/O fails, origin unaffected");
    }

    private static String safeInfo(final StressStack st)
    {
        try
        {
            return st.info("again");
        }
        catch (final DmException e)
        {
            return e.getMessage();
        }
    }
}
