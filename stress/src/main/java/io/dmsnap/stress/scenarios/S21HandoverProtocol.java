package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.lvm.LvmStack;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

import static io.dmsnap.stress.scenarios.LifecycleChecks.BLOCK_SECTORS;
import static io.dmsnap.stress.scenarios.LifecycleChecks.check;

/**
 * S21, c1f0c183: the exception store handover protocol (spec 8.3, 8.4, 8.6) and its invalid sequences.
 *
 * <p><b>Bug.</b> c1f0c183 introduced the handover; its protocol must refuse every sequence that
 * could leave two live owners of one COW or a destination with stale exceptions.
 *
 * <p><b>Trigger.</b> Four fresh stacks, each with a snapshot holding copied chunks and a snapshot
 * write: (a) load a third instance on the same COW; (b) resume the destination while the source
 * runs; (c) resume the source while a handover is pending; (d) remove the source before resuming
 * the destination.
 *
 * <p><b>Oracle.</b> (a) {@code "Snapshot cow pairing for exception table handover failed"};
 * (b) {@code "Unable to perform snapshot handover until source is suspended."} and the source stays
 * valid with its data; (c) {@code "Unable to resume snapshot source until handover completes."};
 * (d) the log says {@code "Cancelling snapshot handover."}, the destination resumes as
 * {@code Invalid} and every read of it fails.
 *
 * <p><b>Negative control.</b> None: the reason is in {@link Scenarios}.
 */
final class S21HandoverProtocol implements ScenarioBody
{
    private static final int BLOCKS = 64;
    private static final long SECTORS = (long) BLOCKS * BLOCK_SECTORS;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        try (StressStack st = source(ctx))
        {
            st.dm.create("snap2");
            st.dm.load("snap2", line());
            st.dm.create("snap3");
            expectError(() -> st.dm.load("snap3", line()), "Snapshot cow pairing for exception table handover failed", "(a)");
        }
        try (StressStack st = source(ctx))
        {
            st.dm.create("snap2");
            st.dm.load("snap2", line());
            expectError(() -> st.dm.resume("snap2"), "Unable to perform snapshot handover until source is suspended.", "(b)");
            check(st.snapshot("snap1").isValid(), "(b) the refused handover invalidated the source");
            LifecycleChecks.verify(st.dm.mappedDevice("snap1"), BLOCKS, S21HandoverProtocol::expected,
                "(b) source after the refused handover");
        }
        try (StressStack st = source(ctx))
        {
            st.dm.create("snap2");
            st.dm.load("snap2", line());
            st.dm.suspend("snap1");
            expectError(() -> st.dm.resume("snap1"), "Unable to resume snapshot source until handover completes.", "(c)");
        }
        try (StressStack st = source(ctx))
        {
            st.dm.create("snap2");
            st.dm.load("snap2", line());
            st.dm.suspend("snap1");
            st.dm.remove("snap1");
            check(st.dm.log().contains("Cancelling snapshot handover."), "(d) no 'Cancelling snapshot handover.' in the log");
            st.dm.resume("snap2");
            check("Invalid".equals(st.info("snap2")), () -> "(d) destination status is '" + safeInfo(st) + "', expected Invalid");
            check(StressStack.read(st.dm.mappedDevice("snap2"), 0, BlockPattern.BLOCK) == null,
                "(d) a read of the cancelled destination succeeded");
        }
        return Verdict.pass("third instance, unsuspended source, source resume and source removal all handled");
    }

    /** A stack whose snapshot snap1 (N 8 on COW "cow") has copied chunks and one snapshot write. */
    private static StressStack source(final ScenarioContext ctx) throws Exception
    {
        final StressStack st = new StressStack(ctx.config(), SECTORS);
        LifecycleChecks.fill(st.origin, BLOCKS, 0);
        st.dm.addDevice(new MemoryDevice("cow", SECTORS * 2));
        st.addSnapshotOn("snap1", "cow", "N 8");
        for (int b = 0; b < BLOCKS; b += 3)
        {
            LifecycleChecks.stamp(st.origin, b, 1, 0);
        }
        LifecycleChecks.stamp(st.dm.mappedDevice("snap1"), 5, 7, 7);
        return st;
    }

    private static byte[] expected(final int block)
    {
        return block == 5 ? BlockPattern.of(5, 7, 7) : BlockPattern.of(block, 0, 0);
    }

    private static String line()
    {
        return LvmStack.snapshotTable(SECTORS, "base", "cow", "N 8");
    }

    private static String safeInfo(final StressStack st)
    {
        try
        {
            return st.info("snap2");
        }
        catch (final DmException e)
        {
            return e.getMessage();
        }
    }

    private static void expectError(final LifecycleChecks.Step step, final String message, final String what)
    {
        try
        {
            step.run();
        }
        catch (final DmException e)
        {
            check(e.getMessage().contains(message), () -> what + ": error '" + e.getMessage() + "', expected '" + message + "'");
            return;
        }
        catch (final Exception e)
        {
            throw new LifecycleChecks.Violation(what + ": " + e);
        }
        throw new LifecycleChecks.Violation(what + ": accepted, expected '" + message + "'");
    }
}
