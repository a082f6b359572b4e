package io.dmsnap.engine.config;

/**
 * The engine's variant switches: each historic behaviour from the dm-snap.c history is one value,
 * so that the code "before" and "after" a kernel commit runs side by side in one binary. Values
 * are chosen once, when a snapshot is constructed; the I/O path then runs the strategy object the
 * value selected and never looks at the configuration again.
 */
public final class Switches
{
    private Switches()
    {
    }

    /** How a snapshot's state and exception tables are locked. */
    public enum Locking
    {
        /** One exclusive lock per snapshot for every table access, submission and completion (before 3f1637f2). */
        GLOBAL,
        /** rw lock for snapshot state + per-bucket locks on both tables + allocation lock (3f1637f2). */
        FINE
    }

    /** How the complete and pending exception tables are built. */
    public enum Tables
    {
        /** Java objects in chained buckets with two-pointer heads (the kernel's list_head era, before f79ae415). */
        HEAP_LISTS,
        /** Off-heap bucket words whose low bit is the bucket lock, entries in an off-heap slab (hlist_bl, f79ae415). */
        OFFHEAP_BL,
        /**
         * Complete records in place in off-heap open-addressing segments, keyed by 256-chunk group,
         * one bit lock per segment; the pending table as OFFHEAP_BL (not a kernel design).
         */
        OFFHEAP_OPEN,
        /**
         * Complete single-chunk records in off-heap cuckoo buckets of four, two cache lines per
         * lookup, runs in a sorted list per segment, one bit lock per segment; the pending table as
         * OFFHEAP_BL (not a kernel design).
         */
        OFFHEAP_CUCKOO
    }

    /** Order of the steps in pending_complete. */
    public enum CompleteOrder
    {
        /** Wait for conflicting reads while holding the snapshot lock, then insert and remove (before 65fc7c37). */
        WAIT_THEN_INSERT,
        /** Insert the complete record, wait for conflicting reads unlocked, then remove the pending one (65fc7c37). */
        INSERT_WAIT_REMOVE
    }

    /** Order in which finished copies are committed to the exception store. */
    public enum CommitOrder
    {
        /** Commit in copy completion order; leaks COW space on a crash (before 230c83af). */
        AS_COMPLETED,
        /** Commit in allocation order, parking early completions in a sorted list (230c83af). */
        IN_ORDER_LIST,
        /** Commit in allocation order, parking early completions in a red-black tree (3db2776d). */
        IN_ORDER_TREE,
        /**
         * Commit in allocation order, parking early completions in a ring indexed by sequence
         * number, sized by the copies in flight (not a kernel design: preset experimental).
         */
        IN_ORDER_RING
    }

    /** How the number of COW copies in flight is limited. */
    public enum Throttle
    {
        /** No limit on copier jobs (before 721b1d98). */
        NONE,
        /** Counting semaphore acquired before each copy, with _origins_lock held on the origin path (721b1d98). */
        SEMAPHORE,
        /** In-progress count; writers wait before taking locks, with _origins_lock released (b2155578). */
        IN_PROGRESS
    }

    /** What a snapshot write covering a whole new chunk does. */
    public enum FullChunkWrite
    {
        /** Copy the chunk from the origin first, then write the bio (before a6e50b40). */
        COPY,
        /** Write the bio straight to the new COW chunk; the origin is never read (a6e50b40). */
        SKIP_ORIGIN_READ
    }

    /** What the exception hash tables are sized from. */
    public enum HashSizing
    {
        /** min(origin, COW) size: an origin of size 0 at load gives 64 buckets (before 60e356f3). */
        MIN_ORIGIN_COW,
        /** The COW device size (60e356f3). */
        COW_ONLY
    }

    /** What happens to an exception whose copy failed. */
    public enum CopyErrorCommit
    {
        /** Skip the store commit and fail the exception; a persistent batch then never flushes (before 385277bf). */
        SKIP_COMMIT,
        /** Commit it with valid = 0: the store goes invalid and the batch completes with failure (385277bf). */
        COMMIT_INVALID
    }

    /** Whether a newly allocated pending exception re-checks the complete table after re-taking the locks. */
    public enum RecheckComplete
    {
        /** No re-check: a concurrent completion can leave two exceptions for one chunk (before 35bf659b). */
        SKIP,
        /** Re-check complete, then pending, after the allocation (35bf659b). */
        RECHECK
    }

    /**
     * The order in which an origin write re-checks the tables after re-taking the bucket locks
     * around the allocation of a pending exception ({@code __origin_write}).
     */
    public enum OriginRecheck
    {
        /**
         * Complete first, as {@code snapshot_map} does: an origin write that slept in the
         * allocation while the chunk reached state C (complete record inserted, pending exception
         * still waiting for tracked snapshot reads) skips the snapshot and overwrites the origin
         * under a snapshot read of the old data. Never a kernel's order; the negative control of S43.
         */
        COMPLETE_FIRST,
        /** Pending first: a pending exception in state B or C is found and the write waits on it (the kernel). */
        PENDING_FIRST
    }

    /** Whether snapshot reads sent to the origin are tracked until they complete. */
    public enum ReadTracking
    {
        /** Untracked: an origin write can overtake a snapshot read of the old data (before cd45daff, a8d41b59). */
        OFF,
        /** Tracked; pending_complete waits for them (cd45daff). */
        ON
    }

