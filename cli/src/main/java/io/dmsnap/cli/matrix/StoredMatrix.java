package io.dmsnap.cli.matrix;

import io.dmsnap.bench.jmh.fio.FioBenchmarkName;
import io.dmsnap.bench.jmh.fio.FioBenchmarks;
import io.dmsnap.bench.jmh.fio.StackState;
import io.dmsnap.cli.common.Json;
import io.dmsnap.cli.result.Measurement;
import io.dmsnap.cli.result.ResultSet;
import io.dmsnap.cli.result.RowKey;
import io.dmsnap.cli.stats.Descriptive;
import io.dmsnap.engine.config.Preset;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A matrix read back from its result: the points of the fio benchmarks' primary scores (one per
 * benchmark, preset, store and worker count) and the layout of its tables, from any result that
 * holds them: a {@code dmsnap matrix} file (either format), JMH's own JSON of
 * {@link FioBenchmarks}, or a directory of repeated matrix runs.
 *
 * <p>A point's samples are the row's iteration scores, all forks pooled, in run order: what the
 * terminal's significance mark tested. Its score is JMH's, from the file's {@code run.summary}
 * (what the terminal printed) when the file has one for that point; otherwise (JMH's own JSON, a
 * directory) the mean of the iteration scores, which is JMH's score for throughput and can differ
 * slightly for latency, where JMH weighs each iteration by its number of operations.
 *
 * <p>The presets compared are the file's {@code run.options.presets} when it records them; else
 * the older preset is "before" (presets in kernel order, names dmsnap does not know by name).
 * Immutable.
 */
final class StoredMatrix
{
    private static final String BENCHMARK_PREFIX = FioBenchmarks.class.getName() + ".";
    private static final String PRESET = "preset";
    private static final String STORE = "store";
    private static final String SET = "set";
    /** Stores in the order of the matrix's options. */
    private static final List<String> STORE_ORDER = List.of("N", "P", "PO");

    /** What the file's run section recorded, when it has one. */
    record Run(Optional<String> mode, Optional<Integer> forks, Optional<String> warmup, Optional<String> measurement,
               Optional<Double> elapsedSeconds, List<String> arguments)
    {
    }

    private final ResultSet set;
    private final MatrixLayout layout;
    private final List<MatrixPoint> points;
    private final boolean scoresFromSummary;
    private final boolean presetsRecorded;
    private final Optional<Run> run;
    private final int otherRows;

    private StoredMatrix(final ResultSet set, final MatrixLayout layout, final List<MatrixPoint> points,
                         final boolean scoresFromSummary, final boolean presetsRecorded, final Optional<Run> run,
                         final int otherRows)
    {
        this.set = set;
        this.layout = layout;
        this.points = List.copyOf(points);
        this.scoresFromSummary = scoresFromSummary;
        this.presetsRecorded = presetsRecorded;
        this.run = run;
        this.otherRows = otherRows;
    }

    /**
     * Whether {@code set} holds a matrix: rows of {@link FioBenchmarks}' primary scores with a
     * preset and a store, of exactly two presets.
     */
    static boolean isMatrix(final ResultSet set)
    {
        final Set<String> presets = new TreeSet<>();
        for (final Measurement m : set.measurements())
        {
            if (isPoint(m.key()))
            {
                presets.add(m.key().params().get(PRESET));
            }
        }
        return presets.size() == 2;
    }

