package io.dmsnap.cli.inspect;

import io.dmsnap.cli.common.Json;
import io.dmsnap.engine.store.CowReport;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code dmsnap inspect --json}: the report as one JSON object. The key set is stable; new keys
 * are only ever added:
 * <pre>
 * device            {name, sectors, chunks}
 * header            {magic, magicHex, valid, version, chunkSize}   as read from chunk 0
 * chunkSize         chunk size used for the walk (header or override), sectors
 * exceptionsPerArea entries per metadata area
 * areas             [{index, location, entries, full, terminator (null when full), strayEntries}]
 * exceptionCount    number of exceptions replayed
 * runs              [{old, new, length}]  consecutive exceptions folded, in replay order
 * nextFree          chunk the store would allocate next after replay
 * usage             {allocated, total, metadata}  sectors, as the status line prints them
 * status            the status INFO text the kernel would print ("Invalid" or "a/t m")
 * notes             [string]  remarks that are not violations (override, header invalid)
 * violations        [string]  invariant violations, each naming what and where
 * ok                true when violations is empty
 * </pre>
 */
final class CowReportJson
{
    private CowReportJson()
    {
    }

    static ObjectNode tree(final CowReport report)
    {
        final ObjectNode root = Json.MAPPER.createObjectNode();
        root.putObject("device")
            .put("name", report.deviceName())
            .put("sectors", report.deviceSectors())
            .put("chunks", report.deviceChunks());
        final CowReport.Header header = report.header();
        root.putObject("header")
            .put("magic", Integer.toUnsignedLong(header.magic()))
            .put("magicHex", String.format("0x%08X", header.magic()))
            .put("valid", Integer.toUnsignedLong(header.valid()))
            .put("version", Integer.toUnsignedLong(header.version()))
            .put("chunkSize", header.chunkSize());
        root.put("chunkSize", report.chunkSize());
        root.put("exceptionsPerArea", report.exceptionsPerArea());
        final ArrayNode areas = root.putArray("areas");
        for (final CowReport.Area a : report.areas())
        {
            final ObjectNode area = areas.addObject()
                .put("index", a.index())
                .put("location", a.location())
                .put("entries", a.entries())
                .put("full", a.full());
            if (a.full())
            {
                area.putNull("terminator");
            }
            else
            {
                area.put("terminator", a.terminator());
            }
            area.put("strayEntries", a.strayEntries());
        }
        root.put("exceptionCount", report.exceptionCount());
        final ArrayNode runs = root.putArray("runs");
        for (final CowReport.Run r : report.runs())
        {
            runs.addObject().put("old", r.oldStart()).put("new", r.newStart()).put("length", r.length());
        }
        root.put("nextFree", report.nextFree());
        root.putObject("usage")
            .put("allocated", report.allocatedSectors())
            .put("total", report.deviceSectors())
            .put("metadata", report.metadataSectors());
        root.put("status", report.statusLine());
        final ArrayNode notes = root.putArray("notes");
        report.notes().forEach(notes::add);
        final ArrayNode violations = root.putArray("violations");
        report.verify().forEach(violations::add);
        root.put("ok", report.ok());
        return root;
    }
}
