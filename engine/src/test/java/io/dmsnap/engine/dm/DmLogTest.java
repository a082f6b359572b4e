package io.dmsnap.engine.dm;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class DmLogTest
{
    @Test
    void aSinkGetsEachLineAsItIsLoggedAndTheRingKeepsItToo()
    {
        final DmLog log = new DmLog("device-mapper");
        log.err("before the sink");
        final List<String> seen = new ArrayList<>();
        log.forwardTo(seen::add);
        log.err("snapshots: Invalidating snapshot: Unable to allocate exception.");
        log.info("snapshots: Merge complete.");
        log.forwardTo(null);
        log.warn("after the sink");
        assertEquals(List.of("ERR device-mapper: snapshots: Invalidating snapshot: Unable to allocate exception.",
            "INFO device-mapper: snapshots: Merge complete."), seen);
        assertEquals(4, log.lines().size());
        assertTrue(log.contains("after the sink"));
    }

    @Test
    void theRingKeepsTheNewestLines()
    {
        final DmLog log = new DmLog("dm");
        for (int i = 0; i < DmLog.CAPACITY + 3; i++)
        {
            log.info("line " + i);
        }
        final List<String> lines = log.lines();
        assertEquals(DmLog.CAPACITY, lines.size());
        assertEquals("INFO dm: line 3", lines.get(0));
        assertEquals("INFO dm: line " + (DmLog.CAPACITY + 2), lines.get(lines.size() - 1));
    }
}