    /**
     * The matrix in {@code set}.
     *
     * @throws IllegalArgumentException when {@code set} holds no matrix ({@link #isMatrix})
     */
    static StoredMatrix of(final ResultSet set)
    {
        if (!isMatrix(set))
        {
            throw new IllegalArgumentException(set.source() + ": not a matrix result: no primary scores of "
                + FioBenchmarks.class.getSimpleName() + " for exactly two presets");
        }
        final JsonNode runNode = set.files().size() == 1 ? runSection(set.files().get(0)) : null;
        final Map<String, Double> summary = summaryScores(runNode);
        final List<MatrixPoint> points = new ArrayList<>();
        final Set<FioBenchmarkName> benchmarks = new TreeSet<>(Comparator.comparingInt(FioBenchmarkName.all()::indexOf));
        final Set<String> stores = new TreeSet<>(StoredMatrix::compareStores);
        final Set<Integer> workers = new TreeSet<>();
        final Set<String> presets = new TreeSet<>(StoredMatrix::comparePresets);
        final Set<String> overrides = new LinkedHashSet<>();
        boolean allFromSummary = true;
        int other = 0;
        for (final Measurement m : set.measurements())
        {
            final RowKey key = m.key();
            if (!isPoint(key))
            {
                other++;
                continue;
            }
            final FioBenchmarkName name = FioBenchmarkName.parse(key.benchmark().substring(BENCHMARK_PREFIX.length()));
            final String preset = key.params().get(PRESET);
            final String store = key.params().get(STORE);
            final double[] iterations = m.pooledSamples();
            final Double recorded = summary.get(summaryKey(name.name(), store, preset, key.threads()));
            allFromSummary &= recorded != null;
            final double score = recorded != null ? recorded : Descriptive.mean(iterations);
            points.add(new MatrixPoint(name, preset, store, key.threads(), score, Double.NaN, m.unit(), new double[0],
                iterations));
            benchmarks.add(name);
            stores.add(store);
            workers.add(key.threads());
            presets.add(preset);
            overrides.add(key.params().getOrDefault(SET, StackState.NO_OVERRIDES));
        }
        final List<String> recordedPresets = recordedPresets(runNode, presets);
        final boolean presetsRecorded = !recordedPresets.isEmpty();
        final List<String> ordered = presetsRecorded ? recordedPresets : new ArrayList<>(presets);
        final MatrixLayout layout = new MatrixLayout(new ArrayList<>(benchmarks), new ArrayList<>(stores), ordered.get(0),
            ordered.get(1), new ArrayList<>(workers), overrides(overrides));
        return new StoredMatrix(set, layout, points, allFromSummary, presetsRecorded, run(runNode), other);
    }

    ResultSet set()
    {
        return set;
    }

    MatrixLayout layout()
    {
        return layout;
    }

    List<MatrixPoint> points()
    {
        return points;
    }

    /** Whether every score is JMH's own, as the terminal printed it (else some are means of the iterations). */
    boolean scoresFromSummary()
    {
        return scoresFromSummary;
    }

    /** Whether "before" and "after" are the file's own (else the older preset was taken as "before"). */
    boolean presetsRecorded()
    {
        return presetsRecorded;
    }

    /** The run section's options, when the file has them. */
    Optional<Run> run()
    {
        return run;
    }

    /** Rows that are not points: JMH's latency percentiles, other benchmarks. */
    int otherRows()
    {
        return otherRows;
    }

    private static boolean isPoint(final RowKey key)
    {
        if (!key.benchmark().startsWith(BENCHMARK_PREFIX) || !key.metric().equals(RowKey.PRIMARY)
            || !key.params().containsKey(PRESET) || !key.params().containsKey(STORE))
        {
            return false;
        }
        try
        {
            FioBenchmarkName.parse(key.benchmark().substring(BENCHMARK_PREFIX.length()));
            return true;
        }
        catch (final IllegalArgumentException e)
        {
            return false;
        }
    }

    /** The run section of a dmsnap-result/1 file, or the dmsnap block of a dmsnap-matrix/1 one; null when none. */
    private static JsonNode runSection(final Path file)
    {
        final JsonNode root;
        try
        {
            root = Json.MAPPER.readTree(Files.readString(file));
        }
        catch (final IOException | JacksonException e)
        {
            // The result reader has just read this file; a second read failing leaves the defaults.
            return null;
        }
        final JsonNode run = root.path("run");
        if (run.isObject())
        {
            return run;
        }
        final JsonNode legacy = root.path("dmsnap");
        if (legacy.isObject() && root.path("summary").isArray())
        {
            // dmsnap-matrix/1: options in the dmsnap block, the summary at the top.
            return Json.MAPPER.createObjectNode().setAll(Map.of("options", legacy.path("options"),
                "arguments", legacy.path("arguments"), "elapsedSeconds", legacy.path("elapsedSeconds"),
                "summary", root.path("summary")));
        }
        return null;
    }

