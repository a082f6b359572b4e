package io.dmsnap.bench.jmh.micro;

import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.Switches.HashSizing;
import io.dmsnap.engine.exception.CompleteTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class HashSizingBenchTest
{
    @Test
    void anOriginOfSizeZeroGivesTheMinimumTableAndTheCowAloneTheCappedOne()
    {
        final int max = EngineConfig.current().maxBuckets();
        assertEquals(64, HashSizingBench.buckets(HashSizing.MIN_ORIGIN_COW, max));
        assertEquals(262_144, HashSizingBench.buckets(HashSizing.COW_ONLY, max));
    }

    @Test
    void everyLookupOfTheBenchmarkFindsItsException()
    {
        for (final HashSizing sizing : HashSizing.values())
        {
            final HashSizingBench.Table table = new HashSizingBench.Table();
            table.sizing = sizing;
            table.exceptions = 4096;
            table.setUp();
            try
            {
                assertEquals(HashSizingBench.buckets(sizing, EngineConfig.current().maxBuckets()), table.table.buckets());
                final HashSizingBench.ThreadKeys keys = new HashSizingBench.ThreadKeys();
                keys.setUp();
                final HashSizingBench bench = new HashSizingBench();
                final Set<Long> found = new HashSet<>();
                for (int i = 0; i < 20_000; i++)
                {
                    final long cow = bench.lookup(table, keys);
                    assertNotEquals(CompleteTable.NOT_FOUND, cow, sizing + ": a populated chunk was not found");
                    found.add(cow);
                }
                // Random keys over all 4096 exceptions, not one key over and over.
                assertTrue(found.size() > 3000, sizing + ": only " + found.size() + " distinct exceptions looked up");
            }
            finally
            {
                table.tearDown();
            }
        }
    }

    @Test
    void refusesACountThatIsNotAPowerOfTwo()
    {
        final HashSizingBench.Table table = new HashSizingBench.Table();
        table.sizing = HashSizing.COW_ONLY;
        table.exceptions = 3000;
        assertThrows(IllegalArgumentException.class, table::setUp);
    }
}
