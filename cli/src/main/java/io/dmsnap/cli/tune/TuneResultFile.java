package io.dmsnap.cli.tune;

import io.dmsnap.cli.common.Json;
import io.dmsnap.cli.common.VersionInfo;
import io.dmsnap.cli.result.Direction;
import io.dmsnap.cli.result.EngineSetup;
import io.dmsnap.cli.result.Environment;
import io.dmsnap.cli.result.Measurement;
import io.dmsnap.cli.result.Replicate;
import io.dmsnap.cli.result.ResultFileWriter;
import io.dmsnap.cli.result.ResultKind;
import io.dmsnap.cli.result.ResultSet;
import io.dmsnap.cli.result.RowKey;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The {@code dmsnap-result/1} file of a sweep (docs/results-format.md), for {@code dmsnap compare}
 * and {@code dmsnap history}: one row per chunk size, threshold and metric, a replicate per repeat
 * (each a fresh stack, so repeats are independent), one sample each. Benchmark
 * {@code tune.cow_threshold.<workload>}, mode {@value #MODE}, threads = the workload's submitting
 * threads, parameters {@code cow_threshold} ({@code unlimited} or the number), {@code chunk} and the
 * workload's settings. The {@code run} section holds the command line and the {@code --json} document.
 */
final class TuneResultFile
{
    static final String MODE = "tune";

    /** A metric of the rows: its name, unit, direction and how it is read from a sample. */
    private record Metric(String name, String unit, Direction direction, ToDoubleFunction<Sample> value)
    {
    }

    private static final List<Metric> METRICS = List.of(
        new Metric("iops", "ops/s", Direction.HIGHER_IS_BETTER, Sample::iops),
        new Metric("lat.p50", "us", Direction.LOWER_IS_BETTER, Sample::p50Micros),
        new Metric("lat.p99", "us", Direction.LOWER_IS_BETTER, Sample::p99Micros),
        new Metric("lat.p99.9", "us", Direction.LOWER_IS_BETTER, Sample::p999Micros),
        new Metric("seconds", "s", Direction.LOWER_IS_BETTER, Sample::seconds),
        new Metric("device_seconds", "s", Direction.LOWER_IS_BETTER, Sample::deviceSeconds),
        new Metric("peak_inflight", "copies", Direction.LOWER_IS_BETTER, Sample::peakInflight),
        new Metric("peak_copy_bytes", "B", Direction.LOWER_IS_BETTER, Sample::peakCopyBytes),
        new Metric("mean_copy_bytes", "B", Direction.LOWER_IS_BETTER, Sample::meanCopyBytes));

    private TuneResultFile()
    {
    }

    /** The rows of a sweep. */
    static List<Measurement> rows(final SweepResult result, final Map<String, String> workloadParams)
    {
        final TuneWorkload w = result.plan().workload();
        final List<Measurement> rows = new ArrayList<>();
        for (final Point p : result.points())
        {
            final SortedMap<String, String> params = new TreeMap<>(workloadParams);
            params.put("cow_threshold", p.threshold().label());
            params.put("chunk", Units.chunk(p.chunkBytes()));
            for (final Metric m : METRICS)
            {
                if (m.name().equals("device_seconds") && !p.samples().get(0).hasDeviceTime())
                {
                    continue;
                }
                final List<Replicate> replicates = new ArrayList<>();
                for (int i = 0; i < p.samples().size(); i++)
                {
                    replicates.add(Replicate.of("repeat " + (i + 1), m.value().applyAsDouble(p.samples().get(i))));
                }
                rows.add(new Measurement(new RowKey("tune.cow_threshold." + w.name(), MODE, w.submitters(), params,
                    m.name()), m.unit(), m.direction(), replicates));
            }
        }
        return rows;
    }

    static void write(final Path file, final SweepResult result, final Map<String, String> workloadParams,
                      final Environment environment, final EngineSetup engine, final List<String> arguments,
                      final ObjectNode document) throws IOException
    {
        final ResultSet set = ResultSet.of(file, ResultKind.DMSNAP, environment.toBuilder().engine(engine).build(),
            rows(result, workloadParams));
        final ObjectNode run = Json.MAPPER.createObjectNode();
        run.put("command", "tune cow_threshold");
        run.put("version", VersionInfo.projectVersion());
        final ArrayNode args = run.putArray("arguments");
        arguments.forEach(args::add);
        run.set("tune", document);
        ResultFileWriter.write(file, set, run, Map.of());
    }
}
