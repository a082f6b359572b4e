package io.dmsnap.cli.inspect;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dmsnap.cli.common.Json;
import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.store.CowInspector;
import io.dmsnap.engine.store.CowReport;
import io.dmsnap.engine.store.InspectException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz target: {@code dmsnap inspect} on fuzzed COW images. The image (a header, then metadata)
 * is inspected, with or without a chunk size override, and rendered as text and JSON. Refusals
 * are InspectExceptions with a message; anything else that escapes is a finding, and so is a
 * verdict longer than one line per kind of violation or a line longer than {@link #MAX_LINE}
 * characters. Without JAZZER_FUZZ it runs the regression inputs under
 * src/test/resources (docs/fuzzing.md).
 */
final class InspectFuzzTest
{
    /** Kinds of violation the inspector knows: a bound on the verdict's lines. */
    private static final int MAX_KINDS = 12;
    private static final int MAX_LINE = 2000;
    /** Bytes before the image: flags, size, override. */
    private static final int PREFIX = 7;

    /**
     * Input layout (seeds are easy to write by hand): byte 0 bit 0 set: a chunk size override
     * follows in bytes 3-6 (i32 LE); bytes 1-2 the image size in sectors minus 1 (u16 LE); then the
     * image: its first 16 bytes are the header (magic, valid, version, chunk size, u32 LE) and the
     * rest is written at area 0 of that chunk size (sector 8 when the header's is not a power of
     * two up to 64).
     */
    @FuzzTest(maxDuration = "60s")
    void inspect(final byte[] input) throws Exception
    {
        final ByteBuffer in = ByteBuffer.wrap(Arrays.copyOf(input, Math.max(input.length, PREFIX + 16)))
            .order(ByteOrder.LITTLE_ENDIAN);
        final long sectors = (in.getShort(1) & 0xFFFF) + 1;
        final Integer override = (in.get(0) & 1) != 0 ? Integer.valueOf(in.getInt(3)) : null;
        final MemoryDevice image = new MemoryDevice("cow", sectors);
        final byte[] sector0 = new byte[Bio.SECTOR_SIZE];
        in.get(PREFIX, sector0, 0, 16);
        image.writeBytes(0, sector0);
        final int chunk = in.getInt(PREFIX + 12);
        final long areaSector = chunk > 0 && Integer.bitCount(chunk) == 1 && chunk <= 64 ? chunk : 8;
        final int metadata = Math.max(0, input.length - PREFIX - 16);
        final long room = Math.max(0, Math.min(metadata, (sectors - areaSector) * Bio.SECTOR_SIZE));
        if (room > 0)
        {
            final int padded = (int) ((room + Bio.SECTOR_SIZE - 1) / Bio.SECTOR_SIZE * Bio.SECTOR_SIZE);
            final byte[] bytes = new byte[padded];
            System.arraycopy(input, PREFIX + 16, bytes, 0, (int) room);
            image.writeBytes(areaSector, bytes);
        }

        final CowReport report;
        try
        {
            report = CowInspector.inspect(image, override);
        }
        catch (final InspectException refused)
        {
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank(), "a refusal names the problem");
            return;
        }
        final List<String> violations = report.verify();
        assertTrue(violations.size() <= MAX_KINDS, () -> violations.size() + " violation lines: " + violations);
        for (final String v : violations)
        {
            assertTrue(v.length() <= MAX_LINE, () -> "a violation line of " + v.length() + " characters: " + v);
        }
        assertTrue(CowReportText.render(report).contains("Verdict: "));
        Json.MAPPER.writeValueAsString(CowReportJson.tree(report));
    }
}
