package io.dmsnap.cli.inspect;

import io.dmsnap.cli.CliResult;
import io.dmsnap.cli.common.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dmsnap inspect --verify} and {@code dmsnap fio} on hostile inputs the test writes: images
 * in the kernel's persistent format (header {magic, valid, version, chunk size}, areas at
 * 1 + (epa + 1) * a of 16-byte {old, new} little-endian entries), a FIFO, a directory.
 */
@Timeout(60)
class InspectHostileImageTest
{
    private static final int MAGIC = 0x70416E53;
    private static final int CS = 8;   // sectors: epa 256, area 0 at byte 4096

    @TempDir
    Path dir;

    /** A sparse image file of {@code sectors} with a header and the given {old, new} pairs in area 0 (chunk size CS). */
    private Path image(final String name, final long sectors, final int valid, final int chunk, final long... pairs)
        throws IOException
    {
        final Path file = dir.resolve(name);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            final ByteBuffer head = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            head.putInt(MAGIC).putInt(valid).putInt(1).putInt(chunk).flip();
            ch.write(head, 0);
            final ByteBuffer area = ByteBuffer.allocate(pairs.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (final long v : pairs)
            {
                area.putLong(v);
            }
            area.flip();
            ch.write(area, CS * 512L);
            ch.write(ByteBuffer.allocate(1), sectors * 512 - 1);
        }
        return file;
    }

    private static CliResult verify(final Path file)
    {
        final CliResult r = CliResult.run("inspect", "--verify", file.toString());
        assertFalse(r.errHasStackTrace(), r.err);
        return r;
    }

    private void assertViolation(final Path file, final String expected)
    {
        final CliResult r = verify(file);
        assertEquals(ExitCodes.FAILED, r.exitCode, r::toString);
        assertTrue(r.err.contains("dmsnap: inspect: violation: " + expected), r.err);
    }

    @Test
    void newChunkWithBit63IsAViolation() throws Exception
    {
        // Before: --verify exited 0 ("OK"): the signed comparison found the chunk below the device.
        assertViolation(image("bit63.img", 8192, 1, CS, 3, 1L << 63),
            "area 0 entry #0: new chunk 9223372036854775808 lies beyond the device (1024 chunks)");
    }

    @Test
    void newChunksFarBeyondOrWrappingAreOneSummarisedViolation() throws Exception
    {
        assertViolation(image("far.img", 8192, 1, CS, 3, (1L << 60) + 5, 4, (1L << 61) - 1),
            "new chunks beyond the device: 2, first: area 0 entry #0: new chunk 1152921504606846981 lies beyond");
    }

    @Test
    void aGibibyteChunkOnASmallFileIsATruncatedDevice() throws Exception
    {
        // Before: a 1 GiB chunk buffer was allocated before the size was checked.
        assertViolation(image("huge-chunk.img", 8192, 1, 1 << 21),
            "truncated device: area 0 belongs at chunk 1 but the device has only 0 chunks");
    }

    @Test
    void aDuplicatedOldChunkIsAViolation() throws Exception
    {
        assertViolation(image("dup-old.img", 8192, 1, CS, 3, 2, 3, 3), "old chunk 3 replayed 2 times");
    }

    @Test
    void validZeroIsAViolationForVerify() throws Exception
    {
        // Before: a note, and exit 0.
        assertViolation(image("invalid.img", 8192, 0, CS, 3, 2), "the header marks the snapshot invalid (valid = 0");
    }

    @Test
    void aChunkSizeChangedToAnotherPowerOfTwoIsAViolation() throws Exception
    {
        // Written with chunk size 8, header says 16: every exception is lost. Before: exit 0.
        assertViolation(image("rechunked.img", 8192, 1, 16, 3, 2, 4, 3),
            "chunk size 16 in the header does not fit the metadata");
    }

    @Test
    void aSparseImageWithThousandsOfViolationsPrintsAFewLines() throws Exception
    {
        // Area 0 full of entries naming every other chunk, plus bad ones: before, one line per leak.
        final long[] pairs = new long[2 * 256];
        for (int i = 0; i < 256; i++)
        {
            pairs[2 * i] = 100 + i;
            pairs[2 * i + 1] = i % 3 == 0 ? (1L << 62) + i : 2 + 2L * i;
        }
        final CliResult r = verify(image("sparse.img", 1L << 24, 1, CS, pairs));
        assertEquals(ExitCodes.FAILED, r.exitCode, r::toString);
        final long lines = Arrays.stream(r.err.split("\n")).filter(l -> l.startsWith("dmsnap: inspect: violation: ")).count();
        assertTrue(lines >= 2 && lines <= 6, r.err);
        assertTrue(r.err.contains("violation: new chunks beyond the device: 86, first: "), r.err);
        assertTrue(r.err.contains(" more"), r.err);
    }

    @Test
    void aFifoIsRefusedWithoutBlocking() throws Exception
    {
        final Path fifo = mkfifo("cow.fifo");
        final CliResult r = CliResult.run("inspect", "--verify", fifo.toString());
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertEquals("dmsnap: inspect: " + fifo + " is a FIFO (named pipe): only a regular file or a block device is read",
            r.err.trim());
    }

    @Test
    void aDirectoryIsRefused() throws Exception
    {
        final CliResult r = CliResult.run("inspect", dir.toString());
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertTrue(r.err.contains(" is a directory: only a regular file or a block device is read"), r.err);
    }

    @Test
    void aFifoAsAFioJobFileIsRefusedWithoutBlocking() throws Exception
    {
        // Before: the run blocked forever opening the FIFO for reading.
        final Path fifo = mkfifo("jobs.fio");
        final CliResult r = CliResult.run("fio", fifo.toString());
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertEquals("dmsnap: cannot read job file " + fifo + ": is a FIFO (named pipe)", r.err.trim());
    }

    private Path mkfifo(final String name) throws IOException, InterruptedException
    {
        final Path fifo = dir.resolve(name);
        final Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, p.waitFor(), "mkfifo");
        return fifo;
    }
}
