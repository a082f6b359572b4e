package io.dmsnap.engine.exception;

import org.jctools.util.UnsafeAccess;
import sun.misc.Unsafe;

import java.nio.Buffer;
import java.nio.ByteBuffer;

/**
 * Plain 64-bit loads and stores at raw addresses inside direct buffers, for the slots of the
 * cuckoo complete table ({@link CuckooCompleteTable}).
 *
 * <p>Why not {@link ByteBuffer#getLong(int)}: each call checks the index against the limit, asks
 * the buffer for its memory session, reads its address and byte order and fences its
 * reachability. A lookup makes up to a dozen such accesses and a miss on the slots costs a few
 * dozen nanoseconds, so the extra instructions per access were a third of a lookup's time
 * (measured: the same probe over the same buffers, 190-210 ns a lookup through the buffer, 110-170
 * ns through its address, 1 Mi records). Fewer instructions also let the processor keep more
 * lookups' cache misses in flight at once.
 *
 * <p>Contract, which the callers keep and tests check through the table's behaviour: an address
 * passed here lies inside a live direct buffer that its owner has not freed, 8-byte aligned, with
 * 8 bytes to spare. Nothing here checks it: a wrong address reads or corrupts memory outside the
 * Java heap instead of throwing. The owner frees a buffer only when no thread can still hold its
 * address (under the lock that guards every access to it, after the last one).
 *
 * <p>Memory ordering: plain accesses, as the buffer's own {@code getLong}; callers order them with
 * their locks. {@link Unsafe} comes from JCTools (already the engine's queue library), which
 * obtains it once.
 */
final class SlotMemory
{
    private static final Unsafe UNSAFE = UnsafeAccess.UNSAFE;
    /** Offset of {@code Buffer.address}, the start of a direct buffer's memory. */
    private static final long ADDRESS_FIELD = UnsafeAccess.fieldOffset(Buffer.class, "address");

    private SlotMemory()
    {
    }

    /** Address of index 0 of direct buffer {@code buffer}. */
    static long address(final ByteBuffer buffer)
    {
        if (!buffer.isDirect())
        {
            throw new IllegalArgumentException("not a direct buffer");
        }
        return UNSAFE.getLong(buffer, ADDRESS_FIELD);
    }

    static long getLong(final long address)
    {
        return UNSAFE.getLong(address);
    }

    static void putLong(final long address, final long value)
    {
        UNSAFE.putLong(address, value);
    }

    /** Copy {@code bytes} bytes from {@code from} to {@code to}; the two ranges may overlap (memmove). */
    static void copy(final long from, final long to, final long bytes)
    {
        UNSAFE.copyMemory(from, to, bytes);
    }
}
