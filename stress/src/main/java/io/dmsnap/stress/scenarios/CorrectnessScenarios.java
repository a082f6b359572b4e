package io.dmsnap.stress.scenarios;

import io.dmsnap.stress.Scenario;
import io.dmsnap.stress.ScenarioCatalog;

import java.util.List;

/**
 * Scenarios S06 to S15 of the spec's table: exception uniqueness, read tracking, mixed chunk
 * sizes, copy errors, overflow, full-chunk writes, table sizing, constructor validation and the
 * unload race; one class each, see their javadoc for trigger, oracle and negative control.
 */
public final class CorrectnessScenarios implements ScenarioCatalog
{
    @Override
    public List<Scenario> scenarios()
    {
        return List.of(
            new S06TwoExceptionsForOneChunk(),
            new S07ReadOvertakenByOriginWrite(),
            new S08SnapshotsWithDifferentChunkSizes(),
            new S09CopyErrorWithoutHungBios(),
            new S10OverflowPersistentVsOverflowAware(),
            new S11FullChunkWriteSkipsOriginRead(),
            new S12HashTableSizedFromCow(),
            new S13OriginSameAsCow(),
            new S14TransientChunkSizeZero(),
            new S15UseAfterFreeOnUnload());
    }
}
