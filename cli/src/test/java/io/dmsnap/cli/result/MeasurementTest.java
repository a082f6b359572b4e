package io.dmsnap.cli.result;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class MeasurementTest
{
    private static final RowKey KEY = new RowKey("b", "thrpt", 1, new TreeMap<>(), RowKey.PRIMARY);

    private static Measurement of(final Replicate... replicates)
    {
        return new Measurement(KEY, "ops/s", Direction.HIGHER_IS_BETTER, List.of(replicates));
    }

    @Test
    void replicationTellsForksFromIterationsFromASingleValue()
    {
        assertEquals(Replication.REPLICATED, of(Replicate.of("fork 1", 1), Replicate.of("fork 2", 2)).replication());
        assertEquals(Replication.ITERATIONS_ONLY, of(Replicate.of("fork 1", 1, 2, 3)).replication());
        assertEquals(Replication.SINGLE_VALUE, of(Replicate.of("run", 7)).replication());
    }

    @Test
    void countsAndPooledSamplesKeepReplicateOrder()
    {
        final Measurement m = of(Replicate.of("fork 1", 1, 2, 3), Replicate.of("fork 2", 4, 5));
        assertEquals(2, m.replicateCount());
        assertEquals(5, m.sampleCount());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5}, m.pooledSamples());
        final Measurement more = m.plus(List.of(Replicate.of("x.json: fork 1", 6)));
        assertEquals(List.of("fork 1", "fork 2", "x.json: fork 1"), more.replicates().stream().map(Replicate::label).toList());
        assertEquals(2, m.replicateCount(), "plus changed the original");
    }

    @Test
    void samplesMustBeFiniteAndPresent()
    {
        assertThrows(IllegalArgumentException.class, () -> Replicate.of("fork 1"));
        assertThrows(IllegalArgumentException.class, () -> Replicate.of("fork 1", 1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Replicate.of("fork 1", Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Replicate.of(" ", 1));
        assertThrows(IllegalArgumentException.class, () -> of());
        assertThrows(IllegalArgumentException.class, () -> new Measurement(KEY, " ", Direction.UNKNOWN,
            List.of(Replicate.of("run", 1))));
    }

    @Test
    void replicatesAreCopies()
    {
        final List<Double> samples = new ArrayList<>(Arrays.asList(1.0, 2.0));
        final Replicate r = new Replicate("fork 1", samples);
        samples.add(3.0);
        assertEquals(List.of(1.0, 2.0), r.samples());
        final double[] values = r.values();
        values[0] = 99;
        assertEquals(1.0, r.samples().get(0));
    }

    @Test
    void aResultSetHoldsEachRowOnceAndAtLeastOne()
    {
        final Measurement m = of(Replicate.of("run", 1));
        final Path file = Path.of("x.json");
        assertThrows(IllegalArgumentException.class, () -> ResultSet.of(file, ResultKind.FIO, Environment.UNKNOWN, List.of()));
        final IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
            () -> ResultSet.of(file, ResultKind.FIO, Environment.UNKNOWN, List.of(m, m)));
        assertTrue(twice.getMessage().contains("b:score [thrpt, threads=1]"), twice.getMessage());
        final ResultSet set = ResultSet.of(file, ResultKind.FIO, Environment.UNKNOWN, List.of(m));
        assertEquals(m, set.find(KEY).orElseThrow());
        assertTrue(set.find(KEY.withMetric("other")).isEmpty());
        assertEquals(List.of(KEY), List.copyOf(set.byKey().keySet()));
    }

    @Test
    void directionFollowsTheUnitOnlyWhereTheUnitDecides()
    {
        assertEquals(Direction.HIGHER_IS_BETTER, Direction.ofUnit("ops/ms"));
        assertEquals(Direction.LOWER_IS_BETTER, Direction.ofUnit("us/op"));
        assertEquals(Direction.LOWER_IS_BETTER, Direction.ofUnit("B/op"));
        assertEquals(Direction.UNKNOWN, Direction.ofUnit("MB/sec"), "an allocation rate is not a bandwidth");
        assertEquals(Direction.UNKNOWN, Direction.ofUnit("counts"));
        assertEquals(Direction.LOWER_IS_BETTER, Direction.ofLabel("lower"));
        assertThrows(IllegalArgumentException.class, () -> Direction.ofLabel("better"));
    }
}
