package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.config.Preset;
import io.dmsnap.engine.dm.MappedDevice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SnapshotStats#lockWaits()}: counts acquisitions that waited for another holder, and only those. */
class LockWaitsTest
{
    private static final long SECTORS = 8192;

    @ParameterizedTest
    @ValueSource(strings = {"v5.0", "current"})
    void uncontendedIoNeverWaits(final String preset) throws Exception
    {
        try (SnapStack st = new SnapStack(Preset.byName(preset).config(), SECTORS))
        {
            final MappedDevice snap = st.addSnapshot("snap", SECTORS, "N", 8);
            for (int block = 0; block < 64; block++)
            {
                assertEquals(BlkStatus.OK, SnapStack.write(snap, block * 8L, SnapStack.pattern(block, 1, 0)));
                assertEquals(BlkStatus.OK, SnapStack.write(st.origin, (block + 64) * 8L, SnapStack.pattern(block, 2, 0)));
            }
            assertEquals(0, st.snapshot("snap").stats().lockWaits(), "one thread at a time never waits for a lock");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"v5.0", "current"})
    void aWriterThatFindsTheSnapshotLockedIsCounted(final String preset) throws Exception
    {
        try (SnapStack st = new SnapStack(Preset.byName(preset).config(), SECTORS))
        {
            final MappedDevice snap = st.addSnapshot("snap", SECTORS, "N", 8);
            final Snapshot s = st.snapshot("snap");
            s.locking.lockExclusive();   // as a state change does: every I/O path must wait
            final CompletableFuture<Integer> write;
            try
            {
                write = CompletableFuture.supplyAsync(() -> SnapStack.write(snap, 0, SnapStack.pattern(0, 1, 0)));
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (s.stats().lockWaits() == 0 && System.nanoTime() < deadline)
                {
                    Thread.sleep(1);
                }
                assertFalse(write.isDone(), "the write got past a held snapshot lock");
            }
            finally
            {
                s.locking.unlockExclusive();
            }
            assertEquals(BlkStatus.OK, (int) write.get(10, TimeUnit.SECONDS));
            assertTrue(s.stats().lockWaits() >= 1, "the blocked write was not counted: " + s.stats());
        }
    }
}
