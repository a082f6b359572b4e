package io.dmsnap.cli.history;

import io.dmsnap.cli.changepoint.ChangePointDetector;
import io.dmsnap.cli.changepoint.Direction;
import io.dmsnap.cli.changepoint.MergeRule;
import io.dmsnap.cli.result.RowKey;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small parts: names of chart files and Otava metrics, times, percentages, numbers. */
final class HistoryPartsTest
{
    private static RowKey key(final String benchmark, final String metric)
    {
        return new RowKey(benchmark, "fio", 1, new TreeMap<>(Map.of("bs", "4k")), metric);
    }

    private static Series series(final String host, final RowKey key)
    {
        return new Series(host, key, "ops/s", Direction.HIGHER_IS_BETTER, new double[] {1, 2}, new int[] {0, 1}, List.of(),
            List.of());
    }

    @Test
    void chartFileNamesAreSafeUniqueAndBounded()
    {
        final Series plain = series("bench-1", key("randwrite", "write.iops"));
        final Series blank = series("bench-1", key("rand write", "write.iops"));
        final Series underscore = series("bench-1", key("rand_write", "write.iops"));
        final Series upper = series("bench-1", key("RANDREAD", "read.iops"));
        final Series lower = series("bench-1", key("randread", "READ.IOPS"));
        final Series hostile = series("../..", key("../../etc/passwd", "x"));
        final Series longest = series("bench-1", key("b".repeat(300), "write.iops"));
        final Map<Series, String> names = ChartFiles.names(List.of(plain, blank, underscore, upper, lower, hostile, longest));
        assertEquals("bench-1_randwrite_write.iops_fio_threads_1_bs_4k.png", names.get(plain));
        // "rand write" and "rand_write" would share a name: both get their hash.
        assertTrue(names.get(blank).matches("bench-1_rand_write_write.iops_fio_threads_1_bs_4k_[0-9a-f]{8}\\.png"),
            names.get(blank));
        assertNotEquals(names.get(blank), names.get(underscore));
        // Names differing only in case are one file on some file systems.
        assertTrue(names.get(upper).matches(".*_[0-9a-f]{8}\\.png"), names.get(upper));
        assertTrue(names.get(lower).matches(".*_[0-9a-f]{8}\\.png"), names.get(lower));
        assertEquals(7, names.values().stream().distinct().count());
        for (final String name : names.values())
        {
            assertTrue(name.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*\\.png"), name);
            assertTrue(name.length() <= 150 + 9 + 4, name);
        }
        assertTrue(names.get(hostile).startsWith("_etc_passwd_x") || names.get(hostile).startsWith("__"),
            names.get(hostile));
    }

    @Test
    void otavaMetricNamesAreSanitisedRowIds()
    {
        final RowKey iops = key("randwrite", "write.iops");
        final RowKey a = key("a b", "m");
        final RowKey b = key("a_b", "m");
        final Map<RowKey, String> names = HistoryOtava.metricNames(List.of(iops, a, b));
        assertEquals("randwrite_write.iops_fio_threads_1_bs_4k", names.get(iops));
        assertTrue(names.get(a).startsWith("a_b_m_fio_threads_1_bs_4k_"), names.get(a));
        assertNotEquals(names.get(a), names.get(b));
        // A name does not depend on which other keys are exported.
        assertEquals(names.get(a), HistoryOtava.metricNames(List.of(b, a)).get(a));
    }

    @Test
    void otavaCaveatForSettingsOtavaDoesNotHave()
    {
        final ChangePointDetector d = ChangePointDetector.otavaDefaults();
        assertTrue(HistoryOtava.caveat(d).isEmpty());
        assertTrue(HistoryOtava.caveat(d.withMergeRule(MergeRule.CORRECTED)).orElseThrow().contains("--merge corrected"));
        assertTrue(HistoryOtava.caveat(d.withPermutationTest(100, 1)).orElseThrow().contains("permutation"));
    }

    @Test
    void sinceTakesDatesAndTimes()
    {
        final Instant t = Instant.parse("2026-01-31T02:00:00Z");
        assertEquals(Instant.parse("2026-01-31T00:00:00Z"), HistoryCommand.parseTime("2026-01-31"));
        assertEquals(t, HistoryCommand.parseTime("2026-01-31T02:00:00Z"));
        assertEquals(t, HistoryCommand.parseTime("2026-01-31T04:00:00+02:00"));
        assertEquals(t, HistoryCommand.parseTime("2026-01-31T02:00:00"));
        assertEquals(t, HistoryCommand.parseTime("2026-01-31t02:00:00z"));
    }

    @Test
    void minMagnitudeTakesAPercentage()
    {
        assertEquals(2.0, HistoryCommand.percent("2"));
        assertEquals(2.5, HistoryCommand.percent("2.5%"));
        assertEquals(0.0, HistoryCommand.percent(" 0 "));
    }

    @Test
    void numbersAndCommitsAsPeopleReadThem()
    {
        assertEquals("5,634", HistoryFormat.value(5634.4));
        assertEquals("123.5", HistoryFormat.value(123.45));
        assertEquals("10.43", HistoryFormat.value(10.4321));
        assertEquals("0.01235", HistoryFormat.value(0.0123456));
        assertEquals("-5.1%", HistoryFormat.percent(-5.14));
        assertEquals("+0.0%", HistoryFormat.percent(0));
        assertEquals("0", HistoryFormat.p(0));
        assertEquals("0.0123", HistoryFormat.p(0.0123));
        assertEquals("1.2e-05", HistoryFormat.p(0.0000123));
        assertEquals("1 run", HistoryFormat.count(1, "run"));
        assertEquals("2 series", HistoryFormat.count(2, "series"));
        assertEquals("a, b, c, d, e and 2 more", HistoryFormat.list(List.of("a", "b", "c", "d", "e", "f", "g")));
    }
}
