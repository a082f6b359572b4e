package io.dmsnap.cli.cost;

import io.dmsnap.cli.result.Direction;
import io.dmsnap.cli.result.Environment;
import io.dmsnap.cli.result.JmhSettings;
import io.dmsnap.cli.result.Measurement;
import io.dmsnap.cli.result.Replicate;
import io.dmsnap.cli.result.ResultFileWriter;
import io.dmsnap.cli.result.ResultKind;
import io.dmsnap.cli.result.ResultSet;
import io.dmsnap.cli.result.RowKey;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Result files of a known size for {@link ToolCost}: {@code rows} rows of JMH-style
 * measurements ({@code forks} replicates of {@code iterations} values each, 2% noise around 1000
 * ops/s), written by the real writer, so that what is measured is what a user's file costs.
 */
final class SyntheticRuns
{
    private SyntheticRuns()
    {
    }

    /** One run file; {@code night} moves its start time by that many days and seeds its noise. */
    static Path write(final Path file, final int rows, final int forks, final int iterations, final int night)
        throws IOException
    {
        final UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(night * 7919L + rows);
        final List<Measurement> measurements = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++)
        {
            final RowKey key = new RowKey("io.dmsnap.bench.Synthetic" + (r % 20) + ".run", "thrpt", 1 + r % 4,
                new TreeMap<>(Map.of("size", Integer.toString(r))), RowKey.PRIMARY);
            final List<Replicate> replicates = new ArrayList<>(forks);
            for (int f = 0; f < forks; f++)
            {
                final double[] values = new double[iterations];
                for (int i = 0; i < iterations; i++)
                {
                    values[i] = 1000.0 * (1.0 + 0.02 * gaussian(rng));
                }
                replicates.add(Replicate.of("fork " + (f + 1), values));
            }
            measurements.add(new Measurement(key, "ops/s", Direction.HIGHER_IS_BETTER, replicates));
        }
        final Environment environment = Environment.builder()
            .startTime(Instant.parse("2026-01-01T02:00:00Z").plus(Duration.ofDays(night)))
            .gitCommit(String.format("%07x", night + 0x1000000)).gitDirty(false)
            .jdkVendor("Debian").jdkVersion("17.0.15+6").jvmName("OpenJDK 64-Bit Server VM")
            .cpuModel("synthetic").cores(2).osName("Linux").osVersion("6.1.0").osArch("amd64").kernel("6.1.0")
            .host("bench-host").tool("dmsnap")
            .jmh(new JmhSettings(Optional.of("1.37"), List.of("thrpt"), List.of(1, 2, 3, 4), List.of(forks),
                List.of(new JmhSettings.Phase(1, "1 s")), List.of(new JmhSettings.Phase(iterations, "1 s"))))
            .build();
        ResultFileWriter.write(file, ResultSet.of(file, ResultKind.DMSNAP, environment, measurements), null, Map.of());
        return file;
    }

    /** A standard normal draw (Box-Muller; the benchmark's inputs need no better). */
    private static double gaussian(final UniformRandomProvider rng)
    {
        return Math.sqrt(-2.0 * Math.log(1.0 - rng.nextDouble())) * Math.cos(2.0 * Math.PI * rng.nextDouble());
    }
}
