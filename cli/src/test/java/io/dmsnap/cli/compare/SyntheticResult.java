package io.dmsnap.cli.compare;

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
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Result files with known numbers for the compare and calibrate tests: rows of seeded normal
 * values around a chosen median, written as dmsnap-result/1 by the real writer. Not thread-safe.
 */
final class SyntheticResult
{
    /** The environment of every synthetic file unless a test changes it. */
    static final Environment ENVIRONMENT = Environment.builder()
        .startTime(Instant.parse("2026-12-01T10:00:00Z")).gitCommit("1111111aaaaaaa").gitDirty(false)
        .jdkVendor("Debian").jdkVersion("17.0.15+6").jvmName("OpenJDK 64-Bit Server VM")
        .jvmArgs(List.of("-Xmx1g", "-Ddmsnap.gitCommit=1111111")).cpuModel("AMD EPYC").cores(2)
        .osName("Linux").osVersion("6.1.0").osArch("amd64").kernel("6.1.0").host("bench-1").tool("dmsnap 0.1.0")
        .jmh(new JmhSettings(Optional.of("1.37"), List.of("thrpt"), List.of(1), List.of(10),
            List.of(new JmhSettings.Phase(2, "1 s")), List.of(new JmhSettings.Phase(3, "1 s"))))
        .build();

    /** Iterations per fork of the rows made by {@link #row}. */
    static final int ITERATIONS = 3;

    private final List<Measurement> rows = new ArrayList<>();
    private Environment environment = ENVIRONMENT;

    /** A JMH-style key: mode thrpt, 1 thread, the given parameters, metric {@code score}. */
    static RowKey key(final String benchmark, final String... params)
    {
        final TreeMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < params.length; i += 2)
        {
            map.put(params[i], params[i + 1]);
        }
        return new RowKey(benchmark, "thrpt", 1, map, RowKey.PRIMARY);
    }

    /**
     * A row of {@code forks} replicates of {@value #ITERATIONS} normal values each around
     * {@code median} with a CV of {@code cvPercent}, seeded.
     */
    SyntheticResult row(final RowKey key, final String unit, final Direction direction, final double median,
                        final double cvPercent, final int forks, final long seed)
    {
        final ContinuousDistribution.Sampler noise = normal(median, median * cvPercent / 100.0, seed);
        final List<Replicate> replicates = new ArrayList<>();
        for (int f = 0; f < forks; f++)
        {
            final double[] values = new double[ITERATIONS];
            for (int i = 0; i < ITERATIONS; i++)
            {
                values[i] = noise.sample();
            }
            replicates.add(Replicate.of("fork " + (f + 1), values));
        }
        rows.add(new Measurement(key, unit, direction, replicates));
        return this;
    }

    /** A row of the given replicates. */
    SyntheticResult row(final RowKey key, final String unit, final Direction direction, final Replicate... replicates)
    {
        rows.add(new Measurement(key, unit, direction, List.of(replicates)));
        return this;
    }

    /** Another environment for this file. */
    SyntheticResult environment(final Environment other)
    {
        environment = other;
        return this;
    }

    /** The rows as a result set read from {@code file}. */
    ResultSet resultSet(final Path file)
    {
        return ResultSet.of(file, ResultKind.DMSNAP, environment, rows);
    }

    /** Writes the rows to {@code file} as dmsnap-result/1. */
    Path write(final Path file) throws IOException
    {
        ResultFileWriter.write(file, resultSet(file), null, Map.of());
        return file;
    }

    /** A seeded normal sampler. */
    static ContinuousDistribution.Sampler normal(final double mean, final double sd, final long seed)
    {
        final UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        return NormalDistribution.of(mean, sd).createSampler(rng);
    }
}
