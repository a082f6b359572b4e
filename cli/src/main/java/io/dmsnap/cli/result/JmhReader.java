package io.dmsnap.cli.result;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads JMH's JSON result ({@code -rf json}): an array with one object per benchmark, mode,
 * thread count and parameter combination.
 *
 * <p>Rows: each object gives the row of its primary result (metric {@value RowKey#PRIMARY}) and
 * one row per secondary result (metric = the label, without the middle dot some JMH versions put
 * in front of profiler labels). Parameters are {@code params}, thread count {@code threads}.
 * Replicates: one per fork ({@code fork 1}, {@code fork 2}, ...), holding that fork's measurement
 * iteration scores from {@code rawData[fork][iteration]}. In sample mode JMH writes per-operation
 * histograms instead ({@code rawDataHistogram[fork][iteration] = [[value, count], ...]}); an
 * iteration's sample is then its mean, which is JMH's score of that iteration. The percentile
 * rows of sample mode ({@code p0.50}, {@code p0.99}, ...) are secondary results with
 * per-iteration values of their own.
 *
 * <p>Direction: a primary score is higher-is-better in {@code thrpt} mode and lower-is-better in
 * the time modes; a secondary result's comes from its unit ({@link Direction#ofUnit}).
 *
 * <p>Environment: JDK version ({@code vmVersion}), VM name, JVM arguments and JMH's version from
 * the first object; the JMH settings over all objects. JMH records nothing about the machine or
 * the code, so those fields stay unknown.
 */
final class JmhReader
{
    /** The middle dot JMH 1.x puts in front of profiler labels ({@code ·gc.alloc.rate}). */
    private static final char MIDDLE_DOT = '\u00b7';

    private JmhReader()
    {
    }

    static SourceContent read(final JsonCursor array)
    {
        final List<JsonCursor> benchmarks = array.elements();
        if (benchmarks.isEmpty())
        {
            throw array.error("an empty JMH result: no benchmark ran");
        }
        final Map<RowKey, Measurement> rows = new LinkedHashMap<>();
        final List<String> modes = new ArrayList<>();
        final List<Integer> threads = new ArrayList<>();
        final List<Integer> forks = new ArrayList<>();
        final List<JmhSettings.Phase> warmups = new ArrayList<>();
        final List<JmhSettings.Phase> measurements = new ArrayList<>();
        for (final JsonCursor b : benchmarks)
        {
            final String benchmark = text(b.get("benchmark"));
            final String mode = text(b.get("mode"));
            final int threadCount = b.get("threads").intAtLeast(1);
            final Optional<Integer> forkCount = b.optional("forks").map(f -> f.intAtLeast(0));
            final Map<String, String> params = new TreeMap<>();
            final Optional<JsonCursor> paramsObject = b.optional("params");
            if (paramsObject.isPresent())
            {
                for (final Map.Entry<String, JsonCursor> p : paramsObject.get().members())
                {
                    params.put(p.getKey(), p.getValue().string());
                }
            }
            final RowKey primaryKey = new RowKey(benchmark, mode, threadCount, new TreeMap<>(params), RowKey.PRIMARY);
            final JsonCursor primary = b.get("primaryMetric");
            add(rows, metric(primary, primaryKey, forkCount, primaryDirection(mode, text(primary.get("scoreUnit")))), b);
            final Optional<JsonCursor> secondaries = b.optional("secondaryMetrics");
            if (secondaries.isPresent())
            {
                for (final Map.Entry<String, JsonCursor> s : secondaries.get().members())
                {
                    final String label = normalizeLabel(s.getKey());
                    if (label.isEmpty())
                    {
                        throw s.getValue().error("a secondary result without a label");
                    }
                    final JsonCursor metric = s.getValue();
                    add(rows, metric(metric, primaryKey.withMetric(label), forkCount,
                        Direction.ofUnit(text(metric.get("scoreUnit")))), b);
                }
            }
            modes.add(mode);
            threads.add(threadCount);
            forkCount.ifPresent(forks::add);
            phase(b, "warmupIterations", "warmupTime").ifPresent(warmups::add);
            phase(b, "measurementIterations", "measurementTime").ifPresent(measurements::add);
        }
        final JsonCursor first = benchmarks.get(0);
        final Optional<String> jmhVersion = first.optional("jmhVersion").map(JsonCursor::string);
        final Environment.Builder env = Environment.builder()
            .jdkVersion(first.optional("vmVersion").map(JsonCursor::string).orElse(null))
            .jvmName(first.optional("vmName").map(JsonCursor::string).orElse(null))
            .tool(jmhVersion.map(v -> "JMH " + v).orElse(null))
            .jmh(new JmhSettings(jmhVersion, modes, threads, forks, warmups, measurements));
        final Optional<JsonCursor> jvmArgs = first.optional("jvmArgs");
        if (jvmArgs.isPresent())
        {
            final List<String> args = new ArrayList<>();
            for (final JsonCursor a : jvmArgs.get().elements())
            {
                args.add(a.string());
            }
            env.jvmArgs(args);
        }
        return new SourceContent(env.build(), new ArrayList<>(rows.values()));
    }

    /** Strips JMH's middle dot and blanks from a secondary label. */
    static String normalizeLabel(final String label)
    {
        String s = label.strip();
        while (!s.isEmpty() && s.charAt(0) == MIDDLE_DOT)
        {
            s = s.substring(1).strip();
        }
        return s;
    }

    private static Direction primaryDirection(final String mode, final String unit)
    {
        switch (mode)
        {
            case "thrpt":
                return Direction.HIGHER_IS_BETTER;
            case "avgt":
            case "sample":
            case "ss":
                return Direction.LOWER_IS_BETTER;
            default:
                return Direction.ofUnit(unit);
        }
    }

    private static void add(final Map<RowKey, Measurement> rows, final Measurement m, final JsonCursor at)
    {
        if (rows.put(m.key(), m) != null)
        {
            throw at.error("the row " + m.key().id() + " occurs twice");
        }
    }

    /** One result (primary or secondary) as a row: a replicate per fork. */
    private static Measurement metric(final JsonCursor metric, final RowKey key, final Optional<Integer> forkCount,
                                      final Direction direction)
    {
        final String unit = text(metric.get("scoreUnit"));
        final List<Replicate> replicates = new ArrayList<>();
        final List<JsonCursor> forks;
        final boolean histogram;
        if (metric.has("rawData"))
        {
            forks = metric.get("rawData").elements();
            histogram = false;
        }
        else if (metric.has("rawDataHistogram"))
        {
            forks = metric.get("rawDataHistogram").elements();
            histogram = true;
        }
        else
        {
            throw metric.error("no rawData: the per-fork iteration scores are missing (JMH leaves them out when "
                + "run with -Djmh.json.rawData=false)");
        }
        if (forks.isEmpty())
        {
            throw metric.get(histogram ? "rawDataHistogram" : "rawData").error("empty: no fork has samples");
        }
        if (forkCount.isPresent() && forkCount.get() > 0 && forkCount.get() != forks.size())
        {
            throw metric.get(histogram ? "rawDataHistogram" : "rawData").error("holds " + forks.size()
                + " forks, but the benchmark ran " + forkCount.get());
        }
        for (int f = 0; f < forks.size(); f++)
        {
            final List<JsonCursor> iterations = forks.get(f).elements();
            if (iterations.isEmpty())
            {
                throw forks.get(f).error("empty: fork " + (f + 1) + " has no iteration samples");
            }
            final double[] samples = new double[iterations.size()];
            for (int i = 0; i < samples.length; i++)
            {
                samples[i] = histogram ? histogramMean(iterations.get(i)) : iterations.get(i).number();
            }
            replicates.add(Replicate.of("fork " + (f + 1), samples));
        }
        return new Measurement(key, unit, direction, replicates);
    }

    /** The mean of one iteration's histogram {@code [[value, count], ...]}. */
    private static double histogramMean(final JsonCursor iteration)
    {
        final List<JsonCursor> buckets = iteration.elements();
        double sum = 0;
        long count = 0;
        for (final JsonCursor bucket : buckets)
        {
            final List<JsonCursor> pair = bucket.elements();
            if (pair.size() != 2)
            {
                throw bucket.error("expected a [value, count] pair, found " + pair.size() + " elements");
            }
            final long n = pair.get(1).integer();
            if (n < 0)
            {
                throw pair.get(1).error("a negative count");
            }
            sum += pair.get(0).number() * n;
            count += n;
        }
        if (count == 0)
        {
            throw iteration.error("empty: an iteration without samples");
        }
        return sum / count;
    }

    private static Optional<JmhSettings.Phase> phase(final JsonCursor b, final String iterations, final String time)
    {
        if (!b.has(iterations) || !b.has(time))
        {
            return Optional.empty();
        }
        final String t = b.get(time).string();
        if (t.isBlank())
        {
            throw b.get(time).error("a blank time");
        }
        return Optional.of(new JmhSettings.Phase(b.get(iterations).intAtLeast(0), t));
    }

    private static String text(final JsonCursor value)
    {
        final String s = value.string();
        if (s.isBlank())
        {
            throw value.error("must not be blank");
        }
        return s;
    }
}
