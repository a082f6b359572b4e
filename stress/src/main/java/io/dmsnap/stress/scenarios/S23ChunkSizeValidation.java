package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;

import static io.dmsnap.stress.scenarios.LifecycleChecks.check;

/**
 * S23, c2411045, 3f2412dc, df96eee6: chunk-size validation (spec 1.2.2).
 *
 * <p><b>Bug.</b> Chunk sizes that are not powers of two, smaller than a device's logical block,
 * too large for 32 bits of bytes, or 0 with a transient store were accepted and later broke the
 * I/O path (c2411045 added the block-size rule, 3f2412dc the 'not set' check, df96eee6 the 32-bit
 * chunk size).
 *
 * <p><b>Trigger.</b> Constructors with CS 3, 12 and 2^22 (N), CS 4 on a COW with 4 KiB logical
 * blocks, N with CS 0; then CS 2^21 and CS 8 on the 4 KiB COW.
 *
 * <p><b>Oracle.</b> Each bad size fails with {@code "Couldn't create exception store"} and the
 * detailed reason in the log ({@code "Chunk size is not a power of 2"}, {@code "Chunk size is not
 * a multiple of device blocksize"}, {@code "Chunk size is too high"}), or {@code "Chunk size not
 * set"} for N 0; a refused constructor leaves nothing registered on the origin; 2^21 and 8 on the
 * 4 KiB COW are accepted with that chunk size.
 *
 * <p><b>Negative control.</b> None: the reason is in {@link Scenarios}.
 */
final class S23ChunkSizeValidation implements ScenarioBody
{
    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final StressStack st = ctx.stack(8192);
        st.dm.addDevice(new MemoryDevice("cow", 8192));
        st.dm.addDevice(new MemoryDevice("cow4k", 8192, 4096));
        final String[][] refused = {
            {"cow N 3", "Couldn't create exception store", "Chunk size is not a power of 2"},
            {"cow N 12", "Couldn't create exception store", "Chunk size is not a power of 2"},
            {"cow4k N 4", "Couldn't create exception store", "Chunk size is not a multiple of device blocksize"},
            {"cow4k P 4", "Couldn't create exception store", "Chunk size is not a multiple of device blocksize"},
            {"cow N 4194304", "Couldn't create exception store", "Chunk size is too high"},
            {"cow N 0", "Chunk size not set", null},
        };
        int n = 0;
        for (final String[] r : refused)
        {
            final String name = "bad" + n++;
            try
            {
                st.dm.create(name, "0 8192 snapshot base " + r[0]);
                throw new LifecycleChecks.Violation("'" + r[0] + "' was accepted");
            }
            catch (final DmException e)
            {
                check(e.getMessage().contains(r[1]), () -> "'" + r[0] + "': error '" + e.getMessage() + "', expected '" + r[1] + "'");
            }
            if (r[2] != null)
            {
                check(st.dm.log().contains(r[2]), () -> "'" + r[0] + "': the log lacks '" + r[2] + "'");
            }
            check(st.origins().snapshotOrder(st.base).isEmpty(), () -> "'" + r[0] + "' left a registration behind");
        }
        st.dm.create("max", "0 8192 snapshot base cow N 2097152");
        check(st.snapshot("max").chunkSize() == 2097152, () -> "CS 2^21 became " + st.snapshot("max").chunkSize());
        st.dm.remove("max");
        st.dm.create("blk", "0 8192 snapshot base cow4k N 8");
        check(st.snapshot("blk").chunkSize() == 8, "CS 8 on a 4 KiB COW was not kept");
        return Verdict.pass(refused.length + " bad chunk sizes refused with their messages; 2^21 and 8 (on 4 KiB blocks) accepted");
    }
}