    /**
     * Whether a discard that {@code discard_passdown_origin} sends to the origin's device is
     * tracked, as snapshot reads sent there are, until it completes (2e602385 tracks it).
     */
    public enum PassdownTracking
    {
        /**
         * Untracked: an origin write to the chunk, queued behind the copy-on-write the discard
         * did not trigger, is released as soon as its copy ends and can reach the device before
         * the discard, which then erases an acknowledged write (the shape of seed 003's dm-thin
         * race). Never a kernel's behaviour; the negative control of S18.
         */
        OFF,
        /** Tracked: pending_complete waits for it before releasing origin writes to the chunk (2e602385). */
        ON
    }

    /** When pending_complete frees the pending exception. */
    public enum PeFree
    {
        /** Before releasing the bios and retrying origin writes: the destructor may free the snapshot under it (before 22aa66a3). */
        EARLY,
        /** As the very last action that touches the snapshot (22aa66a3). */
        LAST
    }

    /**
     * When the origin recomputes the boundary it splits writes at ({@code origin_resume}, {@code __minimum_chunk_size}). The kernel
     * recomputes it at origin resume only, which is why the origin must be suspended and resumed
     * around loading a snapshot; the stale variant shows what skipping that step does.
     */
    public enum SplitBoundary
    {
        /**
         * Never: the boundary keeps its initial 2^31 sectors, as on an origin whose snapshots were
         * loaded without the suspend and resume the documentation requires. A write larger than a
         * snapshot's chunk then copies only the first chunk it touches (corruption).
         */
        STALE,
        /** At every origin resume, from the chunk sizes registered then (7e768532). */
        AT_RESUME
    }

    /** Whether a handover first quiesces the origin's I/O (not a preset column: for the S19 negative control). */
    public enum HandoverQuiesce
    {
        /** Swap tables and stores with origin writes still running: a pending exception can outlive the swap (before b735fede). */
        SKIP,
        /** Internally suspend the origin device around the swap, so no pending exception survives it (b735fede). */
        SUSPEND_ORIGIN
    }

    /**
     * Whether a merge step flushes the origin device before it commits the merge to the exception
     * store ({@code merge_callback}, fcc42338, Linux 5.11).
     */
    public enum MergeFlush
    {
        /**
         * No flush: the store forgets a merged run durably while its data may still sit in the
         * origin's volatile write cache; a crash then loses the run (before fcc42338).
         */
        SKIP,
        /** Flush the origin, then commit the merge (fcc42338). */
        FLUSH_ORIGIN
    }

    /**
     * Whether a merge step makes the other snapshots of the origin copy the chunks it is about to
     * overwrite, and waits for those copies ({@code origin_write_extent}, 73dfd078). Not a preset
     * column: merging was released with it (2.6.33); the negative control of S33.
     */
    public enum MergeProtect
    {
        /** No copy-on-write in the other snapshots: the merge overwrites origin data they still share (1e03f97e alone). */
        SKIP,
        /** Copy-on-write in every other snapshot for every minimum-chunk step of the run, and wait for it (73dfd078). */
        TRIGGER_COW
    }

    /**
     * How much a merge step takes from the store ({@code snapshot_merge_next_chunks}, 8a2d5286). Not a
     * preset column: released together with merging (2.6.33); the negative control of S38.
     */
    public enum MergeRuns
    {
        /** One chunk per copier job and per {@code commit_merge} (before 8a2d5286). */
        ONE_CHUNK,
        /** A whole run of consecutive exceptions per copier job and per {@code commit_merge(n)} (8a2d5286). */
        RUNS
    }

    /**
     * Whether the merge target guards writes against the merge in flight ({@code snapshot_merge_map},
     * 9fe86254, 17aa0332). Not a preset column: released together with merging (2.6.33); the
     * negative control of S32.
     */
    public enum MergeWriteGuard
    {
        /**
         * Unguarded (1e03f97e alone): a write to a chunk being merged goes to the COW chunk the copy
         * reads, or to the origin the copy overwrites, and the merge neither waits for it nor holds it.
         */
        OFF,
        /**
         * Writes to the chunks being merged are queued until the merge commits (9fe86254); writes to
         * remapped chunks are tracked and the merge of a chunk waits for them (17aa0332).
         */
        QUEUE_AND_TRACK
    }

    /**
     * Whether a handover on an origin with a running merge suspends the merge target's device and
     * stops its merge around the swap ({@code snapshot_resume}, 09ee96b2, Linux 4.0). Not a preset
     * column, like {@link HandoverQuiesce}: the negative control of S20.
     */
    public enum HandoverMergeStop
    {
        /** Look only for a snapshot-origin target: with a merge running, origin I/O keeps flowing through the swap (before 09ee96b2). */
        SKIP,
        /** Suspend the merge target's device and stop its merge; restart it after the swap (09ee96b2). */
        STOP_RESTART
    }

    /**
     * Which thread performs a copy-on-write copy and the completion after it (in-order commit, store
     * commit, {@code pending_complete}, release of the waiting bios). Not a kernel design: preset
     * experimental.
     */
    public enum CopyCompletion
    {
        /** The copier thread, always: the submitter queues the copy and waits (the kernel's kcopyd). */
        COPIER_THREAD,
        /**
         * The submitting thread, when the snapshot's copier is idle: it takes the copier role, copies
         * and completes on its own thread, and hands the role back; otherwise as COPIER_THREAD.
         */
        SUBMITTER_WHEN_IDLE
    }
}
