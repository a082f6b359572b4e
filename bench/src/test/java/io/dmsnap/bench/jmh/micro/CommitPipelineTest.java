package io.dmsnap.bench.jmh.micro;

import io.dmsnap.engine.store.PersistentStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class CommitPipelineTest
{
    @Test
    void refusesCapacityThatIsNotAPowerOfTwo()
    {
        final PersistentStore store = StoreCommitBench.newStore();
        assertThrows(IllegalArgumentException.class, () -> new CommitPipeline(store, 3));
    }

    @Test
    void boundsOutstandingAndCommitsInPreparationOrder()
    {
        final PersistentStore store = StoreCommitBench.newStore();
        final CommitPipeline p = new CommitPipeline(store, 4);
        assertFalse(p.tryCommit(), "nothing prepared yet");
        final long[] prepared = new long[4];
        for (int i = 0; i < 4; i++)
        {
            prepared[i] = p.tryPrepare(100 + i);
            assertTrue(prepared[i] >= PersistentStore.FIRST_DATA_CHUNK);
        }
        assertEquals(CommitPipeline.RING_FULL, p.tryPrepare(200));
        assertTrue(p.tryCommit());
        assertEquals(1, p.committed());
        assertTrue(p.tryPrepare(104) > prepared[3], "a freed slot is reused");
        for (int i = 0; i < 4; i++)
        {
            assertTrue(p.tryCommit());
        }
        assertFalse(p.tryCommit());
        assertEquals(5, store.commits());
        assertEquals(5, p.durable(), "the last commit found nothing pending and wrote the area");
        assertEquals(0, p.failed());
    }

    @Test
    void oneAtATimeWritesEveryCommitWhileAWindowBatchesFullAreas()
    {
        assertEquals(1000, areaWrites(1, 1000));
        final PersistentStore probe = StoreCommitBench.newStore();
        final int epa = probe.exceptionsPerArea();
        assertEquals(256, epa);
        // 1024 outstanding: only full areas are written while the window is open.
        assertEquals(2560 / epa, areaWrites(1024, 2560));
    }

    /** Area writes for {@code commits} commits through a window of {@code window} outstanding exceptions. */
    private static long areaWrites(final int window, final int commits)
    {
        final PersistentStore store = StoreCommitBench.newStore();
        final CommitPipeline p = new CommitPipeline(store, window);
        long old = 0;
        for (int i = 0; i < window; i++)
        {
            assertTrue(p.tryPrepare(old++) >= 0);
        }
        for (int i = 0; i < commits; i++)
        {
            assertTrue(p.tryCommit());
            assertTrue(p.tryPrepare(old++) >= 0);
        }
        StoreCommitBench.checkValid(store, p);
        return store.areaWrites();
    }

    @Test
    void concurrentWritersAndOneCommitterLoseNothing() throws InterruptedException
    {
        final PersistentStore store = StoreCommitBench.newStore();
        final CommitPipeline p = new CommitPipeline(store, 64);
        final int perWriter = 20_000;
        final Thread[] writers = new Thread[2];
        for (int w = 0; w < writers.length; w++)
        {
            final long base = (long) w << 40;
            writers[w] = new Thread(() ->
            {
                for (int i = 0; i < perWriter; i++)
                {
                    while (p.tryPrepare(base + i) == CommitPipeline.RING_FULL)
                    {
                        Thread.yield();
                    }
                }
            });
            writers[w].start();
        }
        final long total = (long) perWriter * writers.length;
        while (p.committed() < total)
        {
            if (!p.tryCommit())
            {
                Thread.yield();
            }
        }
        for (final Thread t : writers)
        {
            t.join();
        }
        assertEquals(total, store.commits());
        assertEquals(total, p.durable(), "nothing is pending at the end, so the last commit flushed");
        assertEquals(0, store.pendingCount());
        assertTrue(store.isValid());
    }
}
