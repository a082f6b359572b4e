package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.Errno;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

/**
 * S13, commit 4df2bf46: a snapshot whose COW is its origin.
 *
 * <p><b>Bug.</b> {@code snapshot D D P 8} crashed the kernel: the chunk-size validation looked at
 * the COW device through state that was not set up when the COW and the origin were the same
 * device (a NULL dereference).
 *
 * <p><b>Trigger.</b> On a stack with an origin over device {@code base}: construct
 * {@code snapshot base base P 8}, with {@code N 8} as well.
 *
 * <p><b>Oracle.</b> The constructor fails with EINVAL and
 * {@code "COW device cannot be the same as origin device"}; nothing is registered on the origin;
 * the failed device is gone; no copier thread is left; the open count of {@code base} is what it
 * was; the origin still reads and writes.
 *
 * <p><b>No negative control:</b> the reason is in {@link Scenarios}.
 */
public final class S13OriginSameAsCow implements ScenarioBody
{
    private static final long SECTORS = 2048;
    static final String MESSAGE = "COW device cannot be the same as origin device";

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final CorrectnessChecks checks = new CorrectnessChecks();
        final StressStack st = ctx.stack(SECTORS);
        final int opensBefore = st.dm.openCount("base");
        for (final String store : new String[] {"P 8", "N 8"})
        {
            final String name = "s13-same";
            DmException refused = null;
            try
            {
                st.dm.create(name, st.snapshotTable("base", store));
            }
            catch (final DmException e)
            {
                refused = e;
            }
            checks.expect(refused != null, store + ": the constructor is refused");
            if (refused != null)
            {
                final String message = refused.getMessage();
                checks.expect(message != null && message.contains(MESSAGE), () -> store + ": error '" + message + "'");
                checks.equal(Errno.EINVAL, refused.errno(), store + ": errno");
            }
            checks.equal(0, st.origins().snapshotOrder(st.dm.device("base")).size(), store + ": snapshots registered on base");
            checks.equal(0, st.origins().snapshots().size(), store + ": snapshots registered anywhere");
            checks.expect(!st.dm.names().contains(name), store + ": the failed device is removed");
            checks.equal(0, CorrectnessChecks.copierThreads(name), store + ": copier threads left");
            checks.equal(opensBefore, st.dm.openCount("base"), store + ": open count of base");
        }
        final int version = 1 + ctx.random().nextInt(1000);
        checks.equal(BlkStatus.OK, StressStack.write(st.origin, 0, BlockPattern.of(0, version, 0)), "origin write afterwards");
        checks.sameBlock(BlockPattern.of(0, version, 0), StressStack.read(st.origin, 0, BlockPattern.BLOCK), "origin read afterwards");
        return checks.verdict("refused with EINVAL '" + MESSAGE + "', nothing registered or left open");
    }
}
