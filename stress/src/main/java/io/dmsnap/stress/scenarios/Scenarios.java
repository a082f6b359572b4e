package io.dmsnap.stress.scenarios;

import io.dmsnap.stress.NegativeControl;
import io.dmsnap.stress.Scenario;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioInfo;
import io.dmsnap.stress.Variant;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import static io.dmsnap.stress.NegativeControl.hungOn;
import static io.dmsnap.stress.NegativeControl.none;
import static io.dmsnap.stress.NegativeControl.violatedOn;

/**
 * Every stress scenario, in ID order: what each is about (ID, title, kernel commits, the variant
 * that breaks it) and the class that runs it. This list is the one place a scenario is
 * registered; {@code dmsnap stress --list} prints it and {@code --list --format markdown}
 * generates the scenario table of the stress documentation from it.
 *
 * <p>IDs follow the project's table of historic bugs.
 */
public final class Scenarios
{
    private static final List<Scenario> ALL = List.of(
        scenario("S01", "no COW chunk leaks after a crash when copies finish in reverse order",
            List.of("230c83af"),
            violatedOn(Variant.of("v3.12")),
            new S01CrashLeak()),
        scenario("S02", "reverse-order copy completions commit in O(n log n), not O(n^2)",
            List.of("3db2776d"),
            violatedOn(Variant.set("commitOrder=IN_ORDER_LIST")),
            new S02ReorderComplexity()),
        scenario("S03", "copies in flight per snapshot stay near the COW threshold, also after it is changed live",
            List.of("721b1d98", "b2155578"),
            violatedOn(Variant.set("throttle=NONE")),
            new S03CopierJobBound()),
        scenario("S04", "origin writers blocked in the COW throttle do not deadlock a snapshot constructor",
            List.of("b2155578"),
            hungOn(Variant.set("throttle=SEMAPHORE")),
            new S04SemaphoreDeadlock()),
        scenario("S05", "a slow conflicting snapshot read does not stall other snapshot I/O",
            List.of("65fc7c37"),
            violatedOn(Variant.set("locking=GLOBAL", "completeOrder=WAIT_THEN_INSERT")),
            new S05ConflictingReadStall()),
        scenario("S06", "a completion racing an allocation leaves exactly one exception per chunk, also after replay",
            List.of("35bf659b"),
            violatedOn(Variant.set("recheckComplete=SKIP")),
            new S06TwoExceptionsForOneChunk()),
        scenario("S07", "a snapshot read sent to the origin returns the old data although an origin write to its chunk follows",
            List.of("a8d41b59", "cd45daff"),
            violatedOn(Variant.set("readTracking=OFF")),
            new S07ReadOvertakenByOriginWrite()),
        scenario("S08", "with chunk sizes 8 and 64 on one origin, writes inside a large chunk wait for its copy; list sorted largest first",
            List.of("6d45d93e", "515ad66c"),
            violatedOn(Variant.set("splitBoundary=STALE")),
            new S08SnapshotsWithDifferentChunkSizes()),
        scenario("S09", "a copy error in a persistent batch invalidates the snapshot and completes every bio",
            List.of("385277bf"),
            hungOn(Variant.set("copyErrorCommit=SKIP_COMMIT")),
            new S09CopyErrorWithoutHungBios()),
        scenario("S10", "a snapshot write overflowing a PO store overflows (image intact); P and origin-write overflow invalidate",
            List.of("76c44f6d", "b0d3cc01"),
            none("the pre-76c44f6d behaviour is not an engine switch: it survives as the P store argument, which "
                + "the kernel keeps on purpose for userspace that cannot parse Overflow; the positive run checks it "
                + "side by side with PO (P must invalidate, PO must overflow), so a PO that behaved like P fails the oracle"),
            new S10OverflowPersistentVsOverflowAware()),
        scenario("S11", "full-chunk snapshot writes never read the origin and complete only after their commit",
            List.of("a6e50b40"),
            violatedOn(Variant.set("fullChunkWrite=COPY")),
            new S11FullChunkWriteSkipsOriginRead()),
        scenario("S12", "hash tables are sized from the COW (1 GiB, CS=8: 262144/32768 buckets) although the origin is tiny",
            List.of("60e356f3"),
            violatedOn(Variant.set("hashSizing=MIN_ORIGIN_COW")),
            new S12HashTableSizedFromCow()),
        scenario("S13", "a snapshot with COW == origin is refused with EINVAL and leaves nothing behind",
            List.of("4df2bf46"),
            none("the buggy kernel did not return a wrong answer, it crashed (NULL dereference inside chunk-size "
                + "validation); the engine has no switch to skip the check because there is no defined behaviour to "
                + "model past it, so the scenario checks the refusal and that nothing is left behind"),
            new S13OriginSameAsCow()),
        scenario("S14", "'N 0' is refused with EINVAL 'Chunk size not set', unregistered, with its resources freed",
            List.of("c699a0db"),
            none("the bug was a missing error code after the state was freed; a Java constructor either throws or "
                + "returns a usable object, so 'success with freed state' has no faithful model and the engine offers "
                + "no switch for it; the scenario checks the refusal and that every resource (registration, copier "
                + "thread, COW open count) is released"),
            new S14TransientChunkSizeZero()),
        scenario("S15", "removing a snapshot under its last pending completion waits for it; nothing touches a freed snapshot",
            List.of("22aa66a3"),
            violatedOn(Variant.set("peFree=EARLY")),
            new S15UseAfterFreeOnUnload()),
        scenario("S16", "every bio completes exactly once and every pending exception is freed once",
            List.of("7c5f78b9"),
            none("the engine has no shared primary pending exception or shared reference count to switch back to: "
                + "every snapshot allocates and frees its own pending exceptions"),
            new S16EveryBioCompletesOnce()),
        scenario("S17", "a merge flushes the origin before commit_merge: a crash right after it keeps every merged run",
            List.of("fcc42338"),
            violatedOn(Variant.set("mergeFlush=SKIP")),
            new S17MergeFlushesOrigin()),
        scenario("S18", "an origin write to a chunk whose passdown discard is in flight waits for it and keeps its data",
            List.of("2e602385", "2abd7c27"),
            violatedOn(Variant.set("passdownTracking=OFF")),
            new S18PassdownDiscardInFlight()),
        scenario("S19", "table reloads (handover) while origin writes have copies in flight",
            List.of("b735fede"),
            violatedOn(Variant.set("handoverQuiesce=SKIP")),
            new S19HandoverWhilePendingExceptions()),
        scenario("S20", "a handover while a merge runs quiesces the merge device and stops and restarts its merge",
            List.of("09ee96b2"),
            violatedOn(Variant.set("handoverMergeStop=SKIP")),
            new S20HandoverDuringMerge()),
        scenario("S21", "the handover protocol refuses its invalid sequences",
            List.of("c1f0c183"),
            none("the protocol checks of c1f0c183 are the handover itself: no switch removes them, and a variant "
                + "without them would not hand over at all"),
            new S21HandoverProtocol()),
        scenario("S22", "a chunk larger than the origin still gives 64-bucket tables",
            List.of("8e87b9b8"),
            none("the minimum of 64 buckets (8e87b9b8) is not a switch: even hashSizing=MIN_ORIGIN_COW is clamped to "
                + "64, so no variant builds a 0-sized table"),
            new S22ChunkLargerThanOrigin()),
        scenario("S23", "chunk-size validation matrix and its error strings",
            List.of("c2411045", "3f2412dc", "df96eee6"),
            none("chunk-size validation is not a switch: the engine has no variant that accepts an invalid chunk size"),
            new S23ChunkSizeValidation()),
        scenario("S24", "a snapshot whose header says invalid is activated as Invalid",
            List.of("0764147b"),
            none("refusing a valid=0 header (the pre-0764147b constructor) is not a switch; the engine always "
                + "activates such a snapshot as Invalid"),
            new S24InvalidSnapshotActivates()),
        scenario("S25", "TABLE status never blocks on the snapshot lock; INFO is consistent",
            List.of("94e76572", "4c6fff44"),
            none("TABLE status without the snapshot lock (94e76572) and INFO under it (4c6fff44) are not switches; "
                + "no variant takes other locks for status"),
            new S25StatusLocking()),
        scenario("S26", "removing one of two snapshots waits for its copies in flight; the other keeps working",
            List.of("879129d2"),
            violatedOn(Variant.set("peFree=EARLY")),
            new S26DestructorWaitsForPendingExceptions()),
        scenario("S27", "register and unregister complete while copies are held in the devices",
            List.of("60c856c8"),
            none("Java allocation never recurses into block I/O and the engine allocates before taking the write "
                + "lock; no switch moves work under it (throttle=SEMAPHORE also hangs this trigger, but that is S04's "
                + "bug, b2155578, not 60c856c8)"),
            new S27NoBlockingUnderOriginsWriteLock()),
        scenario("S28", "an origin with no snapshots splits at 2^31 and writes work",
            List.of("7e768532", "7ee06ddc", "f16dba5d"),
            none("the 0 boundary of 7e768532 is not a switch, and the merge's extent loop steps by the merge "
                + "target's max I/O length, at least 1 sector (7ee06ddc), in every variant"),
            new S28OriginWithoutSnapshots()),
        scenario("S29", "destroying a snapshot with 2^17 exceptions is bounded",
            List.of("6e7132ed"),
            none("the lockup was the kernel's soft-lockup detector on a non-preemptible loop; a Java teardown is "
                + "preemptible and has no variant without 6e7132ed's yield to switch to"),
            new S29TeardownOfHugeTable()),
        scenario("S30", "origin writes beyond the snapshot's length do not copy",
            List.of("d5e404c1"),
            none("the length check of d5e404c1 is not a switch; no variant copies beyond the snapshot's length"),
            new S30OriginGrewBeyondSnapshot()),
        scenario("S31", "origin reads reach the device unsplit; writes split per chunk",
            List.of("298eaa89"),
            none("the split_io path 298eaa89 removed is not a switch; the origin target never splits reads in any "
                + "variant"),
            new S31OriginReadsNotSplit()),
        scenario("S32", "during a merge, a write to the merging run waits for its commit; a run waits for writes to its COW chunks",
            List.of("9fe86254", "17aa0332"),
            violatedOn(Variant.set("mergeWriteGuard=OFF")),
            new S32WritesDuringMerge()),
        scenario("S33", "a merge makes the origin's other snapshots copy the chunks it overwrites, and waits for them",
            List.of("73dfd078"),
            violatedOn(Variant.set("mergeProtect=SKIP")),
            new S33MergeProtectsOtherSnapshots()),
        scenario("S34", "a merge target over an invalid snapshot maps to the origin; a copy error gives Merge failed and EIO to queued writes",
            List.of("d2fdb776", "d8ddb1cf"),
            none("sending an invalid merge target's I/O to the COW (before d2fdb776) and a silent merge failure "
                + "(before d8ddb1cf) are not switches: the merge target was released with both, so no kernel "
                + "behaved otherwise"),
            new S34InvalidSnapshotAndMergeFailure()),
        scenario("S35", "a second merge target on a merging origin is refused: 'A snapshot is already merging.'",
            List.of("9d3b15c4"),
            none("the refusal is not a switch: there is no defined behaviour of two merges of one origin to model"),
            new S35OneMergePerOrigin()),
        scenario("S36", "discard features: the matrix, zeroing and no-op discards, and the merge target ignoring discards",
            List.of("2e602385", "3ee25485"),
            none("the features are table-line options, not historic behaviours: no switch removes them, and a "
                + "kernel without them refuses the feature arguments"),
            new S36DiscardFeatures()),
        scenario("S37", "invalidation with exceptions pending fails their bios and empties the pending table",
            List.of("76df1c65", "695368ac"),
            none("the valid re-check under the lock (76df1c65) and the removal on the invalid path (695368ac) are "
                + "not switches; every variant removes the pending record on both paths"),
            new S37InvalidateWhilePending()),
        scenario("S38", "a run of 37 consecutive exceptions merges as one copier job (in sub-jobs) and one commit_merge(37)",
            List.of("8a2d5286"),
            violatedOn(Variant.set("mergeRuns=ONE_CHUNK")),
            new S38MergeConsecutiveRuns()),
        scenario("S39", "sequential origin writes pack into 4 records over 1000 chunks",
            List.of("d74f81f8"),
            none("combining (d74f81f8) is not a switch: both table implementations pack runs the same way"),
            new S39ConsecutivePacking()),
        scenario("S40", "the wait for a conflicting read sleeps instead of spinning",
            List.of("90fa1527"),
            none("the yield loop of 90fa1527 is not a switch: the engine's only conflicting-I/O wait is the 1 ms "
                + "sleep-poll"),
            new S40ConflictingIoWaitSleeps()),
        scenario("S41", "random 4 KiB origin and snapshot writes at 1 and 2 workers, GLOBAL vs FINE",
            List.of("3f1637f2", "4ad8d880"),
            none("the oracle is data correctness under both lock schemes; the bug is throughput, which a shared "
                + "2-core machine cannot judge pass/fail (the figures are reported; dmsnap matrix is the comparison)"),
            new S41LockingScalability()),
        scenario("S42", "many snapshots, repeated writes to one chunk: every exception freed once, every bio completed once",
            List.of("eccf0817", "b4b610f6"),
            none("the shared primary exception and its sibling list (eccf0817, b4b610f6, 7c5f78b9) no longer exist "
                + "in the design; no switch rebuilds them"),
            new S42PendingExceptionsFreedOnce()),
        scenario("S43", "an origin write that slept in the allocation waits on a state-C exception; the snapshot read in flight keeps the old data",
            List.of("35bf659b", "c6621392"),
            violatedOn(Variant.set("originRecheck=COMPLETE_FIRST")),
            new S43OriginRecheckOrder()));

    private Scenarios()
    {
    }

    /** Every scenario, sorted by ID (S01, S02, ..., S43). */
    public static List<Scenario> all()
    {
        return ALL;
    }

    /** The scenario with {@code id} (case-insensitive, "s6" and "S06" both work); throws listing the valid IDs. */
    public static Scenario byId(final String id)
    {
        final String want = id.trim().toUpperCase(Locale.ROOT);
        for (final Scenario s : ALL)
        {
            if (s.id().equals(want) || (want.startsWith("S") && number(want) == number(s.id())))
            {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + id + "'; valid scenarios: "
            + ALL.stream().map(Scenario::id).collect(Collectors.joining(", ")));
    }

    private static Scenario scenario(final String id, final String title, final List<String> commits,
                                     final NegativeControl negativeControl, final ScenarioBody body)
    {
        return new Scenario(new ScenarioInfo(id, title, commits, negativeControl), body);
    }

    private static int number(final String id)
    {
        try
        {
            return Integer.parseInt(id.replaceAll("[^0-9]", ""));
        }
        catch (final NumberFormatException e)
        {
            return Integer.MAX_VALUE;
        }
    }
}
