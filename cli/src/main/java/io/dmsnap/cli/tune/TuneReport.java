package io.dmsnap.cli.tune;

import io.dmsnap.cli.common.Json;
import io.dmsnap.cli.common.TextTable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A finished tune run and every way it is shown: the text table, CSV, the JSON document of
 * {@code --json}. The figures of a point are medians over its samples.
 *
 * <p>With several chunk sizes each has its own recommendation; the overall one is the smallest
 * threshold that qualifies (both tolerances) at every chunk size, or, when none does, the largest
 * of the per-chunk recommendations: one module parameter serves every snapshot.
 */
final class TuneReport
{
    /** The name of the JSON document's format. */
    static final String FORMAT = "dmsnap-tune/1";

    static final List<String> CSV_COLUMNS = List.of("chunk_kb", "threshold", "samples", "iops", "p50_us", "p99_us",
        "p999_us", "seconds", "device_seconds", "peak_inflight", "peak_copy_bytes", "mean_copy_bytes");

    private final SweepResult result;
    private final ThresholdAdvisor advisor;
    private final Map<Long, Recommendation> byChunk = new LinkedHashMap<>();
    private final Threshold recommended;
    private final String sentence;
    private final LiveResult live;
    private final Map<String, Object> settings;

    /**
     * @param live     the {@code --live} run, or null
     * @param settings what the run was asked to do, for the JSON and the page (name to a string or number)
     */
    TuneReport(final SweepResult result, final ThresholdAdvisor advisor, final LiveResult live,
               final Map<String, Object> settings)
    {
        this.result = result;
        this.advisor = advisor;
        this.live = live;
        this.settings = new LinkedHashMap<>(settings);
        for (final long chunk : result.plan().chunkBytes())
        {
            byChunk.put(chunk, advisor.recommend(result.pointsOf(chunk)));
        }
        final List<Recommendation> all = new ArrayList<>(byChunk.values());
        if (all.size() == 1)
        {
            recommended = all.get(0).value();
            sentence = all.get(0).sentence();
        }
        else
        {
            Threshold common = null;
            for (final Threshold t : result.thresholds())
            {
                if (all.stream().allMatch(r -> r.qualified().contains(t)))
                {
                    common = t;
                    break;
                }
            }
            final StringBuilder b = new StringBuilder();
            if (common != null)
            {
                recommended = common;
                b.append("Recommended snapshot_cow_threshold for all chunk sizes: ").append(common.label())
                    .append(", the smallest value within both tolerances at every chunk size.");
            }
            else
            {
                Threshold largest = all.get(0).value();
                for (final Recommendation r : all)
                {
                    largest = r.value().compareTo(largest) > 0 ? r.value() : largest;
                }
                recommended = largest;
                b.append("Recommended snapshot_cow_threshold for all chunk sizes: ").append(largest.label())
                    .append(", the largest of the per-chunk recommendations (no value is within both tolerances at "
                        + "every chunk size).");
            }
            for (final Map.Entry<Long, Recommendation> e : byChunk.entrySet())
            {
                b.append(" Chunk ").append(Units.chunk(e.getKey())).append(": ").append(e.getValue().value().label())
                    .append('.');
            }
            sentence = b.toString();
        }
    }

    SweepResult result()
    {
        return result;
    }

    Threshold recommended()
    {
        return recommended;
    }

    String sentence()
    {
        return sentence;
    }

    Map<Long, Recommendation> byChunk()
    {
        return byChunk;
    }

    Optional<LiveResult> live()
    {
        return Optional.ofNullable(live);
    }

    // ------------------------------------------------------------------------------------------ text

