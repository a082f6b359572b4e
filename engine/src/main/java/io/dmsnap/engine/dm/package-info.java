/**
 * The device-mapper core: {@link io.dmsnap.engine.dm.DeviceMapper} (the control API of
 * {@code dm-ioctl}) and {@link io.dmsnap.engine.dm.MappedDevice} (a table of targets, the I/O gate
 * and the in-flight count of {@code dm.c}), with the built-in targets.
 *
 * <h2>Locks</h2>
 * The engine's lock order is written once, with the snapshot locks it nests with, in the
 * {@code io.dmsnap.engine.snap} package documentation. The dm core's part of it, each lock with
 * its {@link io.dmsnap.engine.concurrent.LockClass}:
 * <ul>
 *   <li>{@code MappedDevice.control}: {@link io.dmsnap.engine.dm.MappedDevice#CONTROL} when the
 *       device's own verbs take it (outermost of all), and
 *       {@link io.dmsnap.engine.dm.MappedDevice#CONTROL_INTERNAL} when a target of another device
 *       suspends or resumes it internally (a snapshot's resume quiescing the origin, nested inside
 *       the snapshot device's {@code CONTROL}). Target hooks (presuspend, postsuspend, preresume,
 *       resume, the destructor) run under it and take {@code _origins_lock} and the snapshot
 *       state lock inside.</li>
 *   <li>{@code deferredLock} ({@link io.dmsnap.engine.dm.MappedDevice#DEFERRED_LOCK}): the held
 *       bios and the opening of the gate; inside {@code control}, calls nothing.</li>
 *   <li>{@code tableReaders} ({@link io.dmsnap.engine.dm.MappedDevice#TABLE_READERS}): status and
 *       message readers against the destruction of a retired table; taken without
 *       {@code control}, so a suspended device still answers; the target's status takes the
 *       snapshot state lock inside.</li>
 *   <li>{@code DeviceMapper.devicesLock} and the module-state monitor: leaves around map updates,
 *       never held while a device or target is called.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * {@code MappedDevice.submit} runs on any thread, concurrently, and never blocks (a closed gate
 * holds the bio); the verbs serialise per device on {@code control} and may block (waiting for
 * in-flight I/O); completions run on whatever thread completes the last clone.
 */
package io.dmsnap.engine.dm;
