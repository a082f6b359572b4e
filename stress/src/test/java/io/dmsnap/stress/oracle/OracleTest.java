package io.dmsnap.stress.oracle;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.MemoryDevice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class OracleTest
{
    @Test
    void verifierNamesEveryMismatchWithWhatItFound()
    {
        final MemoryDevice dev = new MemoryDevice("dev", 16 * PatternOracle.SECTORS_PER_BLOCK);
        PatternOracle.stampInitial(dev, 16);
        final PatternOracle oracle = new PatternOracle();
        assertEquals(BlkStatus.OK, oracle.stamp(dev, 3, PatternOracle.expect(5, 2)));
        dev.writeBytes(9L * PatternOracle.SECTORS_PER_BLOCK, BlockPattern.of(4, 1, 1));   // block 4's data in block 9
        final List<String> m = oracle.verify(dev, 0, 16, b -> b == 3 ? PatternOracle.expect(5, 2) : PatternOracle.expect(0, 0));
        assertEquals(List.of("dev block 9: found block 4 version 1 writer 1, expected version 0 writer 0"), m);
        assertNull(oracle.check(dev, 3, PatternOracle.expect(1, 1), PatternOracle.expect(5, 2)));
    }

    @Test
    void expectationsPackVersionAndWriter()
    {
        final long e = PatternOracle.expect(123456, 7);
        assertEquals(123456, PatternOracle.version(e));
        assertEquals(7, PatternOracle.writer(e));
        assertArrayEquals(BlockPattern.of(9, 123456, 7), PatternOracle.pattern(9, e));
    }

    @Test
    void snapshotTakesAcknowledgedOriginWritesAndAcceptsBothValuesOfInFlightOnes()
    {
        final ShadowModel m = new ShadowModel(4);
        final ShadowModel.Image o = m.origin();
        o.beginWrite(0, PatternOracle.expect(1, 1));
        o.endWrite(0, true);
        o.beginWrite(1, PatternOracle.expect(2, 1));   // in flight at creation
        final ShadowModel.Image s = m.createSnapshot("s");
        o.endWrite(1, true);
        assertArrayEquals(new long[] {PatternOracle.expect(1, 1)}, s.accepted(0));
        assertArrayEquals(new long[] {PatternOracle.expect(0, 0), PatternOracle.expect(2, 1)}, s.accepted(1));
        assertEquals(ShadowModel.NONE, s.exact(1));
        s.observed(1, PatternOracle.expect(2, 1));
        assertEquals(PatternOracle.expect(2, 1), s.exact(1), "a read pins the ambiguous block");
        assertArrayEquals(new long[] {PatternOracle.expect(2, 1)}, o.accepted(1));
        s.beginWrite(2, PatternOracle.expect(3, 2));
        s.endWrite(2, true);
        assertEquals(PatternOracle.expect(0, 0), o.exact(2), "a snapshot write does not reach the origin");
        assertEquals(PatternOracle.expect(3, 2), s.exact(2));
    }

    @Test
    void counterFlagsASecondCompletionAndAMissingOne()
    {
        final CompletionCounter c = new CompletionCounter();
        final MemoryDevice dev = new MemoryDevice("dev", 64);
        final CompletionCounter.Submission ok = c.submit(dev, BioOp.WRITE, 0, ByteBuffer.allocateDirect(4096));
        assertEquals(1, ok.calls());
        assertTrue(c.violations().isEmpty());
        ok.endIo(null, BlkStatus.IOERR);   // a second end_io, as a double completion would do
        assertEquals(1, c.violations().size());
        assertTrue(c.violations().get(0).contains("completed 2 times"), c.violations().get(0));
        final io.dmsnap.engine.block.FlakeyDevice flakey = new io.dmsnap.engine.block.FlakeyDevice("f", dev);
        final io.dmsnap.engine.block.FlakeyDevice.Hold hold = flakey.hold(io.dmsnap.engine.block.FlakeyDevice.Selector.all());
        c.submit(flakey, BioOp.READ, 8, ByteBuffer.allocateDirect(4096));
        assertEquals(1, c.incomplete().size());
        hold.releaseAll();
        assertTrue(c.incomplete().isEmpty());
        assertEquals(2, c.submitted());
    }
}