    void printText(final PrintWriter out, final String title)
    {
        out.println(title);
        out.println("each figure is the median of " + result.plan().repeats() + " sample"
            + (result.plan().repeats() == 1 ? "" : "s") + "; copier memory as the kernel allocates it (reserves included)");
        for (final long chunk : result.plan().chunkBytes())
        {
            out.println();
            out.println("chunk " + Units.chunk(chunk) + ":");
            final TextTable table = new TextTable(10);
            table.row(List.of("threshold", "IOPS", "p50", "p99", "p99.9", "time", "device time", "peak in flight",
                "peak memory", "mean memory"));
            final Recommendation r = byChunk.get(chunk);
            for (final Point p : result.pointsOf(chunk))
            {
                final String mark = p.threshold().equals(r.value()) ? " *" : "";
                table.row(List.of(p.threshold().label() + mark, Units.count(p.iops()), Units.micros(p.p50Micros()),
                    Units.micros(p.p99Micros()), Units.micros(p.p999Micros()), Units.duration(p.seconds()),
                    p.deviceSeconds() < 0 ? "-" : Units.duration(p.deviceSeconds()), Units.count(p.peakInflight()),
                    Units.size(p.peakCopyBytes()), Units.size(p.meanCopyBytes())));
            }
            table.print(out);
            out.println("* " + r.sentence());
        }
        if (byChunk.size() > 1)
        {
            out.println();
            out.println(sentence);
        }
        if (live != null)
        {
            out.println();
            printLive(out);
        }
        out.flush();
    }

    void printLive(final PrintWriter out)
    {
        out.println("live run (chunk " + Units.chunk(live.chunkBytes()) + "): the threshold changed while I/O ran");
        final TextTable table = new TextTable(8);
        table.row(List.of("threshold", "in flight at change", "within limit after", "IOPS", "p99", "peak in flight",
            "mean in flight", "mean memory"));
        for (final LiveStep s : live.steps())
        {
            table.row(List.of(s.threshold().label(), Units.count(s.inflightAtStart()),
                s.settled() ? Units.millis(s.settleMillis()) : "not within the step", Units.count(s.iops()),
                s.p99Micros() < 0 ? "-" : Units.micros(s.p99Micros()), Units.count(s.peakInflight()),
                Units.count(s.meanInflight()), Units.size(s.meanCopyBytes())));
        }
        table.print(out);
    }

    // ------------------------------------------------------------------------------------------ CSV

    /** One line per chunk size and threshold: medians; an unknown device time is an empty field. */
    String csv()
    {
        final StringBuilder b = new StringBuilder(4096);
        b.append(String.join(",", CSV_COLUMNS)).append('\n');
        for (final Point p : result.points())
        {
            b.append(p.chunkBytes() / 1024).append(',').append(p.threshold().label()).append(',')
                .append(p.samples().size()).append(',').append(Units.plain(p.iops(), 1)).append(',')
                .append(Units.plain(p.p50Micros(), 1)).append(',').append(Units.plain(p.p99Micros(), 1)).append(',')
                .append(Units.plain(p.p999Micros(), 1)).append(',').append(Units.plain(p.seconds(), 3)).append(',')
                .append(p.deviceSeconds() < 0 ? "" : Units.plain(p.deviceSeconds(), 3)).append(',')
                .append(Math.round(p.peakInflight())).append(',').append(Math.round(p.peakCopyBytes())).append(',')
                .append(Math.round(p.meanCopyBytes())).append('\n');
        }
        return b.toString();
    }

    // ------------------------------------------------------------------------------------------ JSON

