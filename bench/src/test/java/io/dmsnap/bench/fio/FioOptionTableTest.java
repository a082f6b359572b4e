package io.dmsnap.bench.fio;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The option table and the job model agree: every listed option reaches the model, nothing else does. */
final class FioOptionTableTest
{
    private static String sample(final FioOptionTable.Entry e)
    {
        switch (e.type)
        {
            case BOOL: return "1";
            case INT: return e.name.equals("kb_base") ? "1000" : "4";
            case SIZE: return "8k";
            case TIME: return "2";
            default: return e.defaultValue != null ? e.defaultValue : "x";
        }
    }

    @Test
    void everyListedOptionIsAcceptedUnderEveryName()
    {
        for (final FioOptionTable.Entry e : FioOptionTable.entries())
        {
            for (final String name : e.aliases.isEmpty() ? java.util.List.of(e.name)
                : java.util.stream.Stream.concat(java.util.stream.Stream.of(e.name), e.aliases.stream()).toList())
            {
                try
                {
                    final FioJob j = FioJob.of("j", Map.of(name, sample(e)));
                    assertEquals(e.kind == FioOptionTable.Kind.IGNORED,
                        j.notes().stream().anyMatch(n -> n.startsWith("ignored: " + name)), name + ": " + j.notes());
                }
                catch (final IllegalArgumentException ex)
                {
                    assertFalse(ex.getMessage().contains("unknown fio option"), name + ": " + ex.getMessage());
                }
            }
        }
    }

    @Test
    void groupingLogAndPercentileKeysAreListedWithTheirKinds()
    {
        for (final String key : java.util.List.of("stonewall", "wait_for_previous", "new_group", "wait_for", "exitall"))
        {
            assertEquals(FioOptionTable.Kind.MODELLED, FioOptionTable.find(key).kind, key);
        }
        for (final String key : java.util.List.of("write_lat_log", "write_bw_log", "write_iops_log", "write_hist_log",
            "write_hdr_log", "log_avg_msec", "log_offset", "log_hist_msec", "log_hist_coarseness", "bw_avg_time",
            "iops_avg_time", "percentile_list", "lat_percentiles", "clat_percentiles"))
        {
            assertEquals(FioOptionTable.Kind.REPORTED, FioOptionTable.find(key).kind, key);
        }
        assertEquals("stonewall", FioOptionTable.find("wait_for_previous").name);
        assertTrue(FioOptionTable.find("wait_for").takesValue() && FioOptionTable.find("write_lat_log").takesValue());
        assertTrue(FioJob.of("j", Map.of("stonewall", "")).grouping().stonewall());
        assertEquals(3, FioJob.of("j", Map.of("percentile_list", "99:50.5:1")).percentiles().list().length);
        assertEquals(1, FioJob.of("j", Map.of("percentile_list", "99:50.5:1")).percentiles().precision());
        assertEquals(50.5, FioJob.of("j", Map.of("percentile_list", "99:50.5:1")).percentiles().list()[1]);
    }

    @Test
    void unlistedOptionsAreRefusedWithTheCmdhelpHint()
    {
        assertNull(FioOptionTable.find("latency_target"));
        final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> FioJob.of("j", Map.of("latency_target", "500")));
        assertTrue(e.getMessage().contains("--cmdhelp"), e.getMessage());
        assertNotNull(FioOptionTable.find("BlockSize"));
        assertNotNull(FioOptionTable.find("random-distribution"));
        assertTrue(FioOptionTable.find("time_based").takesValue() == false && FioOptionTable.find("rw").takesValue());
        assertTrue(FioOptionTable.find("bs").cmdhelp().contains("alias: blocksize"));
    }
}
