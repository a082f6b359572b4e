package io.dmsnap.cli.history;

import io.dmsnap.cli.changepoint.ChangePoint;
import io.dmsnap.cli.changepoint.ChangePointDetector;
import io.dmsnap.cli.changepoint.Direction;
import io.dmsnap.cli.changepoint.SignificanceMethod;
import io.dmsnap.cli.common.Json;
import io.dmsnap.cli.result.RowKey;
import tools.jackson.core.JsonGenerator;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The history as one JSON object (docs/history.md lists every member): the settings, counts,
 * hosts, runs, series, {@code change_points}, skipped files, notes and the Otava export when one
 * was written. Names are snake_case; unknown values are {@code null}. Stateless.
 */
final class HistoryJson
{
    private HistoryJson()
    {
    }

    static void write(final PrintWriter out, final History history, final List<HistoryOtava.HostExport> otava)
    {
        try (JsonGenerator w = Json.generator(out))
        {
            w.writeStartObject();
            w.writeStringProperty("directory", history.directory().toString());
            w.writeStringProperty("value", HistoryText.VALUE_RULE);
            settings(w, history.options());
            w.writeNumberProperty("host_count", history.hosts().size());
            w.writeNumberProperty("run_count", history.runCount());
            w.writeNumberProperty("series_count", history.seriesCount());
            final List<SeriesChangePoint> points = history.changePoints();
            w.writeNumberProperty("change_point_count", points.size());
            w.writeNumberProperty("regression_count", points.stream().filter(SeriesChangePoint::isRegression).count());
            w.writeArrayPropertyStart("change_points");
            for (final SeriesChangePoint c : points)
            {
                changePoint(w, c);
            }
            w.writeEndArray();
            w.writeArrayPropertyStart("hosts");
            for (final HostHistory h : history.hosts())
            {
                host(w, h);
            }
            w.writeEndArray();
            w.writeArrayPropertyStart("skipped_files");
            for (final SkippedFile f : history.skipped())
            {
                w.writeStartObject();
                w.writeStringProperty("file", f.file().toString());
                w.writeStringProperty("problem", f.problem());
                w.writeEndObject();
            }
            w.writeEndArray();
            w.writeArrayPropertyStart("notes");
            for (final String n : history.notes())
            {
                w.writeString(n);
            }
            w.writeEndArray();
            if (!otava.isEmpty())
            {
                otava(w, otava, HistoryOtava.caveat(history.options().detector()));
            }
            w.writeEndObject();
        }
        out.println();
    }

    private static void settings(final JsonGenerator w, final HistoryOptions options)
    {
        final ChangePointDetector d = options.detector();
        w.writeObjectPropertyStart("settings");
        w.writeNumberProperty("p", d.pValue());
        w.writeNumberProperty("min_magnitude_percent", d.minMagnitudePercent());
        w.writeNumberProperty("window", d.window());
        w.writeStringProperty("merge", d.mergeRule().name().toLowerCase(Locale.ROOT));
        final boolean permutation = d.method() == SignificanceMethod.PERMUTATION;
        w.writeStringProperty("test", permutation ? "permutation" : "t-test");
        if (permutation)
        {
            w.writeNumberProperty("permutations", d.permutations());
            w.writeNumberProperty("seed", d.seed());
        }
        else
        {
            w.writeNullProperty("permutations");
            w.writeNullProperty("seed");
        }
        optional(w, "since", options.since().map(Instant::toString));
        if (options.last().isPresent())
        {
            w.writeNumberProperty("last", options.last().getAsInt());
        }
        else
        {
            w.writeNullProperty("last");
        }
        w.writeEndObject();
    }

