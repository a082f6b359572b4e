package io.dmsnap.engine.exception;

import io.dmsnap.engine.block.DirectMemory;
import io.dmsnap.engine.concurrent.LockClass;
import io.dmsnap.engine.concurrent.LockDep;
import io.dmsnap.engine.concurrent.SpinWait;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An off-heap array of 64-bit bucket words, each a list head with a bit spin lock in it (the
 * kernel's {@code hlist_bl_head}). Bit 0 is the lock; bits 1..63 hold the first element's index
 * + 1, so 0 means an empty list. The words live in one direct buffer aligned to a cache line.
 *
 * <p>Invariant: only the lock holder (or, with GLOBAL locking, the holder of the one outer lock)
 * changes the head bits. Waiting threads only apply {@code getAndBitwiseOr(1)}, which leaves a
 * locked word unchanged, so the holder's plain read-modify-write of the head bits cannot lose an
 * update.
 *
 * <p>Memory ordering: element fields written while the lock is held are published by the release
 * store in {@link #unlock} and seen by the next holder after the acquire in {@link #lock}; with
 * GLOBAL locking the outer lock provides the same happens-before edges.
 */
final class BucketWords
{
    static final long LOCK_BIT = 1L;

    /** View of a direct buffer as long[]; atomic access modes need direct, 8-aligned memory. */
    private static final VarHandle WORD = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final int count;
    private ByteBuffer root;
    /** The class of every bucket lock of this array, for {@link LockDep}. */
    private final LockClass lockClass;
    /** Read once per call; set to null by {@link #close} so that use after close fails fast. */
    private ByteBuffer words;

    /**
     * {@code count} zeroed (empty, unlocked) words.
     *
     * @throws OutOfMemoryError when the direct-memory limit is reached
     */
    BucketWords(final int count, final LockClass lockClass)
    {
        this.count = count;
        this.lockClass = lockClass;
        final ByteBuffer[] rootOut = new ByteBuffer[1];
        this.words = DirectMemory.allocateAligned(Math.multiplyExact(count, Long.BYTES), 64, rootOut);
        this.root = rootOut[0];
    }

    int count()
    {
        return count;
    }

    long bytes()
    {
        return (long) count * Long.BYTES;
    }

    /**
     * Spin until bucket {@code b}'s lock bit is ours. Non-reentrant; any thread. Returns whether
     * the bit was taken at the first attempt ({@code false}) or only after waiting ({@code true}).
     */
    boolean lock(final int b)
    {
        LockDep.acquire(lockClass);
        final ByteBuffer w = words;
        final int offset = b << 3;
        boolean waited = false;
        while (true)
        {
            // Acquire: pairs with the release in unlock(), so everything the previous holder wrote
            // (head bits, element fields) is visible once the bit is ours.
            if (((long) WORD.getAndBitwiseOrAcquire(w, offset, LOCK_BIT) & LOCK_BIT) == 0)
            {
                return waited;
            }
            waited = true;
            // Opaque: a read the JIT cannot hoist out of the loop; no ordering is needed while we
            // only watch for the bit to clear, the acquiring RMW above provides it.
            int round = 0;
            while (((long) WORD.getOpaque(w, offset) & LOCK_BIT) != 0)
            {
                round = SpinWait.pause(round);   // yields once the holder looks preempted
            }
        }
    }

    /** Release bucket {@code b}; only the thread that locked it may call this. */
    void unlock(final int b)
    {
        final ByteBuffer w = words;
        final int offset = b << 3;
        // The opaque read sees our own latest head store (program order, same location). Release:
        // every write made under the lock happens-before the next holder's acquire.
        WORD.setRelease(w, offset, (long) WORD.getOpaque(w, offset) & ~LOCK_BIT);
        LockDep.release(lockClass);
    }

    /** Whether bucket {@code b} is locked now; a racy snapshot for tests and assertions. */
    boolean isLocked(final int b)
    {
        return ((long) WORD.getOpaque(words, b << 3) & LOCK_BIT) != 0;
    }

    /**
     * First element index + 1 of bucket {@code b}, 0 if empty. Caller holds the bucket (or the
     * outer lock), so the value is stable; opaque only because waiters RMW the same word.
     */
    long head(final int b)
    {
        return (long) WORD.getOpaque(words, b << 3) >>> 1;
    }

    /**
     * Set bucket {@code b}'s first element index + 1, keeping the lock bit as it is. Caller holds
     * the bucket (or the outer lock). Opaque (single-copy atomic, coherent with the waiters' RMW);
     * the element it points at is published later by the unlock's release.
     */
    void setHead(final int b, final long indexPlusOne)
    {
        final ByteBuffer w = words;
        final int offset = b << 3;
        final long lockBit = (long) WORD.getOpaque(w, offset) & LOCK_BIT;
        WORD.setOpaque(w, offset, (indexPlusOne << 1) | lockBit);
    }

    /** Free the memory; no bucket may be used afterwards. Idempotent; not thread-safe. */
    void close()
    {
        final ByteBuffer r = root;
        words = null;
        root = null;
        DirectMemory.free(r);
    }
}
