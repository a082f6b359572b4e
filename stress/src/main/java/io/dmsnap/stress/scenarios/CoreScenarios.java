package io.dmsnap.stress.scenarios;

import io.dmsnap.stress.Scenario;
import io.dmsnap.stress.ScenarioCatalog;

import java.util.List;

/** Scenarios of the spec's table, one class each; see their javadoc for trigger, oracle and negative control. */
public final class CoreScenarios implements ScenarioCatalog
{
    @Override
    public List<Scenario> scenarios()
    {
        return List.of(new S01CrashLeak(), new S02ReorderComplexity(), new S03CopierJobBound(),
            new S04SemaphoreDeadlock(), new S05ConflictingReadStall(), new S16EveryBioCompletesOnce());
    }
}
