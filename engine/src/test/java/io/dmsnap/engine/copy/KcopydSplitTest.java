package io.dmsnap.engine.copy;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.copy.FakeDevice.Completion;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.dmsnap.engine.copy.FakeDevice.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class KcopydSplitTest
{
    private static final long THREE_MIB_SECTORS = (3L << 20) >>> 9;

    @Test
    void threeMebibyteCopyRunsAsSubJobSizedPiecesAndCallsBackOnce()
    {
        final FakeDevice src = new FakeDevice("src", THREE_MIB_SECTORS + 64, Completion.ASYNC);
        final FakeDevice dst = new FakeDevice("dst", THREE_MIB_SECTORS + 64, Completion.ASYNC);
        src.fillPattern(5);
        try (Kcopyd k = new Kcopyd("split"))
        {
            final Recorder r = new Recorder(1).watching(k);
            k.copy(src, 64, THREE_MIB_SECTORS, dst, 0, r, 0);
            r.await();

            assertEquals(0, r.lastReadErr);
            assertEquals(0L, r.lastWriteErr);
            assertArrayEquals(src.bytes(64, THREE_MIB_SECTORS), dst.bytes(0, THREE_MIB_SECTORS));
            assertEquals(Collections.nCopies(6, 1024L), src.readLengths());
            assertEquals(6, dst.writes());
            assertEquals(3L << 20, k.bytesCopied());
            awaitTrue(() -> k.jobsInFlight() == 0, "the master retired");
            assertEquals(1, r.calls.get());
            assertEquals(1, k.jobsCompleted(), "pieces are not called back as jobs");
            assertEquals(0, k.bufferBytesInUse());
        }
        finally
        {
            src.close();
            dst.close();
        }
    }

    @Test
    void atMostEightPiecesAreInFlightAndEachSlotTakesTheNextPiece() throws Exception
    {
        final int piece = 64;
        final int pieces = (int) (THREE_MIB_SECTORS / piece);
        final FakeDevice src = new FakeDevice("src", THREE_MIB_SECTORS, Completion.HELD);
        final FakeDevice dst = new FakeDevice("dst", THREE_MIB_SECTORS, Completion.INLINE);
        src.fillPattern(6);
        try (Kcopyd k = new Kcopyd("slots", KcopydConfig.defaults().withSubJobSectors(piece)))
        {
            final Recorder r = new Recorder(1).watching(k);
            k.copy(src, 0, THREE_MIB_SECTORS, dst, 0, r, 0);

            int released = 0;
            while (released < pieces)
            {
                final int expected = Math.min(Kcopyd.SPLIT_COUNT, pieces - released);
                awaitTrue(() -> src.heldCount() == expected, expected + " pieces in flight");
                Thread.sleep(10);
                assertEquals(expected, src.heldCount(), "no piece beyond the eight slots starts");
                assertEquals(0, r.calls.get(), "the master waits for its last piece");
                released += src.releaseHeld(expected);
            }
            r.await();

            assertEquals(Kcopyd.SPLIT_COUNT, src.maxInFlight());
            assertEquals(pieces, src.reads());
            assertEquals(Collections.nCopies(pieces, (long) piece), src.readLengths());
            assertArrayEquals(src.bytes(0, THREE_MIB_SECTORS), dst.bytes(0, THREE_MIB_SECTORS));
            assertEquals(0, r.offThread.get());
        }
        finally
        {
            src.stopHolding();
            src.close();
            dst.close();
        }
    }

    @Test
    void errorInOnePieceStopsNewPiecesAndReachesTheMasterOnce()
    {
        final int piece = 64;
        final FakeDevice src = new FakeDevice("src", 8192, Completion.ASYNC);
        final FakeDevice dst = new FakeDevice("dst", 8192, Completion.INLINE);
        src.failWhen((op, sector, sectors) -> op == BioOp.READ && sector == 3 * piece);
        try (Kcopyd k = new Kcopyd("split-err", KcopydConfig.defaults().withSubJobSectors(piece)))
        {
            final Recorder r = new Recorder(1).watching(k);
            k.copy(src, 0, 8192, dst, 0, r, 0);
            r.await();
            awaitTrue(() -> k.jobsInFlight() == 0, "the master retired");

            assertEquals(1, r.lastReadErr);
            assertEquals(1, r.calls.get());
            assertTrue(src.reads() < 8192 / piece, "pieces kept starting after the error: " + src.reads());
            assertEquals(0, k.bufferBytesInUse());
        }
        finally
        {
            src.close();
            dst.close();
        }
    }

    @Test
    void largeZeroIsSplitAndZeroesEverything()
    {
        final FakeDevice dst = new FakeDevice("dst", 6000, Completion.ASYNC);
        dst.fill((byte) 3);
        try (Kcopyd k = new Kcopyd("split-zero"))
        {
            final Recorder r = new Recorder(1).watching(k);
            k.zero(dst, 10, 5000, r, 0);
            r.await();

            assertEquals(0L, r.lastWriteErr);
            assertArrayEquals(new byte[5000 * 512], dst.bytes(10, 5000));
            assertEquals(3, dst.bytes(9, 1)[511]);
            assertEquals(3, dst.bytes(5010, 1)[0]);
            assertEquals(5, dst.writes());
        }
        finally
        {
            dst.close();
        }
    }

    @Test
    void copyOfOneSubJobIsNeverSplit()
    {
        final FakeDevice src = new FakeDevice("src", 2048, Completion.INLINE);
        final FakeDevice dst = new FakeDevice("dst", 2048, Completion.INLINE);
        try (Kcopyd k = new Kcopyd("whole"))
        {
            final Recorder r = new Recorder(1).watching(k);
            k.copy(src, 0, KcopydConfig.DEFAULT_SUB_JOB_SECTORS, dst, 0, r, 0);
            r.await();

            assertEquals(List.of((long) KcopydConfig.DEFAULT_SUB_JOB_SECTORS), src.readLengths());
            assertEquals(1, dst.writes());
        }
    }
}