    /** The {@code --json} document. */
    ObjectNode json()
    {
        final ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("parameter", "snapshot_cow_threshold");
        root.put("workload", result.plan().workload().name());
        root.put("description", result.plan().workload().describe());
        final ObjectNode s = root.putObject("settings");
        for (final Map.Entry<String, Object> e : settings.entrySet())
        {
            if (e.getValue() instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()))
            {
                s.put(e.getKey(), n.longValue());   // whole numbers as integers (not 8.0)
            }
            else if (e.getValue() instanceof Number n)
            {
                s.put(e.getKey(), n.doubleValue());
            }
            else if (e.getValue() instanceof Boolean b)
            {
                s.put(e.getKey(), b);
            }
            else
            {
                s.put(e.getKey(), String.valueOf(e.getValue()));
            }
        }
        s.put("repeats", result.plan().repeats());
        s.put("throughput_tolerance", advisor.throughputTolerance());
        s.put("latency_tolerance", advisor.latencyTolerance());
        root.put("elapsed_seconds", result.elapsedSeconds());
        final ArrayNode rows = root.putArray("rows");
        for (final Point p : result.points())
        {
            final ObjectNode row = rows.addObject();
            threshold(row, "threshold", p.threshold());
            row.put("threshold_label", p.threshold().label());
            row.put("chunk_kb", p.chunkBytes() / 1024);
            row.put("samples", p.samples().size());
            row.put("iops", p.iops());
            row.put("p50_us", p.p50Micros());
            row.put("p99_us", p.p99Micros());
            row.put("p999_us", p.p999Micros());
            row.put("seconds", p.seconds());
            if (p.deviceSeconds() < 0)
            {
                row.putNull("device_seconds");
            }
            else
            {
                row.put("device_seconds", p.deviceSeconds());
            }
            row.put("peak_inflight", Math.round(p.peakInflight()));
            row.put("peak_copy_bytes", Math.round(p.peakCopyBytes()));
            row.put("mean_copy_bytes", Math.round(p.meanCopyBytes()));
            row.put("recommended", p.threshold().equals(byChunk.get(p.chunkBytes()).value()));
        }
        threshold(root, "recommended", recommended);
        root.put("recommended_label", recommended.label());
        root.put("recommendation", sentence);
        final ArrayNode chunks = root.putArray("by_chunk");
        for (final Map.Entry<Long, Recommendation> e : byChunk.entrySet())
        {
            final Recommendation r = e.getValue();
            final ObjectNode c = chunks.addObject();
            c.put("chunk_kb", e.getKey() / 1024);
            threshold(c, "recommended", r.value());
            if (r.knee().isPresent())
            {
                threshold(c, "knee", r.knee().get());
            }
            else
            {
                c.putNull("knee");
            }
            c.put("best_iops", r.bestIops());
            threshold(c, "best_iops_at", r.bestIopsAt());
            c.put("best_p99_us", r.bestP99());
            threshold(c, "best_p99_at", r.bestP99At());
            final ArrayNode q = c.putArray("qualified");
            for (final Threshold t : r.qualified())
            {
                if (t.unlimited())
                {
                    q.addNull();
                }
                else
                {
                    q.add(t.value());
                }
            }
            c.put("recommendation", r.sentence());
        }
        if (live != null)
        {
            final ObjectNode l = root.putObject("live");
            l.put("chunk_kb", live.chunkBytes() / 1024);
            final ArrayNode steps = l.putArray("steps");
            for (final LiveStep st : live.steps())
            {
                final ObjectNode o = steps.addObject();
                threshold(o, "threshold", st.threshold());
                o.put("seconds", st.seconds());
                o.put("inflight_at_change", st.inflightAtStart());
                if (st.settled())
                {
                    o.put("settle_ms", st.settleMillis());
                }
                else
                {
                    o.putNull("settle_ms");
                }
                o.put("iops", st.iops());
                if (st.p99Micros() < 0)
                {
                    o.putNull("p99_us");
                }
                else
                {
                    o.put("p99_us", st.p99Micros());
                }
                o.put("peak_inflight", st.peakInflight());
                o.put("mean_inflight", st.meanInflight());
                o.put("peak_copy_bytes", st.peakCopyBytes());
                o.put("mean_copy_bytes", Math.round(st.meanCopyBytes()));
            }
        }
        return root;
    }

    /** A threshold as JSON: its number, or null for unlimited. */
    private static void threshold(final ObjectNode node, final String name, final Threshold t)
    {
        if (t.unlimited())
        {
            node.putNull(name);
        }
        else
        {
            node.put(name, t.value());
        }
    }
}
