package io.dmsnap.cli.result;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

final class RowKeyTest
{
    private static RowKey key(final String benchmark, final int threads, final Map<String, String> params, final String metric)
    {
        return new RowKey(benchmark, "thrpt", threads, new TreeMap<>(params), metric);
    }

    @Test
    void theIdSpellsEveryPartWithParametersSortedByName()
    {
        final RowKey k = key("io.x.Bench.run", 2, Map.of("store", "N", "preset", "v5.0"), RowKey.PRIMARY);
        assertEquals("io.x.Bench.run:score [thrpt, threads=2] {preset=v5.0, store=N}", k.id());
        assertEquals("io.x.Bench.run:gc.count [thrpt, threads=2] {preset=v5.0, store=N}", k.withMetric("gc.count").id());
        assertEquals("randwrite:write.clat.p99.9 [fio, threads=1]",
            new RowKey("randwrite", RowKey.FIO_MODE, 1, new TreeMap<>(), "write.clat.p99.9").id());
    }

    @Test
    void tokensThatCouldBeMistakenForSeparatorsAreQuoted()
    {
        final RowKey k = key("my job", 1, Map.of("set", "throttle=NONE,locking=GLOBAL", "target", "origin: 8 sectors"),
            "a\"b");
        assertEquals("\"my job\":\"a\\\"b\" [thrpt, threads=1] {set=\"throttle=NONE,locking=GLOBAL\", "
            + "target=\"origin: 8 sectors\"}", k.id());
        // Two keys whose naive spelling would be the same stay apart.
        final RowKey one = key("b", 1, Map.of("a", "1, b=2"), "m");
        final RowKey two = key("b", 1, Map.of("a", "1", "b", "2"), "m");
        assertNotEquals(one, two);
        assertNotEquals(one.id(), two.id());
    }

    @Test
    void equalityIgnoresTheOrderParametersCameIn()
    {
        final Map<String, String> forward = new LinkedHashMap<>();
        forward.put("a", "1");
        forward.put("b", "2");
        final Map<String, String> backward = new LinkedHashMap<>();
        backward.put("b", "2");
        backward.put("a", "1");
        assertEquals(key("x", 1, forward, "m"), key("x", 1, backward, "m"));
        assertEquals(key("x", 1, forward, "m").id(), key("x", 1, backward, "m").id());
    }

    @Test
    void theOrderIsByBenchmarkModeThreadsNumericallyParamsThenMetric()
    {
        final List<RowKey> keys = new ArrayList<>(List.of(
            key("b", 1, Map.of(), "m"),
            key("a", 10, Map.of(), "m"),
            key("a", 2, Map.of("p", "2"), "m"),
            key("a", 2, Map.of("p", "1"), "z"),
            key("a", 2, Map.of("p", "1"), "a")));
        keys.sort(null);
        assertEquals(List.of("a:a [thrpt, threads=2] {p=1}", "a:z [thrpt, threads=2] {p=1}", "a:m [thrpt, threads=2] {p=2}",
            "a:m [thrpt, threads=10]", "b:m [thrpt, threads=1]"), keys.stream().map(RowKey::id).toList());
    }

    @Test
    void aKeyIsImmutableAndRefusesMissingParts()
    {
        final TreeMap<String, String> params = new TreeMap<>(Map.of("a", "1"));
        final RowKey k = key("x", 1, params, "m");
        params.put("b", "2");
        assertEquals(Map.of("a", "1"), k.params(), "the key kept a view of the caller's map");
        assertThrows(UnsupportedOperationException.class, () -> k.params().put("c", "3"));
        assertThrows(IllegalArgumentException.class, () -> key(" ", 1, Map.of(), "m"));
        assertThrows(IllegalArgumentException.class, () -> key("x", 0, Map.of(), "m"));
        assertThrows(IllegalArgumentException.class, () -> key("x", 1, Map.of(), ""));
        assertThrows(IllegalArgumentException.class, () -> new RowKey("x", "", 1, new TreeMap<>(), "m"));
    }
}
