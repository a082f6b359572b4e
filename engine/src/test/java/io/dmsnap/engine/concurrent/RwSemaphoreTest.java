package io.dmsnap.engine.concurrent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rw_semaphore model: shared readers, exclusive writers, and readers queue behind a waiting writer. */
@Timeout(20)
class RwSemaphoreTest
{
    @Test
    void readersShareWritersExclude() throws Exception
    {
        final RwSemaphore l = new RwSemaphore(LockClass.named("test rw semaphore"));
        l.readLock();
        l.readLock();
        assertEquals(2, l.readers());
        assertFalse(l.tryWriteLock());
        l.readUnlock();
        l.readUnlock();
        assertTrue(l.tryWriteLock());
        assertTrue(l.isWriteLocked());
        l.writeUnlock();
        assertThrows(IllegalMonitorStateException.class, l::readUnlock);
    }

    /** The property the b2155578 deadlock needs: a waiting writer blocks new readers. */
    @Test
    void newReadersQueueBehindAWaitingWriter() throws Exception
    {
        final RwSemaphore l = new RwSemaphore(LockClass.named("test rw semaphore"));
        l.readLock();
        final Thread writer = new Thread(() ->
        {
            l.writeLock();
            l.writeUnlock();
        });
        writer.start();
        while (l.queueLength() == 0)
        {
            Thread.sleep(1);
        }
        final AtomicBoolean secondReaderIn = new AtomicBoolean();
        final CountDownLatch done = new CountDownLatch(1);
        final Thread reader = new Thread(() ->
        {
            l.readLock();
            secondReaderIn.set(true);
            l.readUnlock();
            done.countDown();
        });
        reader.start();
        Thread.sleep(200);
        assertFalse(secondReaderIn.get(), "a new reader must wait behind the queued writer");
        l.readUnlock();
        done.await();
        writer.join();
        assertTrue(secondReaderIn.get());
        assertEquals(0, l.readers());
        assertFalse(l.isWriteLocked());
    }

    @Test
    void mutualExclusionUnderContention() throws Exception
    {
        final RwSemaphore l = new RwSemaphore(LockClass.named("test rw semaphore"));
        final long[] counter = new long[1];
        final Thread[] ts = new Thread[4];
        for (int i = 0; i < ts.length; i++)
        {
            ts[i] = new Thread(() ->
            {
                for (int n = 0; n < 50_000; n++)
                {
                    l.writeLock();
                    counter[0]++;
                    l.writeUnlock();
                    l.readLock();
                    l.readUnlock();
                }
            });
            ts[i].start();
        }
        for (final Thread t : ts)
        {
            t.join();
        }
        assertEquals(200_000, counter[0]);
    }
}
