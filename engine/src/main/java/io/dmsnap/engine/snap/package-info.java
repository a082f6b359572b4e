/**
 * The dm-snapshot targets ({@code snapshot-origin}, {@code snapshot}, {@code snapshot-merge}) and
 * their module state: the model of the kernel's {@code dm-snap.c}.
 *
 * <h2>Lock order</h2>
 * The whole engine's lock order, dm core and handover included, written once (here); every lock
 * below names a {@link io.dmsnap.engine.concurrent.LockClass} and the lock-order checker
 * ({@link io.dmsnap.engine.concurrent.LockDep}, {@code -Ddmsnap.lockdep=true}) checks it in the
 * engine's and the stress module's tests and in {@code dmsnap stress}; {@code LockOrderTest}
 * checks that the copy-on-write, status and handover paths take these edges. A lock may be taken
 * while holding the locks above it on its branch, never the other way round; outermost first:
 * <pre>
 * md control (dm verbs)                 MappedDevice.control: suspend, resume, load, clear, remove of one device
 *  ├─ md control (internal suspend)     the same mutex of ANOTHER device: a snapshot's resume quiesces its
 *  │   │                                origin for a handover (b735fede), holding its own device's control
 *  │   └─ md deferredLock               the origin's held bios and its gate
 *  ├─ md deferredLock                   this device's held bios and gate (resume, remove)
 *  └─ _origins_lock                     target hooks run under control: preresume, resume, presuspend, dtr
 *
 * md tableReaders                       MappedDevice: status and message against the retirement of a table
 *  └─ snapshot state lock               status INFO reads the snapshot exclusively
 *
 * _origins_lock (RwSemaphore)           Origins: origin registry, the origin write path
 *  ├─ InProgressCowThrottle monitor     a writer registers under it, then drops _origins_lock before it sleeps
 *  └─ snapshot state lock               s-&gt;lock: FINE RwSemaphore, GLOBAL one mutex for everything
 *      │                                (handover: source, then destination; one class, ordered by the code)
 *      ├─ complete-table bucket lock    bit 0 of the bucket word (off-heap) or a SpinLockArray slot (heap)
 *      │   └─ pending-table bucket lock
 *      │       ├─ pe_allocation_lock    Snapshot: sequence and COW chunk of a new pending exception
 *      │       ├─ tracked_chunk_lock    TrackedChunks
 *      │       └─ pending pool lock     PendingExceptionPool's free list (a surplus exception goes back
 *      │                                under the buckets; an allocation takes it with them dropped)
 *      └─ pending pool grow monitor     the pool's slow path, bucket locks dropped; the pending table's
 *                                       registry lock inside
 *
 * CowThreshold monitor                  SnapshotParameters: setting cow_threshold
 *  └─ InProgressCowThrottle monitor     only to notify the writers now within the threshold
 *
 * merge state monitor                   SnapshotMerge (RUNNING_MERGE, SHUTDOWN_MERGE): a leaf; stop_merge
 *                                       waits in it with md control held (merge target presuspend and dtr;
 *                                       a handover's resume also holds the merge device's internal control)
 *
 * Leaves (nothing is taken while they are held): the CopierMemory account lock (a copy's
 * submission and a copier client's creation count into it, under _origins_lock or control), the
 * _pending_exceptions_done EventCount monitor (taken on the copier thread only while a merge
 * waits), the KcopydThrottle monitor (the copier may sleep in it), DeviceMapper's devicesLock and
 * moduleStates monitor, the pending table's registry lock, the devices' own locks (TimedDevice,
 * MemoryDevice, FlakeyDevice, ...).
 * </pre>
 * Two classes for one {@code control} mutex: a target of one device suspends another device
 * internally while its own device's control is held, which one class would report as a
 * self-deadlock. The kernel does the same with a lockdep subclass: {@code dm_suspend} and
 * {@code dm_resume} take {@code suspend_lock} with {@code SINGLE_DEPTH_NESTING}, the internal
 * suspend and resume without. Of the leaves, the CopierMemory lock and the EventCount monitor are
 * instrumented; the others are held around a few field updates and call nothing. A lock may be taken with any of
 * the locks above it on its branch held, not only its parent (tracked_chunk_lock under the state
 * lock alone, say).
 *
 * <p>The merge paths take nothing new above the snapshot state lock. The merge target's map holds
 * the merging snapshot's state lock exclusively (tracked_chunk_lock under it for a write remapped
 * to the COW) and releases it before an unremapped write enters the origin write path
 * ({@code _origins_lock}). A merge step ({@code snapshot_merge_next_chunks}, first on the resuming
 * control thread, then on the merging snapshot's copier thread) holds no lock while it calls
 * {@code origin_write_extent} (which takes {@code _origins_lock} for reading and the other
 * snapshots' chunk locks under it, as an origin write does), waits on the done counter, takes the
 * state lock exclusively to publish the merging range, and sleep-polls the tracked writes. The
 * merge callback flushes the origin and commits the store with no lock held, removes the run from
 * the complete table under the exclusive state lock, and submits the queued writes after releasing it.
 *
 * <p>Rules that go with the order. Nothing blocks or allocates under a bucket lock or a spin lock
 * (their waiters spin, then yield: {@link io.dmsnap.engine.concurrent.SpinWait}). Pending
 * exceptions are allocated with the bucket locks dropped and re-checked after they are taken
 * again. The IN_PROGRESS throttle waits before any snapshot lock and with {@code _origins_lock}
 * released; the SEMAPHORE variant deliberately blocks with {@code _origins_lock} held, to
 * reproduce the b2155578 deadlock (the semaphore is not a named lock, so the checker leaves that
 * variant's deadlock to its stress scenario). Nothing blocks while {@code _origins_lock} is held
 * for writing (60c856c8).
 *
 * <h2>Threads</h2>
 * Submitters run the origin write path and the snapshot map functions in their own threads; each
 * snapshot's copier thread ({@code copy.Kcopyd}) runs copy callbacks, the in-order commit, store
 * commits and {@code pending_complete}; the control thread runs constructors, suspend, resume,
 * status and destructors. Each class says which of them may call what. With
 * {@code copyCompletion=SUBMITTER_WHEN_IDLE} "the copier thread" is a role, not a thread: a
 * submitter holding no lock at all may take it while the copier is idle and run its own copy and
 * everything after it, taking the locks above from the top of the order, as the copier thread
 * does ({@code Snapshot.copyAccountedHere}); it never holds {@code _origins_lock} or a snapshot
 * lock while it copies.
 */
package io.dmsnap.engine.snap;
