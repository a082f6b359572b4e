package io.dmsnap.stress.scenarios;

import io.dmsnap.stress.Scenario;
import io.dmsnap.stress.ScenarioCatalog;

import java.util.List;

/** Scenarios of the spec's table, one class each; see their javadoc for trigger, oracle and negative control. */
public final class LifecycleScenarios implements ScenarioCatalog
{
    @Override
    public List<Scenario> scenarios()
    {
        return List.of(
            new S19HandoverWhilePendingExceptions(),
            new S21HandoverProtocol(),
            new S22ChunkLargerThanOrigin(),
            new S23ChunkSizeValidation(),
            new S24InvalidSnapshotActivates(),
            new S25StatusLocking(),
            new S26DestructorWaitsForPendingExceptions(),
            new S27NoBlockingUnderOriginsWriteLock(),
            new S28OriginWithoutSnapshots(),
            new S29TeardownOfHugeTable(),
            new S30OriginGrewBeyondSnapshot(),
            new S31OriginReadsNotSplit(),
            new S37InvalidateWhilePending(),
            new S39ConsecutivePacking(),
            new S40ConflictingIoWaitSleeps(),
            new S41LockingScalability(),
            new S42PendingExceptionsFreedOnce());
    }
}