    private static void changePoint(final JsonGenerator w, final SeriesChangePoint c)
    {
        final Series s = c.series();
        final ChangePoint p = c.point();
        final Run run = c.run();
        w.writeStartObject();
        w.writeStringProperty("host", s.host());
        rowKey(w, s.key());
        w.writeStringProperty("unit", s.unit());
        w.writeNumberProperty("index", p.index());
        w.writeNumberProperty("series_length", s.length());
        w.writeNumberProperty("run_position", c.runPosition());
        w.writeStringProperty("file", run.file().toString());
        optional(w, "time", run.startTime().map(Instant::toString));
        optional(w, "commit", run.commit());
        w.writeNumberProperty("change_percent", p.changePercent());
        w.writeNumberProperty("magnitude_percent", p.magnitudePercent());
        w.writeNumberProperty("p", p.pValue());
        w.writeStringProperty("direction", p.verdict().name().toLowerCase(Locale.ROOT));
        w.writeNumberProperty("mean_before", p.meanBefore());
        w.writeNumberProperty("mean_after", p.meanAfter());
        w.writeNumberProperty("stddev_before", p.stdDevBefore());
        w.writeNumberProperty("stddev_after", p.stdDevAfter());
        w.writeEndObject();
    }

    private static void host(final JsonGenerator w, final HostHistory h)
    {
        w.writeStartObject();
        w.writeStringProperty("host", h.host());
        w.writeArrayPropertyStart("runs");
        for (final Run r : h.runs())
        {
            w.writeStartObject();
            w.writeStringProperty("file", r.file().toString());
            optional(w, "time", r.startTime().map(Instant::toString));
            optional(w, "commit", r.commit());
            if (r.dirty().isPresent())
            {
                w.writeBooleanProperty("dirty", r.dirty().get());
            }
            else
            {
                w.writeNullProperty("dirty");
            }
            w.writeNumberProperty("rows", r.values().size());
            w.writeEndObject();
        }
        w.writeEndArray();
        w.writeArrayPropertyStart("series");
        for (final Series s : h.series())
        {
            w.writeStartObject();
            rowKey(w, s.key());
            w.writeStringProperty("unit", s.unit());
            w.writeStringProperty("better", s.direction() == Direction.HIGHER_IS_BETTER ? "higher" : "lower");
            w.writeNumberProperty("length", s.length());
            w.writeNumberProperty("change_points", s.changePoints().size());
            w.writeNumberProperty("last_value", s.value(s.length() - 1));
            w.writeEndObject();
        }
        w.writeEndArray();
        w.writeArrayPropertyStart("undirected_rows");
        for (final RowKey k : h.undirectedRows())
        {
            w.writeString(k.id());
        }
        w.writeEndArray();
        w.writeEndObject();
    }

    /** {@code row} (the id), then its parts: benchmark, mode, threads, params, metric. */
    private static void rowKey(final JsonGenerator w, final RowKey key)
    {
        w.writeStringProperty("row", key.id());
        w.writeStringProperty("benchmark", key.benchmark());
        w.writeStringProperty("mode", key.mode());
        w.writeNumberProperty("threads", key.threads());
        w.writeObjectPropertyStart("params");
        for (final Map.Entry<String, String> e : key.params().entrySet())
        {
            w.writeStringProperty(e.getKey(), e.getValue());
        }
        w.writeEndObject();
        w.writeStringProperty("metric", key.metric());
    }

    private static void otava(final JsonGenerator w, final List<HistoryOtava.HostExport> exports,
                              final Optional<String> caveat)
    {
        w.writeObjectPropertyStart("otava");
        w.writeStringProperty("directory", exports.get(0).directory().toString());
        optional(w, "caveat", caveat);
        w.writeArrayPropertyStart("exports");
        for (final HistoryOtava.HostExport e : exports)
        {
            w.writeStartObject();
            w.writeStringProperty("host", e.host());
            w.writeArrayPropertyStart("files");
            for (final String f : e.fileNames())
            {
                w.writeString(f);
            }
            w.writeEndArray();
            w.writeStringProperty("command", e.command());
            w.writeArrayPropertyStart("left_out");
            for (final String name : e.leftOut())
            {
                w.writeString(name);
            }
            w.writeEndArray();
            w.writeEndObject();
        }
        w.writeEndArray();
        w.writeEndObject();
    }

    private static void optional(final JsonGenerator w, final String name, final Optional<String> value)
    {
        if (value.isPresent())
        {
            w.writeStringProperty(name, value.get());
        }
        else
        {
            w.writeNullProperty(name);
        }
    }
}
