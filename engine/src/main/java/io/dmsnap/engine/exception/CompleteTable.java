package io.dmsnap.engine.exception;

import io.dmsnap.engine.concurrent.LockClass;

/**
 * The table of completed exceptions of one snapshot ({@code s->complete}): a hash of records
 * {@code old_chunk -> new_chunk} where one record may stand for a run of up to 256 consecutive
 * mappings ({@code struct dm_exception}, {@code dm_insert_exception}, {@code dm_lookup_exception}).
 *
 * <p>Hash: {@code bucket(c) = (c >> 8) & (buckets - 1)}, so 256 consecutive chunks share a bucket
 * and a bucket lock. Each bucket's records are kept sorted by {@code old_chunk}; an insert that is
 * consecutive on both sides with a neighbour extends it instead of adding a record.
 *
 * <p>Locking contract: {@link #lookup}, {@link #insert} and {@link #removeChunk} touch one bucket
 * and must be called with that bucket locked by the caller, either through
 * {@link #lockBucket}/{@link #unlockBucket} (FINE locking) or under one lock that covers every
 * access to the table (GLOBAL locking). Bucket locks are non-reentrant spin locks held for a few
 * hundred nanoseconds at most; nothing may block while holding one. The lock order against the
 * pending table is: complete bucket first, then pending bucket.
 *
 * <p>Implementations allocate nothing per lookup or insert in steady state.
 */
public interface CompleteTable extends AutoCloseable
{
    /** The class of every complete-table bucket lock, for the lock-order checker. */
    LockClass BUCKET_LOCK = LockClass.named("complete-table bucket lock");

    /** Returned by {@link #lookup} when no record covers the chunk. */
    long NOT_FOUND = -1L;

    /** {@link #removeChunk} results. */
    int REMOVED = 0;
    int REMOVE_NOT_FOUND = -1;
    int REMOVE_FROM_MIDDLE = -2;

    /** Number of buckets (a power of two). */
    int buckets();

    /** Bucket of chunk {@code c}: {@code (c >> 8) & (buckets - 1)}. */
    int bucketOf(long chunk);

    /**
     * Spin until the bucket lock is held (acquire semantics). Returns {@code true} when another
     * holder made the caller wait (the contention count of the locking statistics).
     */
    boolean lockBucket(int bucket);

    /** Release the bucket lock (release semantics). */
    void unlockBucket(int bucket);

    /** COW chunk that {@code chunk} maps to, or {@link #NOT_FOUND}. Caller holds the bucket. */
    long lookup(long chunk);

    /**
     * Insert {@code oldChunk -> newChunk}, combining with a neighbouring record when both sides are
     * consecutive ({@code dm_insert_exception}, d74f81f8). Caller holds the bucket. Returns false when no memory is left for a
     * new record (the caller invalidates the snapshot with ENOMEM).
     */
    boolean insert(long oldChunk, long newChunk);

    /**
     * Forget the mapping of one chunk (merge): delete a one-chunk record, or shrink a run at its
     * front or end. Returns {@link #REMOVED}, {@link #REMOVE_NOT_FOUND} or
     * {@link #REMOVE_FROM_MIDDLE} (the chunk is inside a run). Caller holds the bucket.
     */
    int removeChunk(long chunk);

    /**
     * Visit every record as (old, new chunk number, additional consecutive count). Not safe against
     * concurrent modification; for status, tests and tools.
     */
    void forEachRecord(RecordVisitor visitor);

    /** Bytes of memory the table uses now (bucket heads + records). */
    long footprintBytes();

    /** Free the table's memory. The table must not be used afterwards. */
    @Override
    void close();

    /** Receives records from {@link #forEachRecord}. */
    @FunctionalInterface
    interface RecordVisitor
    {
        void record(long oldChunk, long newChunk, int consecutive);
    }
}
