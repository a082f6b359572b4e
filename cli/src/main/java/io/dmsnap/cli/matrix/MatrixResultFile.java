package io.dmsnap.cli.matrix;

import io.dmsnap.bench.jmh.fio.FioBenchmarkName;
import io.dmsnap.cli.common.Json;
import io.dmsnap.cli.common.VersionInfo;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import tools.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The result file of a matrix run (format {@value #FORMAT}, described in docs/results-format.md):
 * one JSON object with a {@code dmsnap} metadata block (git commit, JDK, OS, CPU count, date,
 * options), a {@code summary} with one row per point, and under {@code jmh} the unchanged JMH JSON
 * of every point (the array {@code -rf json} writes), so JMH tools read it after
 * {@code jq .jmh}. Written in one piece to a temporary file and then moved into place, so a
 * reader never sees half a file.
 */
final class MatrixResultFile
{
    static final String FORMAT = "dmsnap-matrix/1";
    private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** What the metadata block records besides the plan. */
    static final class Run
    {
        final String gitCommit;
        final ZonedDateTime date;
        final int cpus;
        final double elapsedSeconds;
        final List<String> arguments;

        Run(final String gitCommit, final ZonedDateTime date, final int cpus, final double elapsedSeconds,
            final List<String> arguments)
        {
            this.gitCommit = gitCommit;
            this.date = date;
            this.cpus = cpus;
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
        return resultsDir.resolve("matrix-" + date.withZoneSameInstant(ZoneOffset.UTC).format(FILE_STAMP) + "-"
            + gitCommit.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
    }

    /**
     * The repository's results folder: {@code results/} of the nearest directory, from {@code cwd}
     * upwards, that holds {@code scripts/dmsnap}; else {@code cwd/results}.
     */
    static Path resultsDir(final Path cwd)
    {
        for (Path dir = cwd.toAbsolutePath().normalize(); dir != null; dir = dir.getParent())
        {
            if (Files.isRegularFile(dir.resolve("scripts").resolve("dmsnap")))
            {
                return dir.resolve("results");
            }
        }
        return cwd.resolve("results");
    }

    /**
     * The commit the code runs from: {@link VersionInfo#gitCommit()} (set by scripts/dmsnap), else
     * {@code git rev-parse --short HEAD} in {@code dir}, else {@code unknown}.
     */
    static String gitCommit(final Path dir)
    {
        final String known = VersionInfo.gitCommit();
        if (!known.equals("unknown"))
        {
            return known;
        }
        try
        {
            final Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").directory(dir.toFile())
                .redirectErrorStream(true).start();
            final String output;
            try (InputStream in = git.getInputStream())
            {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (git.waitFor(5, TimeUnit.SECONDS) && git.exitValue() == 0 && output.matches("[0-9a-f]{4,40}"))
            {
                return output;
            }
            git.destroy();
        }
        catch (final IOException e)
        {
            return known;   // no git on this machine: the commit stays unknown
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        return known;
    }

    /** Write the file (creating its folder); replaces an existing file. */
    static void write(final Path file, final MatrixPlan plan, final Run run, final List<MatrixPoint> points,
                      final Collection<RunResult> results) throws IOException
    {
        final Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: its owner-only permissions would stay with the result file.
        final Path tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try
        {
            Files.writeString(tmp, render(plan, run, points, results), StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        finally
        {
            Files.deleteIfExists(tmp);
        }
    }

    /** The whole document as text. */
    static String render(final MatrixPlan plan, final Run run, final List<MatrixPoint> points,
                         final Collection<RunResult> results)
    {
        final StringWriter text = new StringWriter();
        try (JsonGenerator w = Json.MAPPER.createGenerator(text))
        {
            w.writeStartObject();
            w.writeStringProperty("format", FORMAT);
            w.writeName("dmsnap");
            metadata(w, plan, run);
            w.writeArrayPropertyStart("summary");
            for (final MatrixPoint p : points)
            {
                summary(w, p);
            }
            w.writeEndArray();
            // JMH's JSON goes in unchanged, as the last member.
            w.writeName("jmh");
            w.writeTree(Json.MAPPER.readTree(jmhJson(results)));
            w.writeEndObject();
        }
        return text.append('\n').toString();
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

    private static void metadata(final JsonGenerator w, final MatrixPlan plan, final Run run)
    {
        w.writeStartObject();
        w.writeStringProperty("gitCommit", run.gitCommit);
        w.writeStringProperty("version", VersionInfo.projectVersion());
        w.writeStringProperty("date", run.date.withZoneSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT));
        w.writeNumberProperty("elapsedSeconds", run.elapsedSeconds);
        w.writeObjectPropertyStart("jdk");
        w.writeStringProperty("version", System.getProperty("java.runtime.version", Runtime.version().toString()));
        w.writeStringProperty("vendor", System.getProperty("java.vm.vendor", "unknown"));
        w.writeStringProperty("vm", System.getProperty("java.vm.name", "unknown"));
        w.writeEndObject();
        w.writeObjectPropertyStart("os");
        w.writeStringProperty("name", System.getProperty("os.name", "unknown"));
        w.writeStringProperty("version", System.getProperty("os.version", "unknown"));
        w.writeStringProperty("arch", System.getProperty("os.arch", "unknown"));
        w.writeEndObject();
        w.writeNumberProperty("cpus", run.cpus);
        w.writeArrayPropertyStart("arguments");
        for (final String arg : run.arguments)
        {
            w.writeString(arg);
        }
        w.writeEndArray();
        w.writeObjectPropertyStart("options");
        w.writeStringProperty("mode", plan.mode());
        w.writeArrayPropertyStart("benchmarks");
        for (final FioBenchmarkName name : plan.benchmarks())
        {
            w.writeString(name.name());
        }
        w.writeEndArray();
        w.writeArrayPropertyStart("workers");
        for (final int count : plan.workers())
        {
            w.writeNumber(count);
        }
        w.writeEndArray();
        w.writeObjectPropertyStart("presets");
        w.writeStringProperty("before", plan.before());
        w.writeStringProperty("after", plan.after());
        w.writeEndObject();
        w.writeArrayPropertyStart("stores");
        for (final String store : plan.stores())
        {
            w.writeString(store);
        }
        w.writeEndArray();
        w.writeArrayPropertyStart("set");
        for (final String kv : plan.overrides())
        {
            w.writeString(kv);
        }
        w.writeEndArray();
        phase(w, "warmup", plan.warmup());
        phase(w, "measurement", plan.measurement());
        w.writeNumberProperty("forks", plan.forks());
        w.writeEndObject();
        w.writeEndObject();
    }

    private static void phase(final JsonGenerator w, final String name, final MatrixPlan.Phase phase)
    {
        w.writeObjectPropertyStart(name);
        w.writeNumberProperty("iterations", phase.iterations());
        w.writeStringProperty("time", phase.time().toString());
        w.writeEndObject();
    }

    private static void summary(final JsonGenerator w, final MatrixPoint p)
    {
        w.writeStartObject();
        w.writeStringProperty("benchmark", p.benchmark().name());
        w.writeStringProperty("store", p.store());
        w.writeStringProperty("preset", p.preset());
        w.writeNumberProperty("workers", p.workers());
        finite(w, "score", p.score());
        finite(w, "scoreError", p.scoreError());
        w.writeStringProperty("unit", p.unit());
        w.writeArrayPropertyStart("iterations");
        for (final double v : p.iterations())
        {
            if (Double.isFinite(v))
            {
                w.writeNumber(v);
            }
        }
        w.writeEndArray();
        final double[] values = p.percentiles();
        if (values.length > 0)
        {
            w.writeObjectPropertyStart("percentiles");
            for (int i = 0; i < values.length; i++)
            {
                finite(w, String.valueOf(MatrixPoint.PERCENTILES[i]), values[i]);
            }
            w.writeEndObject();
        }
        w.writeEndObject();
    }

    /** A number member, left out when it is not finite (JSON has no NaN). */
    private static void finite(final JsonGenerator w, final String name, final double value)
    {
        if (Double.isFinite(value))
        {
            w.writeNumberProperty(name, value);
        }
    }
}
