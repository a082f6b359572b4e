package io.dmsnap.cli.matrix;

import io.dmsnap.bench.jmh.fio.FioBenchmarkName;
import io.dmsnap.bench.jmh.fio.FioBenchmarks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
final class MatrixPlanTest
{
    private static List<String> names(final MatrixPlan plan)
    {
        return plan.benchmarks().stream().map(FioBenchmarkName::name).collect(Collectors.toList());
    }

    @Test
    void quickIsTheSeedComparisonInThirtyTwoPointsUnderTenMinutes()
    {
        final MatrixPlan plan = MatrixPlan.quick().build();
        assertEquals(List.of("fio_origin_randwrite_throughput", "fio_origin_randwrite_latency",
            "fio_snapshot_randwrite_throughput", "fio_snapshot_randwrite_latency"), names(plan));
        assertEquals(List.of(1, 2, 4, 8), plan.workers());
        assertEquals("v5.0", plan.before());
        assertEquals("current", plan.after());
        assertEquals(List.of("N"), plan.stores());
        assertEquals(32, plan.points());
        assertEquals(8, plan.pointsPerRun());
        assertTrue(plan.points() * plan.estimatedSecondsPerPoint() < 600, "quick plan estimated over 10 minutes");
        assertEquals("none", plan.setParam());
    }

    @Test
    void fullIsTheWholeDmtestMatrix()
    {
        final MatrixPlan plan = MatrixPlan.full().build();
        assertEquals(24, plan.benchmarks().size());
        assertEquals(List.of("N", "P"), plan.stores());
        assertEquals(24 * 2 * 2 * 4, plan.points());
        assertTrue(plan.forks() > MatrixPlan.quick().build().forks());
        assertTrue(plan.measurement().seconds() > MatrixPlan.quick().build().measurement().seconds());
    }

    @Test
    void benchmarksFilterTakesRegularExpressionsOrNames()
    {
        assertEquals(List.of("fio_raw_device_seqread_throughput", "fio_raw_device_seqread_latency"),
            names(MatrixPlan.quick().benchmarks("raw_device_seqread").build()));
        assertEquals(List.of("fio_origin_seqwrite_latency", "fio_snapshot_randread_throughput"),
            names(MatrixPlan.quick().benchmarks("fio_snapshot_randread_throughput, fio_origin_seqwrite_latency").build()));
        assertEquals(6, MatrixPlan.quick().benchmarks("^fio_origin_.*(read|write)_throughput$,raw_device_randwrite")
            .build().benchmarks().size());
        final IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
            () -> MatrixPlan.quick().benchmarks("fio_nothing"));
        assertTrue(none.getMessage().contains("matches no benchmark"), none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MatrixPlan.quick().benchmarks("fio_(origin"));
    }

    @Test
    void optionsAreChecked()
    {
        assertEquals(List.of(1, 3, 8), MatrixPlan.quick().workers(List.of(8, 1, 3, 1)).build().workers());
        assertThrows(IllegalArgumentException.class, () -> MatrixPlan.quick().workers(List.of(0)));
        assertThrows(IllegalArgumentException.class, () -> MatrixPlan.quick().presets(List.of("v5.0")));
        assertThrows(IllegalArgumentException.class, () -> MatrixPlan.quick().presets(List.of("v5.0", "v9.9")));
        assertThrows(IllegalArgumentException.class, () -> MatrixPlan.quick().presets(List.of("current", "current")));
        assertEquals("v4.18", MatrixPlan.quick().presets(List.of("v4.18", "v5.2")).build().before());
        assertEquals(List.of("P", "N"), MatrixPlan.quick().stores(List.of("p", "N", "P")).build().stores());
        assertThrows(IllegalArgumentException.class, () -> MatrixPlan.quick().stores(List.of("X")));
        assertThrows(IllegalArgumentException.class, () -> MatrixPlan.quick().overrides(List.of("nosuch=1")).build());
        assertThrows(IllegalArgumentException.class, () -> MatrixPlan.quick().forks(-1));
        assertThrows(IllegalArgumentException.class, () -> MatrixPlan.quick().measurement("0x1s"));
        final MatrixPlan set = MatrixPlan.quick().overrides(List.of("throttle=NONE", " cowThreshold=64 ")).build();
        assertEquals("throttle=NONE;cowThreshold=64", set.setParam());
    }

    @Test
    void phasesParseCountAndTime()
    {
        final MatrixPlan.Phase base = new MatrixPlan.Phase(3, TimeValue.seconds(2));
        final MatrixPlan.Phase both = MatrixPlan.Phase.parse("--warmup", "2x100ms", base);
        assertEquals(2, both.iterations());
        assertEquals(TimeValue.milliseconds(100), both.time());
        assertEquals(0.2, both.seconds(), 1e-9);
        final MatrixPlan.Phase count = MatrixPlan.Phase.parse("--warmup", "5", base);
        assertEquals(5, count.iterations());
        assertEquals(TimeValue.seconds(2), count.time());
        for (final String bad : new String[] {"x1s", "2xfast", "-1x1s", "2x0s", ""})
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MatrixPlan.Phase.parse("--warmup", bad, base), bad);
            assertTrue(e.getMessage().contains("COUNTxTIME"), e.getMessage());
        }
    }

    @Test
    void theJmhRunIncludesExactlyThePlannedBenchmarksWithBothPresets()
    {
        final MatrixPlan plan = MatrixPlan.quick().benchmarks("fio_origin_randwrite_throughput,snapshot_seqread_latency")
            .stores(List.of("N", "P")).warmup("1x100ms").measurement("2x200ms").forks(0).build();
        final Pattern include = Pattern.compile(plan.includeRegex());
        for (final FioBenchmarkName name : FioBenchmarkName.all())
        {
            final boolean planned = plan.benchmarks().contains(name);
            assertEquals(planned, include.matcher(FioBenchmarks.class.getName() + "." + name.name()).find(), name.name());
        }
        final Options options = plan.options(4);
        assertEquals(4, options.getThreads().get());
        assertEquals(List.of("v5.0", "current"), List.copyOf(options.getParameter("preset").get()));
        assertEquals(List.of("N", "P"), List.copyOf(options.getParameter("store").get()));
        assertEquals(List.of("none"), List.copyOf(options.getParameter("set").get()));
        assertEquals(0, options.getForkCount().get());
        assertEquals(1, options.getWarmupIterations().get());
        assertEquals(TimeValue.milliseconds(200), options.getMeasurementTime().get());
        assertTrue(options.shouldFailOnError().get());
    }

    @Test
    void forksGetTheOffHeapFlagsOnlyOnNewJdksAndOnlyWhenMissing()
    {
        assertTrue(MatrixPlan.jvmFlags(17, List.of()).isEmpty());
        assertEquals(List.of("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"),
            MatrixPlan.jvmFlags(24, List.of("-Xmx1g")));
        assertEquals(List.of("--enable-native-access=ALL-UNNAMED"),
            MatrixPlan.jvmFlags(25, List.of("--sun-misc-unsafe-memory-access=allow")));
        assertFalse(MatrixPlan.quick().build().describe().isEmpty());
    }
}
