package io.dmsnap.cli.inspect;

import io.dmsnap.bench.stack.SnapshotStack;
import io.dmsnap.cli.CliResult;
import io.dmsnap.cli.JsonValues;
import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.block.SyncIo;
import io.dmsnap.engine.config.EngineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dmsnap inspect} on images written by the engine and on damaged ones. */
class InspectCommandTest
{
    @TempDir
    Path dir;

    /** A P-store COW image after 300 sequential origin chunk writes (runs fold) and 3 scattered ones. */
    private Path engineImage() throws Exception
    {
        final MemoryDevice base = new MemoryDevice("base", 8192 * 8);
        final MemoryDevice cow = new MemoryDevice("cow", 1024 * 8);
        try (SnapshotStack stack = new SnapshotStack(EngineConfig.current(), base, () -> cow, "P", 8))
        {
            final ByteBuffer block = ByteBuffer.allocateDirect(4096);
            for (int c = 0; c < 300; c++)
            {
                assertEquals(0, SyncIo.write(stack.origin(), c * 8L, block));
            }
            for (final int c : new int[] {5000, 7000, 6000})
            {
                assertEquals(0, SyncIo.write(stack.origin(), c * 8L, block));
            }
            final Path file = dir.resolve("cow.img");
            Files.write(file, cow.readBytes(0, (int) cow.sizeSectors()));
            return file;
        }
    }

    @Test
    void textReportShowsHeaderAreasRunsAndUsage() throws Exception
    {
        final CliResult r = CliResult.run("inspect", engineImage().toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        assertTrue(r.out.contains("SnAp") || r.out.toLowerCase().contains("magic"), r.out);
        assertTrue(r.out.contains("0-255 -> 2-257 (256)"), r.out);   // one 256-chunk group folded
        assertTrue(r.out.contains("5000"), r.out);
        // 303 exceptions, two areas: next_free = 2 + 303 + 1 area chunk = 306 chunks.
        assertTrue(r.out.contains("2448/8192 24"), r.out);
    }

    @Test
    void verifyPassesOnAHealthyImageAndJsonParses() throws Exception
    {
        final Path img = engineImage();
        assertEquals(ExitCodes.OK, CliResult.run("inspect", "--verify", img.toString()).exitCode);
        final CliResult json = CliResult.run("inspect", "--json", img.toString());
        assertEquals(ExitCodes.OK, json.exitCode, json::toString);
        final Object doc = JsonValues.parse(json.out);
        assertTrue(doc instanceof Map, json.out);
    }

    @Test
    void verifyNamesADoublyReferencedChunk() throws Exception
    {
        final Path img = engineImage();
        final byte[] bytes = Files.readAllBytes(img);
        // Area 0 is chunk 1 (byte 4096); make entry 1 point at entry 0's COW chunk.
        final ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(4096 + 16 + 8, b.getLong(4096 + 8));
        Files.write(img, bytes);
        final CliResult r = CliResult.run("inspect", "--verify", img.toString());
        assertEquals(ExitCodes.FAILED, r.exitCode, r::toString);
        assertTrue(r.err.contains("violation"), r.err);
        assertTrue(r.err.contains("2"), r.err);
        assertFalse(r.errHasStackTrace());
    }

    @Test
    void badInputExitsTwoWithAClearMessage() throws Exception
    {
        final Path notCow = dir.resolve("random.img");
        final byte[] junk = new byte[64 * 1024];
        new java.util.Random(1).nextBytes(junk);
        Files.write(notCow, junk);
        final Path tiny = dir.resolve("tiny.img");
        Files.write(tiny, new byte[100]);
        final Path blank = dir.resolve("blank.img");
        Files.write(blank, new byte[8192]);
        for (final String[] args : new String[][] {
            {"inspect", notCow.toString()},
            {"inspect", tiny.toString()},
            {"inspect", blank.toString()},
            {"inspect", dir.resolve("missing.img").toString()},
            {"inspect", "--chunk-size", "3", notCow.toString()},
        })
        {
            final CliResult r = CliResult.run(args);
            assertEquals(ExitCodes.USAGE, r.exitCode, String.join(" ", args) + "\n" + r);
            assertTrue(r.err.startsWith("dmsnap: "), r.err);
            assertFalse(r.errHasStackTrace(), r.err);
        }
        assertTrue(CliResult.run("inspect", notCow.toString()).err.toLowerCase().contains("snapshot")
            || CliResult.run("inspect", notCow.toString()).err.toLowerCase().contains("magic"));
    }
}
