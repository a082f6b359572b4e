package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.Errno;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

/**
 * S14, commit c699a0db: a transient snapshot with chunk size 0.
 *
 * <p><b>Bug.</b> {@code snapshot O C N 0}: a transient store cannot learn a chunk size from disk,
 * so the constructor must fail at its last check ("Chunk size not set"). The check (3f2412dc)
 * freed everything but returned without an error code, so the constructor reported success with
 * freed state, and the first I/O used freed memory.
 *
 * <p><b>Trigger.</b> Construct {@code snapshot base cow N 0} on a stack, through the LVM sequence
 * (origin suspended around it).
 *
 * <p><b>Oracle.</b> EINVAL with {@code "Chunk size not set"}; nothing registered on the origin; the
 * failed device is gone; its copier thread ({@code kcopyd/<device>}) has ended; the COW is no
 * longer held open; origin writes work and start no COW; a correct constructor ({@code N 8}) on
 * the same COW then succeeds and works, so nothing of the failed one is in the way.
 *
 * <p><b>No negative control:</b> the reason is in {@link Scenarios}.
 */
public final class S14TransientChunkSizeZero implements ScenarioBody
{
    private static final long SECTORS = 2048;
    private static final int CHUNK = 8;
    static final String MESSAGE = "Chunk size not set";

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final CorrectnessChecks checks = new CorrectnessChecks();
        final StressStack st = ctx.stack(SECTORS);
        final MemoryDevice cow = new MemoryDevice("s14-cow", SECTORS);
        st.dm.addDevice(cow);
        final String name = "s14-snap";
        final int threadsBefore = CorrectnessChecks.copierThreads(name);
        DmException refused = null;
        try
        {
            st.addSnapshotOn(name, cow.name(), "N 0");
        }
        catch (final DmException e)
        {
            refused = e;
        }
        checks.expect(refused != null, "the constructor is refused");
        if (refused != null)
        {
            final String message = refused.getMessage();
            checks.expect(message != null && message.contains(MESSAGE), () -> "error '" + message + "'");
            checks.equal(Errno.EINVAL, refused.errno(), "errno");
        }
        checks.equal(0, st.origins().snapshotOrder(st.dm.device("base")).size(), "snapshots registered on base");
        checks.expect(!st.dm.names().contains(name), "the failed device is removed");
        checks.equal(threadsBefore, CorrectnessChecks.copierThreads(name), "copier threads of " + name);
        checks.equal(0, st.dm.openCount(cow.name()), "open count of the COW");

        final long chunk = ctx.random().nextInt((int) (SECTORS / CHUNK));
        st.baseMemory.writeBytes(chunk * CHUNK, BlockPattern.of(chunk, 0, 0));
        checks.equal(BlkStatus.OK, StressStack.write(st.origin, chunk * CHUNK, BlockPattern.of(chunk, 1, 0)),
            "origin write with no snapshot");
        checks.equal(0L, cow.stats().writes(), "COW writes caused by the failed snapshot");

        final MappedDevice snap = st.addSnapshotOn(name, cow.name(), "N " + CHUNK);
        checks.equal(1, CorrectnessChecks.copierThreads(name), "copier threads of the correct snapshot");
        checks.equal(BlkStatus.OK, StressStack.write(st.origin, chunk * CHUNK, BlockPattern.of(chunk, 2, 0)),
            "origin write with the correct snapshot");
        checks.sameBlock(BlockPattern.of(chunk, 1, 0), StressStack.read(snap, chunk * CHUNK, BlockPattern.BLOCK),
            "the correct snapshot's chunk " + chunk);
        st.dm.remove(name);
        checks.equal(threadsBefore, CorrectnessChecks.copierThreads(name), "copier threads after the remove");
        return checks.verdict("refused with EINVAL '" + MESSAGE + "'; registration, copier thread and COW released");
    }
}
