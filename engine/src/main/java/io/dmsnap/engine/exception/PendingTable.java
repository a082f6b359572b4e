package io.dmsnap.engine.exception;

import io.dmsnap.engine.concurrent.LockClass;

/**
 * The table of pending exceptions of one snapshot ({@code s->pending}): chunk to the
 * {@link PendingEntry} (a pending exception) building its mapping. Hash
 * {@code bucket(c) = c & (buckets - 1)}; a new entry goes at the head of its bucket; entries never
 * combine.
 *
 * <p>Locking contract as in {@link CompleteTable}: {@link #lookup}, {@link #insert} and
 * {@link #remove} need the entry's bucket held by the caller (FINE) or one lock covering all
 * access (GLOBAL). When both tables are locked, the complete bucket is taken first.
 */
public interface PendingTable extends AutoCloseable
{
    /** The class of every pending-table bucket lock, for the lock-order checker. */
    LockClass BUCKET_LOCK = LockClass.named("pending-table bucket lock");

    int buckets();

    /** {@code chunk & (buckets - 1)}. */
    int bucketOf(long chunk);

    /** As {@link CompleteTable#lockBucket}: returns whether the caller had to wait. */
    boolean lockBucket(int bucket);

    void unlockBucket(int bucket);

    /**
     * Make the entry known to this table; called once per entry object, before its first insert,
     * outside any bucket lock. May allocate (grows the registry); never called on the I/O path
     * once a pool is warm.
     */
    void register(PendingEntry entry);

    /** The entry for {@code chunk}, or null. Caller holds the bucket. */
    PendingEntry lookup(long chunk);

    /** Insert at the head of the bucket of {@code entry.oldChunk()}. Caller holds the bucket. */
    void insert(PendingEntry entry);

    /** Unlink the entry. Caller holds its bucket. */
    void remove(PendingEntry entry);

    /** Number of entries inserted now (walks the table; for tests and status). */
    int count();

    long footprintBytes();

    @Override
    void close();
}
