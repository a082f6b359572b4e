package io.dmsnap.engine.concurrent;

import java.util.List;

/**
 * The engine's lock-order checker, in the spirit of the kernel's lockdep: off by default, switched
 * on for a whole JVM with {@code -Ddmsnap.lockdep=true}. When on, every named lock acquisition of
 * every thread goes through one {@link LockOrderChecker}, which learns the order between
 * {@link LockClass}es and records a {@link LockOrderChecker.Violation} (with the stack that
 * established the opposite order and the current one) when a thread takes two classes the other
 * way round. It is printed to standard error at once; {@link #checkNoViolations} turns the record
 * into a failure (the engine's tests after each test, the stress runner after each scenario).
 *
 * <p>Free when off: {@link #ENABLED} is a {@code static final} read once when this class is
 * initialised, so the JIT folds it to a constant; {@link #acquire} and {@link #release} are a
 * few bytes of bytecode (always inlined) whose only path when off is the test of that constant,
 * and the compiled code of a lock site is the same as without the call. {@code LockDepOffTest}
 * checks the bytecode path; the JMH benchmark {@code LockDepBench} measures a spin lock with and
 * without the hooks.
 *
 * <p>Callers announce an acquisition before they block for it ({@link #acquire}; a try-lock that
 * is the fast path of a blocking acquisition announces itself once it succeeded, and orders as a
 * blocking one) and a release after it. Thread safety: any thread.
 */
public final class LockDep
{
    /** {@code -Ddmsnap.lockdep=true} switches the checker on; read once, never changes. */
    public static final boolean ENABLED = Boolean.getBoolean("dmsnap.lockdep");

    private static final LockOrderChecker CHECKER = new LockOrderChecker(true);

    private LockDep()
    {
    }

    /** Before a blocking acquisition of a lock of class {@code c}: check, then record it as held. */
    public static void acquire(final LockClass c)
    {
        if (ENABLED)
        {
            CHECKER.acquire(c);
        }
    }

    /** After releasing a lock of class {@code c}. */
    public static void release(final LockClass c)
    {
        if (ENABLED)
        {
            CHECKER.release(c);
        }
    }

    /** Every violation recorded in this JVM so far (empty when off). */
    public static List<LockOrderChecker.Violation> violations()
    {
        return CHECKER.violations();
    }

    /**
     * Fail with every violation recorded from index {@code from} on (see {@link #violations()}),
     * each with both acquisition stacks.
     *
     * @throws LockOrderViolation when there is one
     */
    public static void checkNoViolations(final int from)
    {
        CHECKER.checkNoViolations(from);
    }

    /** Start learning the order afresh; see {@link LockOrderChecker#forgetOrder}. */
    public static void forgetOrder()
    {
        CHECKER.forgetOrder();
    }

    /** The order learnt so far, one "A -> B" per line: for reports. */
    public static String describeOrder()
    {
        return CHECKER.describeOrder();
    }
}
