package io.dmsnap.cli.matrix;

import io.dmsnap.cli.common.Json;
import io.dmsnap.cli.result.Direction;
import io.dmsnap.cli.result.Environment;
import io.dmsnap.cli.result.JmhSettings;
import io.dmsnap.cli.result.Measurement;
import io.dmsnap.cli.result.Replicate;
import io.dmsnap.cli.result.ResultFileWriter;
import io.dmsnap.cli.result.ResultKind;
import io.dmsnap.cli.result.ResultSet;
import io.dmsnap.cli.result.RowKey;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A quick matrix result file with known figures, written by {@link ResultFileWriter} as
 * {@code dmsnap matrix} writes one: the four randwrite benchmarks of the seed, store N, 1, 2, 4 and
 * 8 workers, v5.0 against current, one fork of five iterations per point.
 *
 * <p>Each point's iterations are its base figure times {@link #TIGHT} (1% spread), so before and
 * after differ significantly, except at 4 workers, where "after" is "before" times 1.02 and both
 * spread by {@link #WIDE} (10%): a gain within the noise, marked {@code ~}. The base figures are the
 * seed's own, so the seed's gain equals ours at 1, 2 and 8 workers. Latency points record a JMH
 * score of the iterations' mean times {@link #LATENCY_SCORE_FACTOR} in the run summary, as JMH
 * weighs iterations by their operations, so a reader can tell the summary's score from a mean.
 */
public final class MatrixFixture
{
    public static final String BEFORE = "v5.0";
    public static final String AFTER = "current";
    public static final List<Integer> WORKERS = List.of(1, 2, 4, 8);
    public static final List<String> BENCHMARKS = List.of("fio_origin_randwrite_throughput",
        "fio_origin_randwrite_latency", "fio_snapshot_randwrite_throughput", "fio_snapshot_randwrite_latency");
    public static final double[] TIGHT = {0.99, 0.995, 1.0, 1.005, 1.01};
    public static final double[] WIDE = {0.9, 0.95, 1.0, 1.05, 1.1};
    public static final double LATENCY_SCORE_FACTOR = 1.001;
    public static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    public static final String CPU = "Example CPU 9000 @ 3.00GHz";
    public static final Instant START = Instant.parse("2026-12-06T09:07:56Z");

    /** The seed's {before, after} per worker count, in the order of {@link #BENCHMARKS}. */
    private static final double[][][] BASE = {
        {{57708, 66421}, {63415, 77589}, {67276, 98839}, {60564, 109258}},
        {{16.25, 13.27}, {31.65, 25.08}, {55.28, 41.08}, {121.47, 74.44}},
        {{72593, 84938}, {97379, 134973}, {90610, 143077}, {90537, 180085}},
        {{12.53, 10.6}, {19.78, 14.89}, {40.37, 23.47}, {89.32, 48.48}}};

    private MatrixFixture()
    {
    }

    /** The base figure of a point: the seed's, except "after" at 4 workers (before times 1.02). */
    public static double base(final int benchmark, final int workersIndex, final boolean after)
    {
        final double[] pair = BASE[benchmark][workersIndex];
        if (WORKERS.get(workersIndex) == 4 && after)
        {
            return pair[0] * 1.02;
        }
        return after ? pair[1] : pair[0];
    }

    /** The seed's own gain (after/before for throughput, before/after for latency). */
    public static double seedGain(final int benchmark, final int workersIndex)
    {
        final double[] pair = BASE[benchmark][workersIndex];
        return throughput(benchmark) ? pair[1] / pair[0] : pair[0] / pair[1];
    }

    public static boolean throughput(final int benchmark)
    {
        return BENCHMARKS.get(benchmark).endsWith("_throughput");
    }

    /** The iteration scores of a point. */
    public static double[] iterations(final int benchmark, final int workersIndex, final boolean after)
    {
        final double[] factors = WORKERS.get(workersIndex) == 4 ? WIDE : TIGHT;
        final double base = base(benchmark, workersIndex, after);
        final double[] values = new double[factors.length];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = base * factors[i];
        }
        return values;
    }

    /** JMH's score of a point as the run summary records it (the iterations' mean is the base figure). */
    public static double score(final int benchmark, final int workersIndex, final boolean after)
    {
        return base(benchmark, workersIndex, after) * (throughput(benchmark) ? 1.0 : LATENCY_SCORE_FACTOR);
    }

    /**
     * Writes the file.
     *
     * @param cores      the core count the environment records; null for none
     * @param runSection whether to write the run section (options and summary), as {@code dmsnap matrix} does
     * @param commit     the git commit the environment records
     */
    public static Path write(final Path file, final Integer cores, final boolean runSection, final String commit)
        throws IOException
    {
        final List<Measurement> rows = new ArrayList<>();
        final ObjectNode run = Json.MAPPER.createObjectNode();
        final ArrayNode summary = Json.MAPPER.createArrayNode();
        for (int b = 0; b < BENCHMARKS.size(); b++)
        {
            for (int w = 0; w < WORKERS.size(); w++)
            {
                for (final boolean after : new boolean[] {false, true})
                {
                    final String preset = after ? AFTER : BEFORE;
                    final TreeMap<String, String> params = new TreeMap<>(Map.of("chunk", "8", "cowThreshold", "2048",
                        "originSize", "80g", "preset", preset, "set", "none", "store", "N"));
                    final RowKey key = new RowKey("io.dmsnap.bench.jmh.fio.FioBenchmarks." + BENCHMARKS.get(b),
                        throughput(b) ? "thrpt" : "sample", WORKERS.get(w), params, RowKey.PRIMARY);
                    rows.add(new Measurement(key, throughput(b) ? "ops/s" : "us/op",
                        throughput(b) ? Direction.HIGHER_IS_BETTER : Direction.LOWER_IS_BETTER,
                        List.of(Replicate.of("fork 1", iterations(b, w, after)))));
                    final ObjectNode point = summary.addObject();
                    point.put("benchmark", BENCHMARKS.get(b));
                    point.put("store", "N");
                    point.put("preset", preset);
                    point.put("workers", WORKERS.get(w));
                    point.put("score", score(b, w, after));
                    point.put("unit", throughput(b) ? "ops/s" : "us/op");
                    final ArrayNode its = point.putArray("iterations");
                    for (final double v : iterations(b, w, after))
                    {
                        its.add(v);
                    }
                }
            }
        }
        run.put("command", "matrix");
        run.put("version", "0.1.0-SNAPSHOT");
        run.putArray("arguments").add("matrix").add("--quick");
        run.put("elapsedSeconds", 412.5);
        final ObjectNode options = run.putObject("options");
        options.put("mode", "quick");
        final ArrayNode benchmarks = options.putArray("benchmarks");
        BENCHMARKS.forEach(benchmarks::add);
        final ArrayNode workers = options.putArray("workers");
        WORKERS.forEach(workers::add);
        options.putObject("presets").put("before", BEFORE).put("after", AFTER);
        options.putArray("stores").add("N");
        options.putArray("set");
        options.putObject("warmup").put("iterations", 6).put("time", "1 s");
        options.putObject("measurement").put("iterations", 5).put("time", "1 s");
        options.put("forks", 1);
        run.set("summary", summary);

        final Environment env = Environment.builder().startTime(START).gitCommit(commit).gitDirty(true)
            .jdkVendor("Debian").jdkVersion("17.0.15+6-Debian-1deb12u1").jvmName("OpenJDK 64-Bit Server VM")
            .jvmArgs(List.of("-Xmx1g")).cpuModel(CPU).cores(cores).osName("Linux").osVersion("6.1.0").osArch("amd64")
            .kernel("6.1.0-18-amd64").host("bench-1").tool("dmsnap 0.1.0-SNAPSHOT")
            .jmh(new JmhSettings(Optional.of("1.37"), List.of("sample", "thrpt"), WORKERS, List.of(1),
                List.of(new JmhSettings.Phase(6, "1 s")), List.of(new JmhSettings.Phase(5, "1 s"))))
            .build();
        ResultFileWriter.write(file, ResultSet.of(file, ResultKind.DMSNAP, env, rows), runSection ? run : null, Map.of());
        return file;
    }

    /** A real result fixture of the result readers' tests (src/test/resources/io/dmsnap/cli/result). */
    public static Path resultFixture(final String name)
    {
        final URL url = MatrixFixture.class.getResource("/io/dmsnap/cli/result/" + name);
        if (url == null)
        {
            throw new IllegalStateException("no result fixture " + name);
        }
        try
        {
            return Path.of(url.toURI());
        }
        catch (final URISyntaxException e)
        {
            throw new IllegalStateException(e);
        }
    }
}
