package io.dmsnap.cli.result;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fio JSON, read from real fio 3.33 runs on regular files and from dmsnap fio. */
final class FioReaderTest
{
    private static double value(final ResultSet set, final RowKey base, final String metric)
    {
        final Measurement m = set.find(base.withMetric(metric)).orElseThrow(() -> new AssertionError("no row " + metric
            + " in " + set.measurements().stream().map(x -> x.key().id()).toList()));
        assertEquals(Replication.SINGLE_VALUE, m.replication());
        assertEquals("run", m.replicates().get(0).label());
        return m.replicates().get(0).samples().get(0);
    }

    private static RowKey job(final String name, final int threads, final Map<String, String> params)
    {
        return new RowKey(name, RowKey.FIO_MODE, threads, new TreeMap<>(params), RowKey.PRIMARY);
    }

    @Test
    void aPsyncJobGivesIopsBandwidthMeansAndEveryClatPercentileOfItsDirection()
    {
        final ResultSet set = ResultFiles.read(Fixtures.path("fio-psync-randwrite.json"));
        assertEquals(ResultKind.FIO, set.kind());
        final RowKey base = job("randwrite", 1, Map.of("bs", "4k", "ioengine", "psync", "rw", "randwrite", "size", "2m"));
        assertEquals(256000.0, value(set, base, "write.iops"));
        assertEquals(1048576000.0, value(set, base, "write.bw"));
        assertEquals(3345.859375, value(set, base, "write.clat.mean"));
        assertEquals(3392.710937, value(set, base, "write.lat.mean"));
        assertEquals(6496.0, value(set, base, "write.clat.p99"));
        assertEquals(18560.0, value(set, base, "write.clat.p99.9"));
        // iops, bw, two means and fio's 17 default percentiles; nothing for read and trim, which did no I/O.
        assertEquals(21, set.measurements().size());
        assertTrue(set.measurements().stream().allMatch(m -> m.key().metric().startsWith("write.")));
        final Measurement iops = set.find(base.withMetric("write.iops")).orElseThrow();
        assertEquals("ops/s", iops.unit());
        assertEquals(Direction.HIGHER_IS_BETTER, iops.direction());
        assertEquals("B/s", set.find(base.withMetric("write.bw")).orElseThrow().unit());
        final Measurement p99 = set.find(base.withMetric("write.clat.p99")).orElseThrow();
        assertEquals("ns", p99.unit());
        assertEquals(Direction.LOWER_IS_BETTER, p99.direction());
        assertEquals(Optional.of("fio-3.33"), set.environment().tool());
        assertEquals(Optional.of(Instant.ofEpochMilli(1796546648185L)), set.environment().startTime(),
            "fio 3.33 writes no job_start: the report's time");
        assertTrue(set.environment().jmh().isEmpty() && set.environment().host().isEmpty());
    }

    @Test
    void groupReportingIsOneRowSetForTheGroupWithGlobalOptionsAsParameters()
    {
        final ResultSet set = ResultFiles.read(Fixtures.path("fio-libaio-group.json"));
        final RowKey base = job("randwrite", 2, Map.of("bs", "4k", "direct", "1", "iodepth", "8", "ioengine", "libaio",
            "rw", "randwrite", "size", "2m"));
        assertEquals(44521.73913, value(set, base, "write.iops"));
        assertEquals(182361043.0, value(set, base, "write.bw"));
        assertEquals(330900.366211, value(set, base, "write.clat.mean"));
        assertEquals(651264.0, value(set, base, "write.clat.p99"));
        assertEquals(733184.0, value(set, base, "write.clat.p99.9"));
        assertEquals(21, set.measurements().size());
    }

    @Test
    void workersWithoutGroupReportingAreRowsOfOneThreadApartByClone()
    {
        final ResultSet set = ResultFiles.read(Fixtures.path("fio-psync-2jobs.json"));
        final Map<String, String> params = Map.of("bs", "4k", "ioengine", "psync", "rw", "randwrite", "size", "1m");
        final TreeMap<String, String> first = new TreeMap<>(params);
        first.put("clone", "0");
        final TreeMap<String, String> second = new TreeMap<>(params);
        second.put("clone", "1");
        assertEquals(256000.0, value(set, job("randwrite", 1, first), "write.iops"));
        assertEquals(128000.0, value(set, job("randwrite", 1, second), "write.iops"));
        assertEquals(67072.0, value(set, job("randwrite", 1, second), "write.clat.p99.9"));
        assertEquals(42, set.measurements().size());
    }

    @Test
    void aMixedJobHasRowsForBothDirectionsAndLatPercentilesWhenFioReportsThem()
    {
        final ResultSet set = ResultFiles.read(Fixtures.path("fio-randrw-jsonplus.json"));
        final RowKey base = job("mixed", 1, Map.of("bs", "4k", "ioengine", "psync", "lat_percentiles", "1", "rw", "randrw",
            "rwmixread", "70", "size", "1m"));
        assertEquals(6133.333333, value(set, base, "read.iops"));
        assertEquals(2400.0, value(set, base, "write.iops"));
        assertEquals(25122133.0, value(set, base, "read.bw"));
        assertEquals(153381.548913, value(set, base, "read.clat.mean"));
        assertEquals(1011712.0, value(set, base, "read.lat.p99"));
        assertEquals(6752.0, value(set, base, "write.lat.p50"));
        assertEquals(6496.0, value(set, base, "write.clat.p50"));
        // Per direction: iops, bw, 2 means, 17 clat and 17 lat percentiles. json+'s bins are not rows.
        assertEquals(2 * 38, set.measurements().size());
    }

    @Test
    void dmsnapFioOutputReadsTheSameWayWithItsTargetAsAParameterButNotItsEngineStats()
    {
        final ResultSet set = ResultFiles.read(Fixtures.path("dmsnap-fio-2jobs.json"));
        final Map<String, String> params = new TreeMap<>(Map.of("bs", "4k", "iodepth", "4", "ioengine", "libaio",
            "rw", "randwrite", "dmsnap_config", "current",
            "dmsnap_target", "origin: origin 32768 sectors, snapshot N chunk 8 sectors, current", "clone", "0"));
        assertEquals(5417.989418, value(set, job("randwrite", 1, params), "write.iops"));
        assertEquals(477976.328125, value(set, job("randwrite", 1, params), "write.clat.mean"));
        params.put("clone", "1");
        assertEquals(4762.790698, value(set, job("randwrite", 1, params), "write.iops"));
        assertFalse(set.measurements().stream().anyMatch(m -> m.key().params().containsKey("dmsnap_engine_stats")));
        assertEquals(Optional.of("dmsnap-fio-0.1.0-SNAPSHOT"), set.environment().tool());
    }

    @Test
    void placesAndLogsAreNotParameters()
    {
        for (final String option : List.of("filename", "directory", "write_bw_log", "write_hist_log", "log_avg_msec", "name",
            "numjobs", "group_reporting", "dmsnap_engine_stats"))
        {
            assertFalse(FioReader.isParameter(option), option);
        }
        for (final String option : List.of("rw", "bs", "iodepth", "direct", "rwmixread", "runtime"))
        {
            assertTrue(FioReader.isParameter(option), option);
        }
    }
}
