package io.dmsnap.engine.concurrent;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LockOrderCheckerTest
{
    private static final LockClass A = LockClass.named("test A");
    private static final LockClass B = LockClass.named("test B");
    private static final LockClass C = LockClass.named("test C");

    private final LockOrderChecker checker = new LockOrderChecker();

    @Test
    void plantedInversionIsCaughtWithBothStacks() throws Exception
    {
        // Thread 1 establishes A -> B; thread 2 then takes A while holding B.
        runOn("establisher", this::takeAThenB);
        runOn("inverter", this::takeBThenA);

        final List<LockOrderChecker.Violation> found = checker.violations();
        assertEquals(1, found.size(), found.toString());
        final LockOrderChecker.Violation v = found.get(0);
        assertSame(B, v.outer());
        assertSame(A, v.inner());
        assertEquals("lock order inversion: test B -> test A now, but test A -> test B before", v.message());
        assertTrue(v.established().getMessage().startsWith("establisher took test B while holding test A"),
            v.established().getMessage());
        assertTrue(hasFrame(v.established(), "takeAThenB"), "the established stack shows where A -> B was taken");
        assertTrue(v.current().getMessage().startsWith("inverter takes test A while holding [test B]"),
            v.current().getMessage());
        assertTrue(hasFrame(v.current(), "takeBThenA"), "the current stack shows where B -> A is taken");
        assertEquals("takeAThenB", v.established().getStackTrace()[0].getMethodName(),
            "the checker's own frames are cut off: the first frame is the caller's");
        assertEquals("takeBThenA", v.current().getStackTrace()[0].getMethodName());
        final String report = v.report();
        assertTrue(report.contains("takeAThenB") && report.contains("takeBThenA"), report);

        final LockOrderViolation error = assertThrows(LockOrderViolation.class, () -> checker.checkNoViolations(0));
        assertEquals(2, error.getSuppressed().length, "both stacks are attached");
        checker.checkNoViolations(1);   // nothing after the first: passes
    }

    @Test
    void inversionThroughAChainIsCaught() throws Exception
    {
        runOn("ab", this::takeAThenB);
        runOn("bc", () ->
        {
            checker.acquire(B);
            checker.acquire(C);
            checker.release(C);
            checker.release(B);
        });
        runOn("ca", () ->
        {
            checker.acquire(C);
            checker.acquire(A);
            checker.release(A);
            checker.release(C);
        });
        assertEquals(1, checker.violations().size());
        assertEquals("lock order inversion: test C -> test A now, but test A -> test B -> test C before",
            checker.violations().get(0).message());
    }

    @Test
    void consistentOrderPasses() throws Exception
    {
        for (int i = 0; i < 3; i++)
        {
            runOn("worker-" + i, () ->
            {
                takeAThenB();
                checker.acquire(A);
                checker.acquire(C);
                checker.acquire(C);   // the same class nested: order within a class is the code's
                checker.release(C);
                checker.release(C);
                checker.release(A);
                checker.acquire(B);   // B alone after A was released: no order with A
                checker.release(B);
            });
        }
        assertTrue(checker.violations().isEmpty(), checker.violations().toString());
        assertEquals("test A -> test B\ntest A -> test C", checker.describeOrder());
        checker.checkNoViolations(0);
    }

    @Test
    void heldListsTheCallersLocksOutermostFirst() throws Exception
    {
        runOn("t", () ->
        {
            checker.acquire(B);
            checker.acquire(A);
            checker.acquire(C);
            assertEquals(List.of(B, A, C), checker.held());
            checker.release(A);   // released out of order (the state lock before the buckets)
            assertEquals(List.of(B, C), checker.held());
            checker.release(C);
            checker.release(B);
            assertEquals(List.of(), checker.held());
        });
        assertEquals("test A -> test C\ntest B -> test A\ntest B -> test C", checker.describeOrder());
    }

    @Test
    void releaseOfALockHeldByAnotherThreadIsIgnored() throws Exception
    {
        runOn("other", () -> checker.release(A));
        assertTrue(checker.held().isEmpty());
        checker.acquire(A);
        checker.release(A);
        assertTrue(checker.held().isEmpty());
    }

    private void takeAThenB()
    {
        checker.acquire(A);
        checker.acquire(B);
        checker.release(B);
        checker.release(A);
    }

    private void takeBThenA()
    {
        checker.acquire(B);
        checker.acquire(A);
        checker.release(A);
        checker.release(B);
    }

    private static boolean hasFrame(final Throwable t, final String method)
    {
        for (final StackTraceElement e : t.getStackTrace())
        {
            if (e.getMethodName().contains(method))
            {
                return true;
            }
        }
        return false;
    }

    private static void runOn(final String name, final Runnable body) throws InterruptedException
    {
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread t = new Thread(body, name);
        t.setUncaughtExceptionHandler((thread, e) -> failure.set(e));
        t.start();
        t.join();
        if (failure.get() != null)
        {
            throw new AssertionError(failure.get());
        }
    }
}
