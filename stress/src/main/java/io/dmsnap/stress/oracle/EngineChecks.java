package io.dmsnap.stress.oracle;

import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.engine.snap.SnapshotStats;

import java.util.ArrayList;
import java.util.List;

/** Oracles on the engine's own counters, for the end of a run when all I/O has completed. */
public final class EngineChecks
{
    private EngineChecks()
    {
    }

    /**
     * Every pending exception allocated was freed exactly once: with all I/O complete, the pool's
     * outstanding count of each snapshot is back to 0 (a leak leaves it above 0; a double free
     * drives it below 0). Also no copies in flight and nothing parked in the in-order stage.
     */
    public static List<String> quiescent(final List<Snapshot> snapshots)
    {
        final List<String> out = new ArrayList<>();
        for (final Snapshot s : snapshots)
        {
            final SnapshotStats st = s.stats();
            if (st.pendingExceptions() != 0)
            {
                out.add(s.name() + ": " + st.pendingExceptions() + " pending exceptions not freed (0 expected)");
            }
            if (st.copiesInFlight() != 0)
            {
                out.add(s.name() + ": " + st.copiesInFlight() + " copies still in flight");
            }
            if (st.parkedCompletions() != 0)
            {
                out.add(s.name() + ": " + st.parkedCompletions() + " completions still parked");
            }
        }
        return out;
    }
}
