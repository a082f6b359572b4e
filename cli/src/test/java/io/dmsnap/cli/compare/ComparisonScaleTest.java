package io.dmsnap.cli.compare;

import io.dmsnap.cli.CliResult;
import io.dmsnap.cli.JsonValues;
import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.result.Direction;
import io.dmsnap.cli.result.Replicate;
import io.dmsnap.cli.result.RowKey;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A thousand rows of 30 values a side, through the whole command: every shifted row is found and
 * no unshifted one, with the rows spread over many benchmarks, units and parameters (what the
 * matching, band rules and labels have to cope with). The timeout only guards against a hang.
 */
final class ComparisonScaleTest
{
    private static final int ROWS = 1000;
    private static final int VALUES = 30;

    @Test
    @Timeout(300)
    void aThousandRowsOfThirtyValuesASide(@TempDir final Path dir) throws Exception
    {
        final SyntheticResult base = new SyntheticResult();
        final SyntheticResult candidate = new SyntheticResult();
        final ContinuousDistribution.Sampler noise = SyntheticResult.normal(0, 1, 99);
        for (int i = 0; i < ROWS; i++)
        {
            final RowKey key = new RowKey("io.x.bench" + (i % 50) + ".Bench.run", i % 2 == 0 ? "thrpt" : "avgt",
                1 + i % 4, new TreeMap<>(Map.of("size", Integer.toString(i))), RowKey.PRIMARY);
            final String unit = i % 2 == 0 ? "ops/s" : "us/op";
            // Every 100th row is 20% worse; the noise is 1%.
            final double worse = i % 100 == 0 ? (i % 2 == 0 ? 0.8 : 1.2) : 1.0;
            base.row(key, unit, Direction.UNKNOWN, replicates(noise, 100.0));
            candidate.row(key, unit, Direction.UNKNOWN, replicates(noise, 100.0 * worse));
        }
        final Path b = base.write(dir.resolve("base.json"));
        final Path c = candidate.write(dir.resolve("candidate.json"));
        final Path bands = Files.writeString(dir.resolve("bands.txt"), "micro.* = 3%\n*Bench.run = 5%\n");
        final CliResult r = CliResult.run("compare", b.toString(), c.toString(), "--bands", bands.toString(),
            "--resamples", "1000", "--format", "json");
        assertEquals(ExitCodes.FAILED, r.exitCode, () -> r.err);
        @SuppressWarnings("unchecked")
        final Map<String, Object> json = (Map<String, Object>) JsonValues.parse(r.out);
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> rows = (List<Map<String, Object>>) json.get("rows");
        assertEquals(ROWS, rows.size());
        for (final Map<String, Object> row : rows)
        {
            @SuppressWarnings("unchecked")
            final int size = Integer.parseInt(((Map<String, String>) row.get("params")).get("size"));
            assertEquals(size % 100 == 0 ? "REGRESSED" : "SAME", row.get("verdict"), row.get("id") + ": " + row.get("reason"));
            assertEquals((long) VALUES, row.get("n_base"));
        }
    }

    /** Thirty runs of one value each around {@code median}, 1% noise. */
    private static Replicate[] replicates(final ContinuousDistribution.Sampler noise, final double median)
    {
        final Replicate[] runs = new Replicate[VALUES];
        for (int i = 0; i < VALUES; i++)
        {
            runs[i] = Replicate.of("run " + (i + 1), median * (1.0 + 0.01 * noise.sample()));
        }
        return runs;
    }
}
