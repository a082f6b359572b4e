package io.dmsnap.bench.jmh.fio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;

import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
final class FioBenchmarkNameTest
{
    @Test
    void theMatrixHasTwentyFourDistinctDmtestNames()
    {
        final Set<String> names = new HashSet<>();
        for (final FioBenchmarkName name : FioBenchmarkName.all())
        {
            names.add(name.name());
        }
        assertEquals(24, names.size());
        assertTrue(names.contains("fio_origin_randwrite_throughput"));
        assertTrue(names.contains("fio_raw_device_seqread_latency"));
        assertTrue(names.contains("fio_snapshot_seqwrite_throughput"));
    }

    @Test
    void parseAcceptsTheMethodNameAloneOrQualified()
    {
        final FioBenchmarkName plain = FioBenchmarkName.parse("fio_snapshot_seqwrite_latency");
        final FioBenchmarkName qualified = FioBenchmarkName.parse(FioBenchmarks.class.getName() + ".fio_snapshot_seqwrite_latency");
        assertEquals(plain, qualified);
        assertEquals(plain.hashCode(), qualified.hashCode());
        assertEquals(FioBenchmarkName.Target.SNAPSHOT, plain.target());
        assertEquals(FioBenchmarkName.Workload.SEQWRITE, plain.workload());
        assertEquals(FioBenchmarkName.Type.LATENCY, plain.type());
        assertEquals("fio_snapshot_seqwrite_latency", plain.name());
    }

    @Test
    void parseRefusesOtherNames()
    {
        for (final String bad : new String[] {"fio_origin_randwrite", "fio_raw_randwrite_latency", "origin_randwrite_latency",
            "fio_origin_randwrite_latency_x", ""})
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FioBenchmarkName.parse(bad));
            assertTrue(e.getMessage().contains("fio_{origin,snapshot,raw_device}"), e.getMessage());
        }
    }

    @Test
    void workloadsAndTypesCarryTheDmtestJobSettings()
    {
        assertEquals(4096, FioBenchmarkName.Workload.RANDWRITE.blockBytes());
        assertEquals(256 * 1024, FioBenchmarkName.Workload.SEQREAD.blockBytes());
        assertTrue(FioBenchmarkName.Workload.SEQWRITE.isWrite());
        assertTrue(!FioBenchmarkName.Workload.RANDREAD.isWrite() && FioBenchmarkName.Workload.RANDREAD.isRandom());
        assertTrue(!FioBenchmarkName.Workload.SEQREAD.isRandom());
        assertEquals(32, FioBenchmarkName.Type.THROUGHPUT.iodepth());
        assertEquals(1, FioBenchmarkName.Type.LATENCY.iodepth());
        assertEquals("raw_device", FioBenchmarkName.Target.RAW_DEVICE.label());
    }

    @Test
    void everyNameIsABenchmarkMethodWithTheModeOfItsType()
    {
        final Set<String> methods = new HashSet<>();
        for (final Method m : FioBenchmarks.class.getDeclaredMethods())
        {
            if (m.isAnnotationPresent(Benchmark.class))
            {
                methods.add(m.getName());
                final FioBenchmarkName name = FioBenchmarkName.parse(m.getName());
                final Mode[] expected = name.type() == FioBenchmarkName.Type.THROUGHPUT
                    ? new Mode[] {Mode.Throughput} : new Mode[] {Mode.SampleTime};
                assertArrayEquals(expected, m.getAnnotation(BenchmarkMode.class).value(), m.getName());
            }
        }
        final Set<String> names = new HashSet<>();
        FioBenchmarkName.all().forEach(n -> names.add(n.name()));
        assertEquals(names, methods);
    }
}
