package io.dmsnap.engine.store;

/**
 * An exception store ({@code struct dm_exception_store} with its type's operations): where a
 * snapshot keeps the mapping from origin chunks to COW chunks, and how it allocates COW chunks.
 * Implementations are registered by name in {@link ExceptionStores}.
 *
 * <p>Threading (the kernel's, which callers must respect):
 * <ul>
 *   <li>{@link #readMetadata} runs once, in the snapshot constructor.</li>
 *   <li>{@link #prepareException} is called under the snapshot's {@code pe_allocation_lock}: never
 *       concurrently with itself, never blocking.</li>
 *   <li>{@link #commitException}, {@link #prepareMerge} and {@link #commitMerge} are called on the
 *       snapshot's copier thread only, in allocation-sequence order for commits (except with the
 *       historic AS_COMPLETED variant); the commit callback also runs there.</li>
 *   <li>{@link #dropSnapshot} is called with the snapshot lock held exclusively, from any thread.</li>
 *   <li>{@link #usage} and {@link #statusTable} may be called from any thread; they read fields
 *       without locks and may be momentarily stale, as in the kernel.</li>
 * </ul>
 */
public interface ExceptionStore extends AutoCloseable
{
    /** Returned by {@link #prepareException} when the COW device is full. */
    long FULL = -1L;

    /** Registered type name: "P" or "N". */
    String typeName();

    /**
     * The chunk geometry: the one copy, read by the snapshot that uses this store. Set in the
     * constructor or by {@link #readMetadata}, or by {@link #chunkSize(int)} while the store is
     * not in use; read by every thread after the snapshot is published (the table load and resume
     * that publish it order the write before any I/O).
     */
    ChunkGeometry geometry();

    /** Chunk size in sectors; 0 while unknown (transient store with 0, handover destination). */
    default int chunkSize()
    {
        return geometry().sectors();
    }

    /** Set the chunk size (handover destination: 0). Validation is the caller's. */
    void chunkSize(int sectors);

    /**
     * Load the stored mappings into {@code sink}. Returns a negative errno on failure, 0 when the
     * store is usable, 1 when it is marked invalid on disk (no mappings are loaded then).
     */
    int readMetadata(ExceptionSink sink);

    /**
     * Pick the COW chunk for a new exception and count it as prepared; returns the chunk or
     * {@link #FULL}. Called under the snapshot's allocation lock.
     */
    long prepareException(long oldChunk);

    /**
     * Record {@code oldChunk -> newChunk} (or the failure of its copy when {@code valid} is false),
     * then call {@code callback.committed(context, success)} once it is durable; a store may batch
     * and call back later. Copier thread only.
     */
    void commitException(long oldChunk, long newChunk, boolean valid, CommitCallback callback, Object context);

    /**
     * Prepared exceptions whose commit has not been made durable yet: a store that batches commits
     * holds the callbacks of committed ones while this is above 0, so a count that never drops
     * keeps those pending exceptions forever (watchdog dumps). Racy; 0 for a store that calls back
     * at once.
     */
    default int pendingCount()
    {
        return 0;
    }

    /** Whether this store supports merging (persistent only). */
    boolean supportsMerge();

    /**
     * Merge: report in {@code lastOldNew[0..1]} the last stored mapping and return how many
     * consecutive mappings end there (0 = nothing left, negative = read error).
     */
    int prepareMerge(long[] lastOldNew);

    /** Merge: forget the last {@code n} mappings durably; 0 or a negative errno. */
    int commitMerge(int n);

    /** Mark the store invalid (persistent: header valid = 0). */
    void dropSnapshot();

    /** {@code out[0]} sectors allocated, {@code out[1]} total sectors, {@code out[2]} metadata sectors. */
    void usage(long[] out);

    /** The store part of the TABLE status: " P 8", " PO 8", " N 8" (leading space included). */
    String statusTable();

    /** Persistent store created with the O option (userspace understands "Overflow"). */
    boolean userspaceSupportsOverflow();

    /** Release resources; the COW device stays open (the snapshot owns it). */
    @Override
    void close();
}
