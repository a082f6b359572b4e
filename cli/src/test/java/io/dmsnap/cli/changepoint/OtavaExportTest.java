package io.dmsnap.cli.changepoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OtavaExportTest
{
    private static final Map<String, Direction> SAMPLE_DIRECTIONS = Map.of("metric1", Direction.HIGHER_IS_BETTER, "metric2",
        Direction.LOWER_IS_BETTER);

    /** Otava's examples/csv sample: 2026.01.0N 3:00:00 +0100, commits aaa0 to aaa9. */
    private static List<OtavaExport.Row> sample()
    {
        final double[] metric1 = {154023, 138455, 143112, 149190, 132098, 151344, 155145, 148889, 149466, 148209};
        final double[] metric2 = {10.43, 10.23, 10.29, 10.91, 10.34, 10.69, 9.23, 9.11, 9.13, 9.03};
        final List<OtavaExport.Row> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++)
        {
            final Instant time = OffsetDateTime.of(2026, 1, 1 + i, 3, 0, 0, 0, ZoneOffset.ofHours(1)).toInstant();
            rows.add(new OtavaExport.Row(time, "aaa" + i, Map.of("metric1", metric1[i], "metric2", metric2[i])));
        }
        return rows;
    }

    @Test
    void otavasSample()
    {
        final List<OtavaExport.Row> rows = new ArrayList<>(sample());
        Collections.reverse(rows);   // Otava's own e2e test writes newest first; we sort
        final OtavaExport export = OtavaExport.of("local.sample", rows, SAMPLE_DIRECTIONS);
        assertEquals(1, export.tables().size());
        final OtavaExport.Table table = export.tables().get(0);
        assertEquals("local.sample", table.testName());
        assertEquals("local.sample.csv", table.fileName());
        assertEquals(List.of("metric1", "metric2"), table.metrics());
        assertEquals(10, table.rows());
        assertEquals("""
            time,commit,metric1,metric2
            2026-01-01T02:00:00+00:00,aaa0,154023,10.43
            2026-01-02T02:00:00+00:00,aaa1,138455,10.23
            2026-01-03T02:00:00+00:00,aaa2,143112,10.29
            2026-01-04T02:00:00+00:00,aaa3,149190,10.91
            2026-01-05T02:00:00+00:00,aaa4,132098,10.34
            2026-01-06T02:00:00+00:00,aaa5,151344,10.69
            2026-01-07T02:00:00+00:00,aaa6,155145,9.23
            2026-01-08T02:00:00+00:00,aaa7,148889,9.11
            2026-01-09T02:00:00+00:00,aaa8,149466,9.13
            2026-01-10T02:00:00+00:00,aaa9,148209,9.03
            """, table.csv());
        assertEquals("""
            # Apache Otava configuration for the history local.sample.
            # Run from the directory that holds this file and the CSV files:
            #   otava --config-file local.sample.otava.yaml analyze local.sample --since 2025-12-31 -P 0.001 -M 0 --window 50
            tests:
              'local.sample':
                type: csv
                file: 'local.sample.csv'
                time_column: time
                attributes: [commit]
                csv_options:
                  delimiter: ','
                  quote_char: '"'
                metrics:
                  'metric1':
                    column: 'metric1'
                    direction: 1
                  'metric2':
                    column: 'metric2'
                    direction: -1
            """, export.config());
    }

    /** What the file says is what the detector sees: the sample's metric2 read back still changes at row 6. */
    @Test
    void readBackGivesTheSameChangePoints()
    {
        final OtavaExport.Table table = OtavaExport.of("s", sample(), SAMPLE_DIRECTIONS).tables().get(0);
        final double[] metric2 = table.csv().lines().skip(1).mapToDouble(line -> Double.parseDouble(line.split(",")[3]))
            .toArray();
        final List<ChangePoint> points = ChangePointDetector.otavaDefaults().detect(metric2, Direction.LOWER_IS_BETTER);
        assertEquals(1, points.size());
        assertEquals(6, points.get(0).index());
        assertEquals(Verdict.IMPROVEMENT, points.get(0).verdict(), "lower is better: a drop is an improvement");
    }

    @Test
    void commandCarriesTheDetectorsSettings()
    {
        final OtavaExport export = OtavaExport.of("host-1", sample(), SAMPLE_DIRECTIONS);
        assertEquals("host-1.otava.yaml", export.configFileName());
        assertEquals("otava --config-file host-1.otava.yaml analyze host-1 --since 2025-12-31 -P 0.001 -M 0 --window 50",
            export.command(ChangePointDetector.otavaDefaults()));
        assertEquals("otava --config-file host-1.otava.yaml analyze host-1 --since 2025-12-31 -P 0.0001 -M 0.05 --window 30",
            export.command(ChangePointDetector.otavaDefaults().withPValue(0.0001).withMinMagnitudePercent(5).withWindow(30)));
    }

    /** The first row at 00:30 UTC on 2026-03-01: --since is 2026-02-28, so no time zone drops it. */
    @Test
    void sinceIsTheDayBeforeTheFirstRow()
    {
        final OtavaExport export = OtavaExport.of("h", List.of(
            new OtavaExport.Row(Instant.parse("2026-03-05T10:00:00Z"), "b", Map.of("m", 2.0)),
            new OtavaExport.Row(Instant.parse("2026-03-01T00:30:00Z"), "a", Map.of("m", 1.0))),
            Map.of("m", Direction.HIGHER_IS_BETTER));
        assertEquals("2026-02-28", export.since().toString());
    }

    /**
     * A metric missing from some rows: never an empty cell. Metrics present in the same rows share a
     * table; a test group runs them all.
     */
    @Test
    void missingMetricsSplitTheTables()
    {
        final List<OtavaExport.Row> rows = new ArrayList<>();
        for (int day = 1; day <= 6; day++)
        {
            final Map<String, Double> metrics = new HashMap<>();
            metrics.put("iops", 1000.0 + day);
            metrics.put("lat", 5.0 + day);
            if (day >= 4)
            {
                metrics.put("new_bench", 7.0 + day);   // added on day 4
            }
            if (day == 2)
            {
                metrics.put("lat", null);              // null counts as missing
            }
            rows.add(new OtavaExport.Row(Instant.parse("2026-01-0" + day + "T01:00:00Z"), "c" + day, metrics));
        }
        final Map<String, Direction> directions = Map.of("iops", Direction.HIGHER_IS_BETTER, "lat", Direction.LOWER_IS_BETTER,
            "new_bench", Direction.HIGHER_IS_BETTER);
        final OtavaExport export = OtavaExport.of("ci", rows, directions);
        assertEquals(3, export.tables().size());
        final OtavaExport.Table iops = export.tables().get(0);
        final OtavaExport.Table lat = export.tables().get(1);
        final OtavaExport.Table added = export.tables().get(2);
        assertEquals(List.of("iops"), iops.metrics());
        assertEquals(6, iops.rows());
        assertEquals("ci.part1", iops.testName());
        assertEquals(List.of("lat"), lat.metrics());
        assertEquals(5, lat.rows());
        assertFalse(lat.csv().contains(",c2,"), "the row without lat is left out of lat's table");
        assertEquals("""
            time,commit,new_bench
            2026-01-04T01:00:00+00:00,c4,11
            2026-01-05T01:00:00+00:00,c5,12
            2026-01-06T01:00:00+00:00,c6,13
            """, added.csv());
        assertEquals("ci.part3.csv", added.fileName());
        for (final OtavaExport.Table table : export.tables())
        {
            table.csv().lines().forEach(line ->
            {
                assertFalse(line.contains(",,") || line.endsWith(","), "empty cell in " + line);
                assertEquals(2 + table.metrics().size(), line.split(",").length, line);
            });
        }
        assertTrue(export.config().endsWith("""
            test_groups:
              'ci':
                - 'ci.part1'
                - 'ci.part2'
                - 'ci.part3'
            """), export.config());
        assertTrue(export.config().contains("""
              'ci.part2':
                type: csv
                file: 'ci.part2.csv'
            """));
        assertEquals(2026 - 1, export.since().getYear(), "the first row with any metric decides --since");
    }

    @Test
    void fieldsAreQuotedWhereTheCsvModuleNeedsIt()
    {
        final OtavaExport export = OtavaExport.of("q", List.of(new OtavaExport.Row(Instant.parse("2026-01-01T00:00:00.750Z"),
            "  ", Map.of("read \"4k\", p99", 1.5e-7, "it's", 1.0e12))),
            Map.of("read \"4k\", p99", Direction.LOWER_IS_BETTER, "it's", Direction.HIGHER_IS_BETTER));
        assertEquals("""
            time,commit,it's,"read ""4k"", p99"
            2026-01-01T00:00:00+00:00,unknown,1000000000000,0.00000015
            """, export.tables().get(0).csv());
        assertTrue(export.config().contains("      'it''s':\n        column: 'it''s'\n        direction: 1\n"), export.config());
    }

    /** Values are written in plain decimal and read back as the same double. */
    @Test
    void numbersRoundTrip()
    {
        final SplittableRandom random = new SplittableRandom(3);
        final List<OtavaExport.Row> rows = new ArrayList<>();
        final double[] values = new double[500];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = Math.scalb(random.nextDouble() - 0.3, random.nextInt(-30, 40));
            rows.add(new OtavaExport.Row(Instant.ofEpochSecond(1_700_000_000L + 86_400L * i), "c", Map.of("v", values[i])));
        }
        final String csv = OtavaExport.of("n", rows, Map.of("v", Direction.HIGHER_IS_BETTER)).tables().get(0).csv();
        final double[] read = csv.lines().skip(1).map(line -> line.split(",")[2]).peek(cell ->
            assertTrue(cell.matches("-?[0-9]+(\\.[0-9]+)?"), cell)).mapToDouble(Double::parseDouble).toArray();
        assertEquals(Arrays.toString(values), Arrays.toString(read));
    }

    @Test
    void writesTheFilesInPlace(@TempDir final Path directory) throws IOException
    {
        final OtavaExport export = OtavaExport.of("host1", sample(), SAMPLE_DIRECTIONS);
        final Path target = directory.resolve("otava");
        final List<Path> written = export.writeTo(target);
        assertEquals(List.of(target.resolve("host1.csv"), target.resolve("host1.otava.yaml")), written);
        assertEquals(export.tables().get(0).csv(), Files.readString(written.get(0)));
        assertEquals(export.config(), Files.readString(written.get(1)));
        export.writeTo(target);
        try (Stream<Path> files = Files.list(target))
        {
            assertEquals(2, files.count(), "rewritten in place, no temporary file left");
        }
    }

    @Test
    void badInputIsNamed()
    {
        final Instant now = Instant.parse("2026-01-01T00:00:00Z");
        final Map<String, Direction> m = Map.of("m", Direction.HIGHER_IS_BETTER);
        assertEquals("metric m of the run at 2026-01-01T00:00:00Z is NaN: Otava needs finite numbers (leave the metric out of"
            + " that row instead)", assertThrows(IllegalArgumentException.class,
                () -> OtavaExport.of("h", List.of(new OtavaExport.Row(now, "c", Map.of("m", Double.NaN))), m)).getMessage());
        assertEquals("metric x has no direction: say whether higher or lower is better", assertThrows(
            IllegalArgumentException.class, () -> OtavaExport.of("h", List.of(new OtavaExport.Row(now, "c", Map.of("x", 1.0))),
                m)).getMessage());
        for (final String reserved : List.of("time", "commit", "branch"))
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OtavaExport.of("h",
                List.of(new OtavaExport.Row(now, "c", Map.of(reserved, 1.0))), Map.of(reserved, Direction.HIGHER_IS_BETTER)));
            assertEquals("metric name '" + reserved + "' is reserved in Otava's CSV; rename it (taken: [branch, commit, time])",
                e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> OtavaExport.of("h",
            List.of(new OtavaExport.Row(now, "c", Map.of("a\nb", 1.0))), Map.of("a\nb", Direction.HIGHER_IS_BETTER)));
        assertEquals("export name 'my host' must be letters, digits, '.', '_' or '-' (OtavaExport.safeName makes one)",
            assertThrows(IllegalArgumentException.class, () -> OtavaExport.of("my host", sample(), SAMPLE_DIRECTIONS))
                .getMessage());
        assertEquals("nothing to export for h: 1 rows and not one metric value", assertThrows(IllegalArgumentException.class,
            () -> OtavaExport.of("h", List.of(new OtavaExport.Row(now, "c", Map.of())), m)).getMessage());
    }

    @Test
    void safeNames()
    {
        assertEquals("my_host_01.lab", OtavaExport.safeName("my host/01.lab"));
        assertEquals("_", OtavaExport.safeName(""));
        assertEquals("ci-runner_3", OtavaExport.safeName("ci-runner_3"));
    }
}
