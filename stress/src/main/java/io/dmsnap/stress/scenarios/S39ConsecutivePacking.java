package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

import static io.dmsnap.stress.scenarios.LifecycleChecks.BLOCK_SECTORS;
import static io.dmsnap.stress.scenarios.LifecycleChecks.check;

/**
 * S39, d74f81f8: consecutive exceptions are packed into one record.
 *
 * <p><b>Bug.</b> Before d74f81f8 every exception was its own record; sequential workloads filled
 * the tables with one record per chunk.
 *
 * <p><b>Trigger.</b> Single-threaded sequential origin writes over 1,000 chunks with a persistent
 * store, CS 8 (256 exceptions per metadata area).
 *
 * <p><b>Oracle.</b> Runs break at every 256-chunk group of the origin side and where allocation
 * skipped a metadata area on the COW side; with CS 8 both coincide, giving exactly 4 records that
 * cover 1,000 mappings; every chunk's lookup succeeds and the snapshot reads the old data.
 *
 * <p><b>Negative control.</b> None: the reason is in {@link Scenarios}.
 */
final class S39ConsecutivePacking implements ScenarioBody
{
    private static final int CHUNKS = 1000;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final StressStack st = ctx.stack((long) CHUNKS * BLOCK_SECTORS);
        LifecycleChecks.fill(st.origin, CHUNKS, 0);
        st.addSnapshot("snap", 16384, "P", 8);
        for (int c = 0; c < CHUNKS; c++)
        {
            LifecycleChecks.stamp(st.origin, c, 1, 0);
        }
        final Snapshot s = st.snapshot("snap");
        final long[] n = LifecycleChecks.records(s);
        check(n[1] == CHUNKS, () -> n[1] + " mappings for " + CHUNKS + " copied chunks");
        check(n[0] == 4, () -> n[0] + " records for 1000 sequential chunks, expected 4");
        for (int c = 0; c < CHUNKS; c++)
        {
            final int chunk = c;
            check(s.lookup(c) >= 0, () -> "lookup of chunk " + chunk + " failed");
        }
        LifecycleChecks.verify(st.dm.mappedDevice("snap"), CHUNKS, b -> BlockPattern.of(b, 0, 0), "snapshot");
        return Verdict.pass(n[0] + " records for " + n[1] + " mappings; every lookup succeeds");
    }
}
