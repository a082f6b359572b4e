package io.dmsnap.cli.merge;

import io.dmsnap.cli.CliResult;
import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.engine.block.FileDevice;
import io.dmsnap.engine.store.CowInspector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dmsnap merge}: images written through the engine, merged, compared; every refusal. */
@Timeout(120)
final class MergeCommandTest
{
    @TempDir
    Path dir;

    private Path origin;
    private Path cow;

    /** Write a 2 MiB origin (CS 8: 512 chunks) and a COW with 40% of them as exceptions. */
    private void images(final int chunkSectors) throws Exception
    {
        origin = dir.resolve("origin.img");
        cow = dir.resolve("cow.img");
        final CliResult r = CliResult.run("merge", "--make-test-image", "2m", "--exceptions", "40",
            "--chunk-size", Integer.toString(chunkSectors), origin.toString(), cow.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        assertTrue(r.out.contains("exceptions of " + chunkSectors + " sectors"), r.out);
    }

    private long exceptions() throws Exception
    {
        final FileDevice dev = FileDevice.openReadOnly("cow", cow);
        try
        {
            return CowInspector.inspect(dev, null).exceptionCount();
        }
        finally
        {
            dev.close();
        }
    }

    @Test
    void mergeBringsTheSnapshotBackIntoTheOriginAndEmptiesTheCow() throws Exception
    {
        images(8);
        final long chunks = 2L * 1024 * 1024 / 4096;
        assertEquals(chunks * 40 / 100, exceptions());
        // Before the merge the rewritten chunks hold generation 1.
        assertFalse(originHoldsGenerationZero(4096), "the test images have no rewritten chunk");

        final CliResult r = CliResult.run("merge", origin.toString(), cow.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        assertTrue(r.out.startsWith("merged " + chunks * 40 / 100 + " chunks"), r.out);
        assertTrue(r.out.contains("the COW holds no exceptions"), r.out);
        assertTrue(r.err.contains("merge: " + chunks * 40 / 100 + "/" + chunks * 40 / 100 + " chunks (100%)"), r.err);
        assertTrue(r.err.contains("ETA"), r.err);
        assertTrue(originHoldsGenerationZero(4096), "the origin holds the snapshot's data");
        assertEquals(0, exceptions(), "the COW lists no exception");

        final CliResult again = CliResult.run("merge", origin.toString(), cow.toString());
        assertEquals(ExitCodes.OK, again.exitCode, again::toString);
        assertTrue(again.out.startsWith("merged 0 chunks"), again.out);
    }

    @Test
    void aLargerChunkSizeMergesToo() throws Exception
    {
        images(64);
        final CliResult r = CliResult.run("merge", "--chunk-size", "64", origin.toString(), cow.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        assertTrue(originHoldsGenerationZero(64 * 512));
        assertEquals(0, exceptions());
    }

    /** Every 8-byte word of chunk c is its generation-0 word. */
    private boolean originHoldsGenerationZero(final int chunkBytes) throws Exception
    {
        final ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(origin));
        for (int off = 0; off < data.capacity(); off += 8)
        {
            if (data.getLong(off) != TestImages.expected(off / chunkBytes))
            {
                return false;
            }
        }
        return true;
    }

    @Test
    void missingFilesAreRefused() throws Exception
    {
        images(8);
        final CliResult r = CliResult.run("merge", origin.toString(), dir.resolve("nope.img").toString());
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertEquals("dmsnap: COW image " + dir.resolve("nope.img") + ": no such file or device", r.err.strip());
        final CliResult o = CliResult.run("merge", dir.resolve("none").toString(), cow.toString());
        assertEquals(ExitCodes.USAGE, o.exitCode, o::toString);
        assertTrue(o.err.contains("origin image"), o.err);
        assertFalse(o.errHasStackTrace());
    }

    @Test
    void aFileThatIsNotACowIsRefused() throws Exception
    {
        images(8);
        final Path junk = dir.resolve("junk.img");
        Files.write(junk, "this is not a snapshot, just some text padded out".repeat(200).getBytes());
        final CliResult r = CliResult.run("merge", origin.toString(), junk.toString());
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertTrue(r.err.startsWith("dmsnap: " + junk + " is not a persistent snapshot COW image: "), r.err);
        assertEquals(1, r.err.strip().lines().count(), r.err);
    }

    @Test
    void anInvalidatedCowIsRefusedAndSaysSo() throws Exception
    {
        images(8);
        try (RandomAccessFile f = new RandomAccessFile(cow.toFile(), "rw"))
        {
            f.seek(4);
            f.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0).array());
        }
        final CliResult r = CliResult.run("merge", origin.toString(), cow.toString());
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertTrue(r.err.contains("is marked invalid (valid=0"), r.err);
    }

    @Test
    void aChunkSizeThatDiffersFromTheHeaderIsRefused() throws Exception
    {
        images(8);
        final CliResult r = CliResult.run("merge", "--chunk-size", "16", origin.toString(), cow.toString());
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertTrue(r.err.contains("--chunk-size 16 does not match the chunk size in the header of " + cow + " (8 sectors)"),
            r.err);
        final CliResult odd = CliResult.run("merge", "--chunk-size", "12", origin.toString(), cow.toString());
        assertEquals(ExitCodes.USAGE, odd.exitCode, odd::toString);
        assertTrue(odd.err.contains("power of two"), odd.err);
    }

    @Test
    void aCowWhoseExceptionsLiePastTheOriginIsRefusedAndNothingIsWritten() throws Exception
    {
        images(8);
        final Path small = dir.resolve("small.img");
        Files.write(small, new byte[64 * 1024]);
        final CliResult r = CliResult.run("merge", small.toString(), cow.toString());
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertTrue(r.err.contains("past the end of " + small + " (16 chunks of 8 sectors): not its origin"), r.err);
        assertEquals(2L * 1024 * 1024 / 4096 * 40 / 100, exceptions(), "the COW is unchanged");
        final byte[] zeros = new byte[64 * 1024];
        assertTrue(Arrays.equals(zeros, Files.readAllBytes(small)), "the small origin is unchanged");
    }

    @Test
    void badTestImageOptionsAreRefused()
    {
        final String o = dir.resolve("o.img").toString();
        final String c = dir.resolve("c.img").toString();
        final CliResult size = CliResult.run("merge", "--make-test-image", "lots", o, c);
        assertEquals(ExitCodes.USAGE, size.exitCode, size::toString);
        assertTrue(size.err.contains("is not a size"), size.err);
        final CliResult pct = CliResult.run("merge", "--make-test-image", "1m", "--exceptions", "101", o, c);
        assertEquals(ExitCodes.USAGE, pct.exitCode, pct::toString);
        assertTrue(pct.err.contains("--exceptions must be a percentage from 0 to 100"), pct.err);
    }
}
