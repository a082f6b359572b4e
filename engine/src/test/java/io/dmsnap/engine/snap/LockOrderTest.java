package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.concurrent.LockDep;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.StatusType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static io.dmsnap.engine.snap.SnapStack.pattern;
import static io.dmsnap.engine.snap.SnapStack.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lock order written in this package's documentation is the one the code takes: a
 * copy-on-write, a status, a snapshot handover (a resume that quiesces the origin) and a removal,
 * watched by the lock-order checker, teach it exactly the documented edges among the classes they
 * reach, and no inversion. Needs {@code -Ddmsnap.lockdep=true}, which the engine's build sets for
 * every test.
 */
@Timeout(60)
class LockOrderTest
{
    private static final long SECTORS = 1024 * 8;

    @Test
    void theCopyOnWriteStatusAndHandoverPathsTakeTheDocumentedOrder() throws Exception
    {
        assertTrue(LockDep.ENABLED, "run with -Ddmsnap.lockdep=true (the engine's surefire configuration sets it)");
        final int violationsBefore = LockDep.violations().size();
        try (SnapStack st = new SnapStack(EngineConfig.current(), SECTORS))
        {
            st.dm.addDevice(new MemoryDevice("cow", SECTORS * 2));
            st.addSnapshotOn("snap1", "cow", "P", "8");
            for (int b = 0; b < 64; b += 3)
            {
                assertEquals(BlkStatus.OK, write(st.origin, b * 8L, pattern(b, 1, 0)));   // copies on write
            }
            st.dm.status("snap1", StatusType.INFO);
            st.dm.create("snap2");
            st.dm.load("snap2", "0 " + SECTORS + " snapshot base cow P 8");
            st.dm.suspend("snap1");
            st.dm.resume("snap2");   // handover: snap2's control, then the origin's internal suspend
            st.dm.remove("snap1");
            assertEquals(BlkStatus.OK, write(st.origin, 1 * 8L, pattern(1, 2, 0)));
        }
        assertEquals(List.of(), LockDep.violations().subList(violationsBefore, LockDep.violations().size()));
        final String order = LockDep.describeOrder();
        for (final String edge : List.of(
            "md control (dm verbs) -> md control (internal suspend)",
            "md control (dm verbs) -> _origins_lock",
            "md control (dm verbs) -> md deferredLock",
            "md control (internal suspend) -> md deferredLock",
            "md control (dm verbs) -> snapshot state lock (s->lock)",
            "md tableReaders -> snapshot state lock (s->lock)",
            "_origins_lock -> snapshot state lock (s->lock)",
            "snapshot state lock (s->lock) -> complete-table bucket lock",
            "complete-table bucket lock -> pending-table bucket lock",
            "pending-table bucket lock -> pe_allocation_lock",
            "pending-table bucket lock -> tracked_chunk_lock",
            "snapshot state lock (s->lock) -> pending pool lock"))
        {
            assertTrue(order.contains(edge), "missing " + edge + " in\n" + order);
        }
    }
}
