package io.dmsnap.bench.matrix;

import io.dmsnap.bench.cli.JsonWriter;
import io.dmsnap.bench.cli.VersionInfo;
import io.dmsnap.bench.jmh.fio.FioBenchmarkName;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;

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
        final JsonWriter w = new JsonWriter(new PrintWriter(text));
        w.beginObject();
        w.name("format").value(FORMAT);
        w.name("dmsnap");
        metadata(w, plan, run);
        w.name("summary").beginArray();
        for (final MatrixPoint p : points)
        {
            summary(w, p);
        }
        w.endArray();
        w.endObject();
        // JsonWriter closes the top-level object with "\n}\n"; the JMH array goes in as its last member.
        final String head = text.toString().stripTrailing();
        return head.substring(0, head.length() - 1).stripTrailing() + ",\n  \"jmh\": "
            + jmhJson(results).strip().replace("\n", "\n  ") + "\n}\n";
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

    private static void metadata(final JsonWriter w, final MatrixPlan plan, final Run run)
    {
        w.beginObject();
        w.name("gitCommit").value(run.gitCommit);
        w.name("version").value(VersionInfo.projectVersion());
        w.name("date").value(run.date.withZoneSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT));
        w.name("elapsedSeconds").value(run.elapsedSeconds);
        w.name("jdk").beginObject();
        w.name("version").value(System.getProperty("java.runtime.version", Runtime.version().toString()));
        w.name("vendor").value(System.getProperty("java.vm.vendor", "unknown"));
        w.name("vm").value(System.getProperty("java.vm.name", "unknown"));
        w.endObject();
        w.name("os").beginObject();
        w.name("name").value(System.getProperty("os.name", "unknown"));
        w.name("version").value(System.getProperty("os.version", "unknown"));
        w.name("arch").value(System.getProperty("os.arch", "unknown"));
        w.endObject();
        w.name("cpus").value(run.cpus);
        w.name("arguments").beginArray();
        for (final String arg : run.arguments)
        {
            w.value(arg);
        }
        w.endArray();
        w.name("options").beginObject();
        w.name("mode").value(plan.mode());
        w.name("benchmarks").beginArray();
        for (final FioBenchmarkName name : plan.benchmarks())
        {
            w.value(name.name());
        }
        w.endArray();
        w.name("workers").beginArray();
        for (final int count : plan.workers())
        {
            w.value(count);
        }
        w.endArray();
        w.name("presets").beginObject();
        w.name("before").value(plan.before());
        w.name("after").value(plan.after());
        w.endObject();
        w.name("stores").beginArray();
        for (final String store : plan.stores())
        {
            w.value(store);
        }
        w.endArray();
        w.name("set").beginArray();
        for (final String kv : plan.overrides())
        {
            w.value(kv);
        }
        w.endArray();
        phase(w, "warmup", plan.warmup());
        phase(w, "measurement", plan.measurement());
        w.name("forks").value(plan.forks());
        w.endObject();
        w.endObject();
    }

    private static void phase(final JsonWriter w, final String name, final MatrixPlan.Phase phase)
    {
        w.name(name).beginObject();
        w.name("iterations").value(phase.iterations());
        w.name("time").value(phase.time().toString());
        w.endObject();
    }

    private static void summary(final JsonWriter w, final MatrixPoint p)
    {
        w.beginObject();
        w.name("benchmark").value(p.benchmark().name());
        w.name("store").value(p.store());
        w.name("preset").value(p.preset());
        w.name("workers").value(p.workers());
        finite(w, "score", p.score());
        finite(w, "scoreError", p.scoreError());
        w.name("unit").value(p.unit());
        w.name("iterations").beginArray();
        for (final double v : p.iterations())
        {
            if (Double.isFinite(v))
            {
                w.value(v);
            }
        }
        w.endArray();
        final double[] values = p.percentiles();
        if (values.length > 0)
        {
            w.name("percentiles").beginObject();
            for (int i = 0; i < values.length; i++)
            {
                finite(w, String.valueOf(MatrixPoint.PERCENTILES[i]), values[i]);
            }
            w.endObject();
        }
        w.endObject();
    }

    /** A number member, left out when it is not finite (JSON has no NaN). */
    private static void finite(final JsonWriter w, final String name, final double value)
    {
        if (Double.isFinite(value))
        {
            w.name(name).value(value);
        }
    }
}
