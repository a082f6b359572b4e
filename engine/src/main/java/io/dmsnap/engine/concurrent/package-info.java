/**
 * The engine's concurrency primitives, in one place so that each protocol is written, argued and
 * tested once.
 *
 * <h2>Waiting</h2>
 * <ul>
 *   <li>{@link io.dmsnap.engine.concurrent.IdlePolicy}: the one spin-then-park policy and every
 *       spin and park budget, justified by measured hand-off costs.</li>
 *   <li>{@link io.dmsnap.engine.concurrent.SingleWaiter}: one owner thread that parks, many
 *       threads that wake it (the Dekker pair: announce, re-check, park / publish, read, unpark).
 *       Used by the copier's idle loop ({@code copy.Kcopyd}) and {@code block.SyncIo}.</li>
 *   <li>{@link io.dmsnap.engine.concurrent.CompletionStack}: many completers, one waiter; an
 *       intrusive Treiber stack with that wake-up. Used by the null device's completion thread
 *       ({@code block.NullDevice}), the fio workers and the JMH I/O window of the bench module.
 *       ({@code block.CompletionTimer} keeps its own variant: it must also wake a timer parked
 *       until a later deadline when an earlier one arrives, which a stack that wakes only on
 *       empty-to-non-empty cannot express.)</li>
 *   <li>{@link io.dmsnap.engine.concurrent.EventCount}: a count that many advance without a lock
 *       and a few wait to see move ({@code _pending_exceptions_done}).</li>
 * </ul>
 *
 * <h2>Locks</h2>
 * <ul>
 *   <li>{@link io.dmsnap.engine.concurrent.SpinLock} and
 *       {@link io.dmsnap.engine.concurrent.SpinLockArray}: test-and-test-and-set spin locks
 *       ({@code spinlock_t}; the on-heap tables' bucket locks), waiting through
 *       {@link io.dmsnap.engine.concurrent.SpinWait}. The off-heap tables' bucket bit locks live in
 *       their bucket words ({@code exception.BucketWords}) and wait the same way.</li>
 *   <li>{@link io.dmsnap.engine.concurrent.RwSemaphore}: the kernel's {@code rw_semaphore} (FIFO
 *       hand-off, no per-thread state).</li>
 *   <li>{@link io.dmsnap.engine.concurrent.LockDep}: the lock-order checker, off unless
 *       {@code -Ddmsnap.lockdep=true}; every lock names its
 *       {@link io.dmsnap.engine.concurrent.LockClass}. The order itself is written in the
 *       {@code snap} and {@code dm} packages' documentation, next to the locks.</li>
 * </ul>
 *
 * <h2>Conventions</h2>
 * Every lock-free access states its memory ordering where it is made (volatile,
 * acquire/release, opaque, plain-published-by), as the LMAX Disruptor and Agrona do; every
 * protocol states who may call what and its progress guarantee; nothing on an I/O path allocates.
 * The wake-up protocols are tested under jcstress ({@code CompletionStackStress},
 * {@code EventCountStress}).
 */
package io.dmsnap.engine.concurrent;
