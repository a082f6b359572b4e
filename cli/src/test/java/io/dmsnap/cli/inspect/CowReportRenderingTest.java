package io.dmsnap.cli.inspect;

import io.dmsnap.cli.common.Json;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.store.CowInspector;
import io.dmsnap.engine.store.CowReport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The text and JSON renderings of an inspected COW image. Images are built from the on-disk format
 * alone: header {magic, valid, version, chunk size} as little-endian 32-bit words at byte 0, area
 * {@code a} at chunk {@code 1 + (epa + 1) * a}, 16-byte entries {old, new}.
 */
final class CowReportRenderingTest
{
    private static final int MAGIC = 0x70416E53;

    /** A little-endian image of {@code sectors} sectors with chunks of {@code cs} sectors. */
    private static final class Image
    {
        final ByteBuffer bytes;
        final int cs;
        final int epa;

        Image(final int sectors, final int cs)
        {
            this.bytes = ByteBuffer.allocate(sectors * 512).order(ByteOrder.LITTLE_ENDIAN);
            this.cs = cs;
            this.epa = cs * 512 / 16;
        }

        Image header(final int magic, final int valid, final int version, final int chunkSize)
        {
            bytes.putInt(0, magic).putInt(4, valid).putInt(8, version).putInt(12, chunkSize);
            return this;
        }

        Image entry(final long area, final int i, final long oldChunk, final long newChunk)
        {
            final int at = (int) ((1 + (epa + 1L) * area) * cs * 512 + 16L * i);
            bytes.putLong(at, oldChunk).putLong(at + 8, newChunk);
            return this;
        }

        CowReport inspect(final String name, final Integer chunkSizeOverride) throws Exception
        {
            final MemoryDevice dev = new MemoryDevice(name, bytes.capacity() / 512);
            dev.writeBytes(0, bytes.array());
            return CowInspector.inspect(dev, chunkSizeOverride);
        }
    }

    @Test
    void textOfAHealthyImageShowsRunsUsageAndVerdict() throws Exception
    {
        // What a persistent store writes for 1000..1039 and then 7, chunk size 1 (32 per area).
        final Image image = new Image(200, 1).header(MAGIC, 1, 1, 1);
        for (int i = 0; i < 32; i++)
        {
            image.entry(0, i, 1000 + i, 2 + i);
        }
        for (int i = 0; i < 8; i++)
        {
            image.entry(1, i, 1032 + i, 35 + i);
        }
        image.entry(1, 8, 7, 43);
        final CowReport report = image.inspect("cow", null);
        final String text = CowReportText.render(report);
        assertTrue(text.contains("1000-1031 -> 2-33 (32)"), text);
        assertTrue(text.contains("Verdict: OK"), text);
        assertTrue(text.contains("44/200 3"), text);
    }

    @Test
    void jsonIsWellFormedWithTheDocumentedKeys() throws Exception
    {
        final CowReport report = new Image(200, 1).header(MAGIC, 1, 1, 1)
            .entry(0, 0, 10, 2).entry(0, 1, 11, 3).entry(0, 2, 50, 3).inspect("cow", null);
        final JsonNode json = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(CowReportJson.tree(report)));
        final List<String> keys = new ArrayList<>(json.propertyNames());
        assertEquals(List.of("device", "header", "chunkSize", "exceptionsPerArea", "areas", "exceptionCount", "runs",
                             "nextFree", "usage", "status", "notes", "violations", "ok"), keys);
        assertEquals(Json.MAPPER.readTree("{\"magic\": 1883336275, \"magicHex\": \"0x70416E53\", \"valid\": 1,"
                                          + " \"version\": 1, \"chunkSize\": 1}"), json.get("header"));
        assertEquals(Json.MAPPER.readTree("[{\"index\": 0, \"location\": 1, \"entries\": 3, \"full\": false,"
                                          + " \"terminator\": 3, \"strayEntries\": 0}]"), json.get("areas"));
        assertEquals(Json.MAPPER.readTree("[{\"old\": 10, \"new\": 2, \"length\": 2},"
                                          + " {\"old\": 50, \"new\": 3, \"length\": 1}]"), json.get("runs"));
        assertEquals(3, json.get("exceptionCount").asLong());
        assertEquals(4, json.get("nextFree").asLong());
        assertEquals(Json.MAPPER.readTree("{\"allocated\": 4, \"total\": 200, \"metadata\": 2}"), json.get("usage"));
        assertEquals("4/200 2", json.get("status").asString());
        assertFalse(json.get("ok").asBoolean());
        final List<String> violations = new ArrayList<>();
        json.get("violations").forEach(v -> violations.add(v.asString()));
        assertEquals(report.verify(), violations);
    }

    @Test
    void jsonStringsAreEscaped() throws Exception
    {
        final String nasty = "a\"b\\c\nd\te\u0001f/\u2028";
        final CowReport report = new Image(200, 1).header(MAGIC, 1, 1, 1).entry(0, 0, 10, 2).inspect(nasty, null);
        final String text = Json.MAPPER.writeValueAsString(CowReportJson.tree(report).get("device").get("name"));
        assertFalse(text.contains("\n"), text);
        assertEquals(nasty, Json.MAPPER.readTree(text).asString());
    }

    @Test
    void textNamesTheViolationsAndAnInvalidatedHeader() throws Exception
    {
        final CowReport leak = new Image(200, 1).header(MAGIC, 1, 1, 1)
            .entry(0, 0, 10, 2).entry(0, 1, 11, 3).entry(0, 2, 12, 7).inspect("cow", null);
        assertTrue(CowReportText.render(leak).contains("Verdict: 1 violation"));

        final CowReport invalid = new Image(200, 1).header(MAGIC, 0, 1, 1).entry(0, 0, 5, 2).inspect("cow", null);
        assertTrue(CowReportText.render(invalid).contains("(invalidated)"));
    }

    @Test
    void jsonKeepsTheHeaderChunkSizeBesideTheOverride() throws Exception
    {
        final CowReport report = new Image(200, 1).header(MAGIC, 1, 1, 12).entry(0, 0, 5, 2).inspect("cow", 1);
        final JsonNode json = CowReportJson.tree(report);
        assertEquals(12, json.get("header").get("chunkSize").asLong());
        assertEquals(1, json.get("chunkSize").asLong());
    }
}
