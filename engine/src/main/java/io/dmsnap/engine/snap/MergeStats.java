package io.dmsnap.engine.snap;

/**
 * What a merge has done so far, for tools, tests and scenarios: taken racily from the merge's
 * counters, each one exact on its own.
 *
 * @param running       a merge step is in flight or about to run ({@code RUNNING_MERGE})
 * @param completed     the store had no exception left: the merge ended
 * @param failed        the merge failed (status {@code Merge failed})
 * @param copyJobs      copier jobs issued, one per run
 * @param commits       {@code commit_merge} calls that succeeded, one per run
 * @param chunksMerged  chunks copied back and forgotten
 * @param largestRun    the longest run merged by one job
 * @param protectWaits  waits for other snapshots' copies before a run (73dfd078)
 * @param originFlushes origin flushes before a commit (fcc42338)
 */
public record MergeStats(boolean running, boolean completed, boolean failed, long copyJobs, long commits,
                         long chunksMerged, long largestRun, long protectWaits, long originFlushes)
{
}
