package io.dmsnap.cli.matrix;

import io.dmsnap.bench.jmh.fio.FioBenchmarkName;
import io.dmsnap.cli.common.Json;
import io.dmsnap.cli.common.VersionInfo;
import io.dmsnap.cli.result.Environment;
import io.dmsnap.cli.result.ResultFileWriter;
import io.dmsnap.cli.result.ResultFiles;
import io.dmsnap.cli.result.ResultKind;
import io.dmsnap.cli.result.ResultPaths;
import io.dmsnap.cli.result.ResultSet;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result file of a matrix run, in the format {@value #FORMAT} (docs/results-format.md): the
 * run's environment (with JMH's settings), one row per point and metric with every fork's
 * iteration scores, a {@code run} section with the command's arguments, options and the summary
 * its tables showed, and under {@code raw.jmh} the unchanged JMH JSON of every point (the array
 * {@code -rf json} writes), so JMH tools read it after {@code jq .raw.jmh}. The rows are read from
 * that same JMH JSON by the JMH reader, so the file says exactly what a reader of the raw JMH
 * output would find. Written atomically.
 */
final class MatrixResultFile
{
    static final String FORMAT = ResultFileWriter.FORMAT;

    /** What the file records besides the plan and the results. */
    static final class Run
    {
        /** Captured at the start of the run; JMH's settings are added from the results. */
        final Environment environment;
        final double elapsedSeconds;
        final List<String> arguments;

        Run(final Environment environment, final double elapsedSeconds, final List<String> arguments)
        {
            this.environment = environment;
            this.elapsedSeconds = elapsedSeconds;
            this.arguments = List.copyOf(arguments);
        }
    }

    private MatrixResultFile()
    {
    }

    /** {@code <results>/matrix-<yyyyMMdd-HHmmss>-<commit>.json}, the date in UTC. */
    static Path defaultPath(final Path resultsDir, final ZonedDateTime date, final String gitCommit)
    {
        return ResultPaths.runFile(resultsDir, "matrix", date.toInstant(), Optional.of(gitCommit));
    }

    /**
     * Write the file (creating its folder); replaces an existing file.
     *
     * @param jmhJson the JMH JSON of the run's results ({@link #jmhJson(Collection)})
     */
    static void write(final Path file, final MatrixPlan plan, final Run run, final List<MatrixPoint> points,
                      final String jmhJson) throws IOException
    {
        final JsonNode raw = Json.MAPPER.readTree(jmhJson);
        ResultFileWriter.write(file, results(file, run, jmhJson), runSection(plan, run, points), Map.of(ResultKind.JMH, raw));
    }

    /** JMH's own JSON result format for {@code results}. */
    static String jmhJson(final Collection<RunResult> results)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, out).writeOut(results);
        }
        final String json = bytes.toString(StandardCharsets.UTF_8);
        return json.isBlank() ? "[]" : json;
    }

    /** The rows as the JMH reader finds them, in the run's environment plus JMH's settings. */
    private static ResultSet results(final Path file, final Run run, final String jmhJson)
    {
        final ResultSet fromJmh = ResultFiles.fromJmhJson(file, jmhJson);
        return fromJmh.withEnvironment(run.environment.toBuilder().jmh(fromJmh.environment().jmh().orElse(null)).build());
    }

    /** The command, its arguments and options, and what its tables showed per point. */
    private static ObjectNode runSection(final MatrixPlan plan, final Run run, final List<MatrixPoint> points)
    {
        final ObjectNode section = Json.MAPPER.createObjectNode();
        section.put("command", "matrix");
        section.put("version", VersionInfo.projectVersion());
        final ArrayNode args = section.putArray("arguments");
        run.arguments.forEach(args::add);
        section.put("elapsedSeconds", run.elapsedSeconds);
        final ObjectNode options = section.putObject("options");
        options.put("mode", plan.mode());
        final ArrayNode benchmarks = options.putArray("benchmarks");
        for (final FioBenchmarkName name : plan.benchmarks())
        {
            benchmarks.add(name.name());
        }
        final ArrayNode workers = options.putArray("workers");
        plan.workers().forEach(workers::add);
        final ObjectNode presets = options.putObject("presets");
        presets.put("before", plan.before());
        presets.put("after", plan.after());
        final ArrayNode stores = options.putArray("stores");
        plan.stores().forEach(stores::add);
        final ArrayNode set = options.putArray("set");
        plan.overrides().forEach(set::add);
        phase(options, "warmup", plan.warmup());
        phase(options, "measurement", plan.measurement());
        options.put("forks", plan.forks());
        final ArrayNode summary = section.putArray("summary");
        for (final MatrixPoint p : points)
        {
            summary(summary.addObject(), p);
        }
        return section;
    }

    private static void phase(final ObjectNode options, final String name, final MatrixPlan.Phase phase)
    {
        final ObjectNode node = options.putObject(name);
        node.put("iterations", phase.iterations());
        node.put("time", phase.time().toString());
    }

    private static void summary(final ObjectNode row, final MatrixPoint p)
    {
        row.put("benchmark", p.benchmark().name());
        row.put("store", p.store());
        row.put("preset", p.preset());
        row.put("workers", p.workers());
        finite(row, "score", p.score());
        finite(row, "scoreError", p.scoreError());
        row.put("unit", p.unit());
        final ArrayNode iterations = row.putArray("iterations");
        for (final double v : p.iterations())
        {
            if (Double.isFinite(v))
            {
                iterations.add(v);
            }
        }
        final double[] values = p.percentiles();
        if (values.length > 0)
        {
            final ObjectNode percentiles = row.putObject("percentiles");
            for (int i = 0; i < values.length; i++)
            {
                finite(percentiles, String.valueOf(MatrixPoint.PERCENTILES[i]), values[i]);
            }
        }
    }

    /** A number member, left out when it is not finite (JSON has no NaN). */
    private static void finite(final ObjectNode node, final String name, final double value)
    {
        if (Double.isFinite(value))
        {
            node.put(name, value);
        }
    }
}
