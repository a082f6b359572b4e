package io.dmsnap.cli.tune;

import io.dmsnap.bench.writeback.WritebackSettings;
import io.dmsnap.cli.JsonValues;
import io.dmsnap.cli.common.Json;
import io.dmsnap.cli.result.Measurement;
import io.dmsnap.engine.block.DeviceProfile;
import io.dmsnap.engine.config.EngineConfig;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shapes of the JSON, CSV and result rows for a sweep with known figures. */
final class TuneReportTest
{
    private static final List<Threshold> VALUES = List.of(Threshold.UNLIMITED, new Threshold(0), new Threshold(64),
        new Threshold(2048));

    private static SweepResult sweep(final List<Long> chunks, final boolean timed)
    {
        final TuneWorkload workload = new WritebackTuneWorkload(new StackSettings(1L << 30, 8, "N", DeviceProfile.NULL,
            DeviceProfile.NULL), WritebackSettings.dt(64L << 20, 32L << 20));
        final SweepPlan plan = new SweepPlan(workload, EngineConfig.current(), chunks, VALUES, 2);
        final List<Point> points = new ArrayList<>();
        for (final long chunk : chunks)
        {
            for (final Threshold t : List.of(new Threshold(0), new Threshold(64), new Threshold(2048), Threshold.UNLIMITED))
            {
                final double iops = t.value() == 0 ? 1500 : chunk == 4096 || t.unlimited() ? 10_000 : 6000;
                final long peak = t.unlimited() ? 6000 : t.value() + 1;
                final Sample s = new Sample(iops, 100, 1000.0 + peak, 2000.0 + peak, 1.5, timed ? 1.5 : -1, 64L << 20, peak,
                    4_000_000 + peak * 7424, 3_000_000 + peak * 7000, peak * 8);
                points.add(new Point(chunk, t, List.of(s, s)));
            }
        }
        return new SweepResult(plan, points, 42);
    }

    private static TuneReport report(final List<Long> chunks, final boolean timed)
    {
        return new TuneReport(sweep(chunks, timed), new ThresholdAdvisor(0.05, 0.25), null, Map.of("workload", "writeback",
            "snapshots", 8));
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonHasARowPerValueWithUnlimitedAsNullAndTheRecommendation()
    {
        final Map<String, Object> doc = (Map<String, Object>) JsonValues.parse(
            Json.MAPPER.writeValueAsString(report(List.of(4096L), false).json()));
        final List<Map<String, Object>> rows = (List<Map<String, Object>>) doc.get("rows");
        assertEquals(Arrays.asList(0L, 64L, 2048L, null), rows.stream().map(r -> r.get("threshold")).toList());
        for (final Map<String, Object> row : rows)
        {
            assertTrue(row.keySet().containsAll(List.of("threshold", "iops", "p99_us", "peak_inflight", "peak_copy_bytes",
                "seconds")), row.toString());
            assertNull(row.get("device_seconds"));
        }
        assertEquals(64L, doc.get("recommended"), "64 keeps the throughput of 10,000 and the shortest tail among those");
        assertEquals(List.of(false, true, false, false), rows.stream().map(r -> r.get("recommended")).toList());
        assertEquals(8L, ((Map<String, Object>) doc.get("settings")).get("snapshots"));
        assertEquals(2L, ((Map<String, Object>) doc.get("settings")).get("repeats"));
        assertFalse(doc.containsKey("live"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void severalChunkSizesGetTheirOwnAndACommonRecommendation()
    {
        final TuneReport report = report(List.of(4096L, 16384L), true);
        final Map<String, Object> doc = (Map<String, Object>) JsonValues.parse(Json.MAPPER.writeValueAsString(report.json()));
        final List<Map<String, Object>> byChunk = (List<Map<String, Object>>) doc.get("by_chunk");
        assertEquals(64L, byChunk.get(0).get("recommended"));
        assertNull(byChunk.get(1).get("recommended"), "at 16k only unlimited keeps the throughput");
        assertNull(doc.get("recommended"), "the one value that keeps both everywhere");
        assertEquals("unlimited", doc.get("recommended_label"));
        assertEquals(8, ((List<?>) doc.get("rows")).size());
        final StringWriter text = new StringWriter();
        report.printText(new PrintWriter(text), "title");
        assertTrue(text.toString().contains("chunk 16k:"), text.toString());
        assertTrue(text.toString().contains("Recommended snapshot_cow_threshold for all chunk sizes: unlimited"), text.toString());
    }

    @Test
    void csvHasTheColumnsAndALinePerChunkAndValue()
    {
        final String[] lines = report(List.of(4096L), true).csv().split("\n");
        assertEquals(String.join(",", TuneReport.CSV_COLUMNS), lines[0]);
        assertEquals(5, lines.length);
        assertEquals("4,0,2,1500.0,100.0,1001.0,2001.0,1.500,1.500,1,4007424,3007000", lines[1]);
        assertTrue(lines[4].startsWith("4,unlimited,2,10000.0,"), lines[4]);
        assertTrue(report(List.of(4096L), false).csv().split("\n")[1].contains(",1.500,,1,"), "no device time: empty");
    }

    @Test
    void resultRowsHaveAReplicatePerRepeatAndTheThresholdAsAParameter()
    {
        final List<Measurement> rows = TuneResultFile.rows(sweep(List.of(4096L), true), new TreeMap<>(Map.of("snapshots", "8")));
        assertEquals(4 * 9, rows.size(), "9 metrics with device time");
        final Measurement first = rows.get(0);
        assertEquals("tune.cow_threshold.writeback", first.key().benchmark());
        assertEquals("tune", first.key().mode());
        assertEquals(1, first.key().threads(), "writeback has one submitting thread: the flusher");
        assertEquals("0", first.key().params().get("cow_threshold"));
        assertEquals("4k", first.key().params().get("chunk"));
        assertEquals("iops", first.key().metric());
        assertEquals(2, first.replicateCount());
        assertEquals(List.of(1500.0), first.replicates().get(0).samples());
        assertTrue(rows.stream().anyMatch(m -> m.key().params().get("cow_threshold").equals("unlimited")));
        assertEquals(4 * 8, TuneResultFile.rows(sweep(List.of(4096L), false), Map.of()).size(), "no device time untimed");
    }
}
