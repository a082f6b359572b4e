package io.dmsnap.cli.history;

import io.dmsnap.cli.result.Direction;
import io.dmsnap.cli.result.Environment;
import io.dmsnap.cli.result.Measurement;
import io.dmsnap.cli.result.Replicate;
import io.dmsnap.cli.result.ResultFileWriter;
import io.dmsnap.cli.result.ResultKind;
import io.dmsnap.cli.result.ResultSet;
import io.dmsnap.cli.result.RowKey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.IntToDoubleFunction;

/**
 * Writes a synthetic nightly history as real dmsnap-result/1 files: one file per run, a day apart,
 * each with the rows given (a row's value NaN in a run leaves the row out of that run's file).
 * Each value is written as one fio-like replicate with that single sample, unless
 * {@link #samplesAround} asks for several samples whose median is the value.
 */
final class SyntheticRuns
{
    static final Instant FIRST = Instant.parse("2026-01-01T02:00:00Z");

    private record Row(RowKey key, String unit, Direction direction, double[] values)
    {
    }

    private final List<Row> rows = new ArrayList<>();
    private String host = "bench-1";
    private String prefix = "run-";
    private boolean spread;

    static SyntheticRuns history()
    {
        return new SyntheticRuns();
    }

    static RowKey fioRow(final String job, final String metric)
    {
        return new RowKey(job, RowKey.FIO_MODE, 1, new TreeMap<>(Map.of("bs", "4k", "rw", job)), metric);
    }

    static RowKey jmhRow(final String benchmark, final String preset)
    {
        return new RowKey("io.dmsnap.bench.jmh.fio.FioBenchmarks." + benchmark, "thrpt", 2,
            new TreeMap<>(Map.of("preset", preset, "store", "N")), RowKey.PRIMARY);
    }

    /** {@code level(i) * (1 + noise * g)}, g standard normal from {@code seed}. */
    static double[] gaussian(final long seed, final int n, final double noise, final IntToDoubleFunction level)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final double[] z = new double[n];
        for (int i = 0; i < n; i++)
        {
            z[i] = level.applyAsDouble(i) * (1 + noise * random.nextGaussian());
        }
        return z;
    }

    static IntToDoubleFunction step(final int at, final double before, final double after)
    {
        return i -> i < at ? before : after;
    }

    SyntheticRuns host(final String name)
    {
        this.host = name;
        return this;
    }

    SyntheticRuns prefix(final String name)
    {
        this.prefix = name;
        return this;
    }

    /** Write each value as three samples (value - 5%, value, value + 1%): their median is the value, their mean is not. */
    SyntheticRuns samplesAround()
    {
        this.spread = true;
        return this;
    }

    SyntheticRuns row(final RowKey key, final String unit, final Direction direction, final double[] values)
    {
        rows.add(new Row(key, unit, direction, values));
        return this;
    }

    /** A higher-is-better fio IOPS row. */
    SyntheticRuns iops(final String job, final double[] values)
    {
        return row(fioRow(job, "write.iops"), "ops/s", Direction.HIGHER_IS_BETTER, values);
    }

    /** A lower-is-better fio latency row. */
    SyntheticRuns latency(final String job, final double[] values)
    {
        return row(fioRow(job, "write.clat.p99"), "ns", Direction.LOWER_IS_BETTER, values);
    }

    /** Run i's file name: {@code <prefix><iii>.json}. */
    String name(final int i)
    {
        return String.format("%s%03d.json", prefix, i);
    }

    /** Run i's commit: 40 hex digits, different for every run. */
    static String commit(final int i)
    {
        final String h = String.format("%08x", (i + 1) * 0x9E3779B1);
        return (h + h + h + h + h).substring(0, 40);
    }

    /** Writes one file per run into {@code dir}, run i starting {@code i} days after {@link #FIRST}. */
    List<Path> writeTo(final Path dir)
    {
        final int n = rows.stream().mapToInt(r -> r.values().length).max().orElseThrow();
        final List<Path> files = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            files.add(writeRun(dir.resolve(name(i)), i, FIRST.plus(Duration.ofDays(i))));
        }
        return files;
    }

    /** Writes run i alone, with the given start time (null: none recorded). */
    Path writeRun(final Path file, final int i, final Instant start)
    {
        final List<Measurement> measurements = new ArrayList<>();
        for (final Row r : rows)
        {
            if (i < r.values().length && !Double.isNaN(r.values()[i]))
            {
                final double v = r.values()[i];
                final Replicate replicate = spread ? Replicate.of("fork 1", v * 0.95, v, v * 1.01) : Replicate.of("run", v);
                measurements.add(new Measurement(r.key(), r.unit(), r.direction(), List.of(replicate)));
            }
        }
        final Environment env = Environment.builder().startTime(start).gitCommit(commit(i)).gitDirty(false).host(host).build();
        try
        {
            ResultFileWriter.write(file, ResultSet.of(file, ResultKind.DMSNAP, env, measurements), null, Map.of());
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