    /** JMH's score of every point the summary lists, by {@link #summaryKey}. */
    private static Map<String, Double> summaryScores(final JsonNode run)
    {
        final Map<String, Double> scores = new TreeMap<>();
        if (run == null)
        {
            return scores;
        }
        for (final JsonNode row : run.path("summary"))
        {
            final JsonNode score = row.path("score");
            if (score.isNumber() && row.path("workers").isInt())
            {
                scores.put(summaryKey(row.path("benchmark").asString(""), row.path("store").asString(""),
                    row.path("preset").asString(""), row.path("workers").asInt()), score.asDouble());
            }
        }
        return scores;
    }

    private static String summaryKey(final String benchmark, final String store, final String preset, final int workers)
    {
        return benchmark + '\u0000' + store + '\u0000' + preset + '\u0000' + workers;
    }

    /** The run's before and after, when recorded and they are the presets of the rows; else empty. */
    private static List<String> recordedPresets(final JsonNode run, final Set<String> measured)
    {
        if (run == null)
        {
            return List.of();
        }
        final JsonNode presets = run.path("options").path("presets");
        final String before = presets.path("before").asString("");
        final String after = presets.path("after").asString("");
        if (!before.equals(after) && measured.equals(Set.of(before, after)))
        {
            return List.of(before, after);
        }
        return List.of();
    }

    private static Optional<Run> run(final JsonNode run)
    {
        if (run == null)
        {
            return Optional.empty();
        }
        final JsonNode options = run.path("options");
        final List<String> arguments = new ArrayList<>();
        run.path("arguments").forEach(a -> arguments.add(a.asString("")));
        return Optional.of(new Run(text(options.path("mode")),
            options.path("forks").isInt() ? Optional.of(options.path("forks").asInt()) : Optional.empty(),
            phase(options.path("warmup")), phase(options.path("measurement")),
            run.path("elapsedSeconds").isNumber() ? Optional.of(run.path("elapsedSeconds").asDouble()) : Optional.empty(),
            arguments));
    }

    private static Optional<String> phase(final JsonNode phase)
    {
        if (!phase.path("iterations").isInt() || !phase.path("time").isString())
        {
            return Optional.empty();
        }
        return Optional.of(phase.path("iterations").asInt() + " x " + phase.path("time").asString());
    }

    private static Optional<String> text(final JsonNode node)
    {
        return node.isString() && !node.asString().isBlank() ? Optional.of(node.asString()) : Optional.empty();
    }

    /** The overrides of the rows' {@code set} parameter: one value for all, {@code none} or pairs separated by {@code ;}. */
    private static List<String> overrides(final Set<String> values)
    {
        if (values.size() != 1)
        {
            // Rows measured with different overrides: name every value, the table cannot say one.
            return List.of(String.join(" | ", values));
        }
        final String value = values.iterator().next();
        if (value.equals(StackState.NO_OVERRIDES))
        {
            return List.of();
        }
        final List<String> list = new ArrayList<>();
        for (final String part : value.split(";"))
        {
            if (!part.isBlank())
            {
                list.add(part.trim());
            }
        }
        return list;
    }

    private static int compareStores(final String a, final String b)
    {
        final int ia = STORE_ORDER.indexOf(a);
        final int ib = STORE_ORDER.indexOf(b);
        if (ia >= 0 && ib >= 0)
        {
            return Integer.compare(ia, ib);
        }
        return ia >= 0 ? -1 : ib >= 0 ? 1 : a.compareTo(b);
    }

    /** Kernel order for presets dmsnap knows, before any it does not (by name). */
    private static int comparePresets(final String a, final String b)
    {
        final int ia = presetIndex(a);
        final int ib = presetIndex(b);
        if (ia >= 0 && ib >= 0)
        {
            return Integer.compare(ia, ib);
        }
        return ia >= 0 ? -1 : ib >= 0 ? 1 : a.compareTo(b);
    }

    private static int presetIndex(final String name)
    {
        try
        {
            return Preset.byName(name).ordinal();
        }
        catch (final IllegalArgumentException e)
        {
            return -1;
        }
    }
}
