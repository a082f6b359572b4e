package io.dmsnap.engine.dm;

import io.dmsnap.engine.block.Bio;

/**
 * One target instance: the object behind one table line, built by its {@link TargetType}.
 *
 * <p>Threading, as in the kernel:
 * <ul>
 *   <li>{@link #acceptLength} and {@link #map} run on the submitting thread, concurrently for
 *       different bios, only while the device is not suspended (between {@link #resume} and the
 *       next {@link #presuspend}, plus the in-flight bios a suspend waits for).</li>
 *   <li>{@link #endIo} runs on whichever thread completes the clone.</li>
 *   <li>The lifecycle hooks and {@link #destroy} run on control threads, one at a time per
 *       device; {@link #status} and {@link #message} may run at any time, concurrently with
 *       I/O, but never after {@link #destroy} started.</li>
 * </ul>
 */
public interface Target
{
    /**
     * Map one clone. Its sector is relative to the start of this target and it never crosses a
     * multiple of {@link DmTarget#maxIoLen} counted from the target start.
     *
     * @return a {@link DmMapResult} value: REMAPPED (the target set the device), SUBMITTED (the
     *         target owns the bio and completes or submits it later), KILL (dm fails it with IOERR)
     */
    int map(Bio bio);

    /**
     * Called when a clone this target mapped completes, before its parent is accounted; the
     * target stops tracking the bio here. Returns the status to pass up.
     */
    default int endIo(final Bio bio, final int status)
    {
        return status;
    }

    /**
     * How many sectors of this READ or WRITE clone the target accepts now
     * ({@code dm_accept_partial_bio}); the clone is already clipped to the target and to its max
     * I/O length. dm sends the remainder to the target as a separate clone afterwards. Values
     * outside {@code 1..bio.sectors()} are taken as "all".
     */
    default int acceptLength(final Bio bio)
    {
        return bio.sectors();
    }

    /** First step of a suspend, before new I/O is held and in-flight I/O is waited for. */
    default void presuspend()
    {
    }

    /** Last step of a suspend, once no bio of the device is in flight. */
    default void postsuspend()
    {
    }

    /**
     * First step of a resume, called for every target of the table before any {@link #resume}.
     * A failure keeps the device suspended.
     */
    default void preresume() throws DmException
    {
    }

    /** Called for every target once all preresumes succeeded, before held I/O is released. */
    default void resume()
    {
    }

    /**
     * Visit every area of a device this target maps onto ({@code iterate_devices}); dm checks at
     * table load that each lies inside its device. Control thread, after the constructor. A
     * target that maps onto no device visits nothing.
     */
    default void iterateDevices(final DeviceArea fn) throws DmException
    {
    }

    /** The target part of a status line; empty when the target reports nothing. */
    default String status(final StatusType type)
    {
        return "";
    }

    /** Handle {@code dmsetup message}; the returned text (possibly empty) goes back to the caller. */
    default String message(final String[] args) throws DmException
    {
        throw new DmException("Target does not support messages");
    }

    /** The destructor: release everything the constructor took. The devices dm opened for it are closed by dm. */
    void destroy();
}
