package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.snap.MergeStats;
import io.dmsnap.engine.snap.MergeTarget;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;

/** What the merge scenarios share: a COW with fault injection, the LVM merge sequence, the wait for its end. */
final class MergeChecks
{
    private MergeChecks()
    {
    }

    /**
     * Register a COW of {@code sectors} named {@code name} in two fault layers: the outer one holds
     * bios, the inner one ({@link #faults}) fails them, also the held ones once released.
     */
    static FlakeyDevice flakeyCow(final StressStack st, final String name, final long sectors) throws Exception
    {
        final FlakeyDevice cow = new FlakeyDevice(name,
            new FlakeyDevice(name + "-faults", new MemoryDevice(name + "-mem", sectors)));
        st.dm.addDevice(cow);
        return cow;
    }

    /** The inner fault layer of a {@link #flakeyCow}. */
    static FlakeyDevice faults(final FlakeyDevice cow)
    {
        return (FlakeyDevice) cow.inner();
    }

    /** The memory under a {@link #flakeyCow}. */
    static MemoryDevice memory(final FlakeyDevice cow)
    {
        return (MemoryDevice) faults(cow).inner();
    }

    /** Start merging {@code snapshot} the lvconvert way, on an actor (the first step may wait); returns the target. */
    static MergeTarget startMerge(final ScenarioContext ctx, final StressStack st, final String snapshot) throws Exception
    {
        return ctx.await(ctx.actor(() ->
        {
            try
            {
                return st.lvm.startMerge(snapshot);
            }
            catch (final Exception e)
            {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }), "merge start of " + snapshot);
    }

    /** Wait until the merge stopped (completed, failed, or refused to start) and return what it did. */
    static MergeStats awaitEnd(final ScenarioContext ctx, final MergeTarget m) throws Exception
    {
        ctx.awaitTrue(() -> !m.mergeStats().running(), "the end of the merge");
        return m.mergeStats();
    }
}
