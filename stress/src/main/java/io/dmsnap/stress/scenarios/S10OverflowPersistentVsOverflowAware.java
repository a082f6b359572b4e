package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

/**
 * S10, commits 76c44f6d and b0d3cc01: overflow by a snapshot write must not destroy the image.
 *
 * <p><b>Bug.</b> Before 76c44f6d a snapshot write that found the COW full invalidated the
 * snapshot: the header was rewritten with valid=0 and the data written through the snapshot so
 * far became unreadable. Since then, with the {@code PO} store argument (b0d3cc01, "userspace
 * supports overflow") the snapshot only refuses further writes ({@code Overflow}); {@code P}
 * keeps the old behaviour because older userspace cannot parse {@code Overflow}.
 *
 * <p><b>Trigger.</b> A COW with room for 2 data chunks (header + area 0 + 2 chunks, CS=8); two
 * snapshot writes fill it, a third to a new chunk overflows. Run with {@code PO} and with
 * {@code P}; then an origin write filling a {@code PO} COW.
 *
 * <p><b>Oracle.</b> {@code PO}: the overflowing write and every later snapshot write fail with
 * EIO; status {@code Overflow}; reads still return the written data; the snapshot stays valid and
 * the header keeps valid=1; after remove + re-create on a larger COW holding the same bytes, the
 * data is intact and writable. {@code P}: status {@code Invalid}, header valid=0, reads fail (the
 * old behaviour, kept by design). {@code PO} overflowed by an <em>origin</em> write: {@code Invalid}.
 *
 * <p><b>No negative control:</b> the reason is in {@link Scenarios}.
 */
public final class S10OverflowPersistentVsOverflowAware implements ScenarioBody
{
    private static final long SECTORS = 8192;
    private static final int CHUNK = 8;
    private static final long SMALL_COW = 4L * CHUNK;
    private static final long LARGE_COW = 64L * CHUNK;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final CorrectnessChecks checks = new CorrectnessChecks();
        final StressStack st = ctx.stack(SECTORS);
        final long a = ctx.random().nextInt(100);
        final long b = a + 1 + ctx.random().nextInt(100);
        final long c = b + 1 + ctx.random().nextInt(100);
        overflowAware(st, checks, a, b, c);
        persistent(st, checks, a, b, c);
        originOverflow(st, checks);
        return checks.verdict("PO overflowed with its image intact and reusable; P and origin overflow invalidated");
    }

    private static void overflowAware(final StressStack st, final CorrectnessChecks checks,
                                      final long a, final long b, final long c) throws Exception
    {
        final MemoryDevice cow = new MemoryDevice("s10-po-cow", SMALL_COW);
        st.dm.addDevice(cow);
        final MappedDevice snap = st.addSnapshotOn("po", cow.name(), "PO " + CHUNK);
        fill(snap, checks, "PO", a, b);
        checks.equal(BlkStatus.IOERR, StressStack.write(snap, c * CHUNK, BlockPattern.of(c, 1, 1)),
            "PO: the overflowing snapshot write");
        checks.equal("Overflow", st.info("po"), "PO: status");
        checks.expect(st.snapshot("po").isValid(), "PO: the snapshot stays valid");
        checks.equal(1, CorrectnessChecks.headerValid(cow), "PO: on-disk header valid field");
        checks.equal(BlkStatus.IOERR, StressStack.write(snap, a * CHUNK, BlockPattern.of(a, 2, 1)),
            "PO: a later write to an existing exception");
        checks.sameBlock(BlockPattern.of(a, 1, 1), StressStack.read(snap, a * CHUNK, BlockPattern.BLOCK), "PO: read of chunk " + a);
        checks.sameBlock(BlockPattern.of(b, 1, 1), StressStack.read(snap, b * CHUNK, BlockPattern.BLOCK), "PO: read of chunk " + b);

        // Remove, then re-create on a larger COW holding the same bytes (lvextend): the image is intact.
        st.dm.remove("po");
        final MemoryDevice larger = new MemoryDevice("s10-po-cow2", LARGE_COW);
        larger.writeBytes(0, cow.readBytes(0, (int) SMALL_COW));
        st.dm.addDevice(larger);
        final MappedDevice again = st.addSnapshotOn("po", larger.name(), "PO " + CHUNK);
        checks.equal("32/" + LARGE_COW + " 16", st.info("po"), "PO: usage after re-create (2 data chunks + metadata)");
        checks.sameBlock(BlockPattern.of(a, 1, 1), StressStack.read(again, a * CHUNK, BlockPattern.BLOCK),
            "PO: chunk " + a + " after re-create");
        checks.sameBlock(BlockPattern.of(b, 1, 1), StressStack.read(again, b * CHUNK, BlockPattern.BLOCK),
            "PO: chunk " + b + " after re-create");
        checks.equal(BlkStatus.OK, StressStack.write(again, c * CHUNK, BlockPattern.of(c, 1, 1)),
            "PO: the refused write succeeds with room");
        checks.sameBlock(BlockPattern.of(c, 1, 1), StressStack.read(again, c * CHUNK, BlockPattern.BLOCK),
            "PO: chunk " + c + " after re-create");
        st.dm.remove("po");
    }

    private static void persistent(final StressStack st, final CorrectnessChecks checks, final long a, final long b,
                                   final long c) throws Exception
    {
        final MemoryDevice cow = new MemoryDevice("s10-p-cow", SMALL_COW);
        st.dm.addDevice(cow);
        final MappedDevice snap = st.addSnapshotOn("p", cow.name(), "P " + CHUNK);
        fill(snap, checks, "P", a, b);
        checks.equal(BlkStatus.IOERR, StressStack.write(snap, c * CHUNK, BlockPattern.of(c, 1, 1)),
            "P: the overflowing snapshot write");
        checks.equal("Invalid", st.info("p"), "P: status");
        checks.equal(0, CorrectnessChecks.headerValid(cow), "P: on-disk header valid field");
        checks.expect(StressStack.read(snap, a * CHUNK, BlockPattern.BLOCK) == null, "P: reads fail after invalidation");
        st.dm.remove("p");
    }

    private static void originOverflow(final StressStack st, final CorrectnessChecks checks) throws Exception
    {
        final MemoryDevice cow = new MemoryDevice("s10-origin-cow", SMALL_COW);
        st.dm.addDevice(cow);
        st.addSnapshotOn("po-origin", cow.name(), "PO " + CHUNK);
        for (long chunk = 0; chunk < 3; chunk++)
        {
            checks.equal(BlkStatus.OK, StressStack.write(st.origin, chunk * CHUNK, BlockPattern.of(chunk, 3, 0)),
                "origin write to chunk " + chunk + " (the origin always works)");
        }
        checks.equal("Invalid", st.info("po-origin"), "PO overflowed by an origin write: status");
        st.dm.remove("po-origin");
    }

    private static void fill(final MappedDevice snap, final CorrectnessChecks checks, final String store, final long a,
                             final long b)
    {
        checks.equal(BlkStatus.OK, StressStack.write(snap, a * CHUNK, BlockPattern.of(a, 1, 1)), store + ": write chunk " + a);
        checks.equal(BlkStatus.OK, StressStack.write(snap, b * CHUNK, BlockPattern.of(b, 1, 1)), store + ": write chunk " + b);
    }
}
