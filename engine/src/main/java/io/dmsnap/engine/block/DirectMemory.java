package io.dmsnap.engine.block;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Allocation and prompt release of the engine's direct buffers: the off-heap exception tables and
 * the copier's buffer arena.
 *
 * <p>A direct buffer is normally freed only when the collector finds it unreachable, which may be
 * long after its owner is closed; benchmarks, soaks and stress runs that create and drop many
 * snapshots would then hit the direct-memory limit. {@link #free} therefore runs the buffer's cleaner at once when the JDK allows
 * it ({@code sun.misc.Unsafe.invokeCleaner}, reached reflectively so that no compile-time
 * dependency on an internal API exists) and otherwise leaves the buffer to the collector.
 */
public final class DirectMemory
{
    private static final MethodHandle INVOKE_CLEANER = findInvokeCleaner();

    private DirectMemory()
    {
    }

    /**
     * A new zeroed direct buffer of at least {@code bytes} bytes. Index 0 of the returned view is
     * aligned to {@code alignment} (a power of two), as atomic VarHandle access modes
     * require for 8-byte words. The view is in native byte order. {@code root[0]} receives the buffer
     * that must be passed to {@link #free}.
     *
     * @throws OutOfMemoryError when the direct-memory limit is reached
     */
    public static ByteBuffer allocateAligned(final int bytes, final int alignment, final ByteBuffer[] root)
    {
        // alignedSlice moves the start up and the end down to the alignment; two units of slack
        // leave at least bytes in between wherever the allocator put the buffer.
        final ByteBuffer raw = ByteBuffer.allocateDirect(Math.addExact(bytes, 2 * alignment));
        root[0] = raw;
        final ByteBuffer view = raw.alignedSlice(alignment).order(ByteOrder.nativeOrder());
        if (view.capacity() < bytes)
        {
            throw new IllegalStateException("aligned slice too small: " + view.capacity() + " < " + bytes);
        }
        return view;
    }

    /**
     * Release a direct buffer: one returned through {@code root} by {@link #allocateAligned}, or
     * one from {@link ByteBuffer#allocateDirect} (not a slice or view of one). Nothing may touch it
     * or any view of it afterwards: that would read freed memory. Callers free only once every
     * thread that used the buffer is done (a table's destructor, a copier joined with no job left).
     */
    public static void free(final ByteBuffer root)
    {
        if (root == null || INVOKE_CLEANER == null)
        {
            return;
        }
        try
        {
            INVOKE_CLEANER.invokeExact(root);
        }
        catch (final RuntimeException | Error e)
        {
            throw e;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("cannot free direct buffer", t);
        }
    }

    private static MethodHandle findInvokeCleaner()
    {
        try
        {
            final Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            final Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            return MethodHandles.lookup()
                .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                .bindTo(theUnsafe.get(null));
        }
        catch (final ReflectiveOperationException | RuntimeException e)
        {
            return null;   // no prompt release on this JDK: the collector frees the buffers
        }
    }
}
