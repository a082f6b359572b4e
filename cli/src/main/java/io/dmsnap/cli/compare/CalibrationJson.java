package io.dmsnap.cli.compare;

import io.dmsnap.cli.common.Json;
import tools.jackson.core.JsonGenerator;

import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An A/A calibration as JSON:
 * <pre>
 * { "format": "dmsnap-calibration/1", "sources": [ { source, kind, files, commit, dirty, start_time } ],
 *   "split": false, "settings": { seed, alpha, confidence_level, resamples, min_band_percent, planned_samples },
 *   "false_positives": { rows, raw, adjusted, raw_rate, adjusted_rate },
 *   "rows": [ { id, benchmark, mode, threads, params, metric, unit, glob, pooled, n_first, n_second, cv_percent,
 *               robust_cv_percent, p, p_adjusted, change_percent, ci_low_percent, ci_high_percent,
 *               mde_percent, suggested_band_percent } ],
 *   "not_calibrated", "only_in_first", "only_in_second": [ { id, unit, reason } ],
 *   "bands": { file, written, changes: [ { glob, kind, old_band_percent, band_percent } ] },
 *   "warnings": [ ... ], "notes": [ ... ] }
 * </pre>
 * {@code null} where a figure is unbounded (no detectable effect, no band). Stateless.
 */
final class CalibrationJson
{
    static final String FORMAT = "dmsnap-calibration/1";

    private CalibrationJson()
    {
    }

    static String render(final CalibrationReport r)
    {
        final StringWriter text = new StringWriter();
        try (JsonGenerator w = Json.MAPPER.createGenerator(text))
        {
            w.writeStartObject();
            w.writeStringProperty("format", FORMAT);
            w.writeArrayPropertyStart("sources");
            for (final SourceInfo s : r.sources())
            {
                w.writeStartObject();
                ComparisonJson.sourceFields(w, s);
                w.writeEndObject();
            }
            w.writeEndArray();
            w.writeBooleanProperty("split", r.split());
            w.writeObjectPropertyStart("settings");
            w.writeNumberProperty("seed", r.settings().seed());
            w.writeNumberProperty("alpha", r.settings().alpha());
            w.writeNumberProperty("confidence_level", r.settings().confidenceLevel());
            w.writeNumberProperty("resamples", r.settings().resamples());
            w.writeNumberProperty("min_band_percent", r.minBandPercent());
            w.writeNumberProperty("planned_samples", r.plannedSamples());
            w.writeEndObject();
            w.writeObjectPropertyStart("false_positives");
            w.writeNumberProperty("rows", r.rows().size());
            w.writeNumberProperty("raw", r.rawFalsePositives());
            w.writeNumberProperty("adjusted", r.adjustedFalsePositives());
            w.writeNumberProperty("raw_rate", (double) r.rawFalsePositives() / r.rows().size());
            w.writeNumberProperty("adjusted_rate", (double) r.adjustedFalsePositives() / r.rows().size());
            w.writeEndObject();
            w.writeArrayPropertyStart("rows");
            for (final CalibratedRow row : r.rows())
            {
                w.writeStartObject();
                w.writeStringProperty("id", row.row().id());
                w.writeStringProperty("benchmark", row.row().benchmark());
                w.writeStringProperty("mode", row.row().mode());
                w.writeNumberProperty("threads", row.row().threads());
                w.writeObjectPropertyStart("params");
                for (final Map.Entry<String, String> p : row.row().params().entrySet())
                {
                    w.writeStringProperty(p.getKey(), p.getValue());
                }
                w.writeEndObject();
                w.writeStringProperty("metric", row.row().metric());
                w.writeStringProperty("unit", row.row().unit());
                w.writeStringProperty("glob", row.glob());
                w.writeBooleanProperty("pooled", row.pooled());
                w.writeNumberProperty("n_first", row.nFirst());
                w.writeNumberProperty("n_second", row.nSecond());
                w.writeNumberProperty("cv_percent", row.cvPercent());
                w.writeNumberProperty("robust_cv_percent", row.robustCvPercent());
                w.writeNumberProperty("p", row.p());
                w.writeNumberProperty("p_adjusted", row.pAdjusted());
                w.writeNumberProperty("change_percent", row.changePercent());
                w.writeNumberProperty("ci_low_percent", row.ciLowPercent());
                w.writeNumberProperty("ci_high_percent", row.ciHighPercent());
                Json.numberOrNull(w, "mde_percent", row.mdePercent());
                Json.numberOrNull(w, "suggested_band_percent", row.suggestedBandPercent());
                w.writeEndObject();
            }
            w.writeEndArray();
            listed(w, "not_calibrated", r.notCalibrated());
            listed(w, "only_in_first", r.onlyInFirst());
            listed(w, "only_in_second", r.onlyInSecond());
            w.writeObjectPropertyStart("bands");
            Json.stringOrNull(w, "file", r.bandsFile());
            w.writeBooleanProperty("written", r.written());
            w.writeArrayPropertyStart("changes");
            for (final BandChange c : r.changes())
            {
                w.writeStartObject();
                w.writeStringProperty("glob", c.glob());
                w.writeStringProperty("kind", c.kind().name().toLowerCase(Locale.ROOT));
                Json.numberOrNull(w, "old_band_percent", c.oldBand());
                w.writeNumberProperty("band_percent", c.newBand());
                w.writeEndObject();
            }
            w.writeEndArray();
            w.writeEndObject();
            Json.strings(w, "warnings", r.warnings());
            Json.strings(w, "notes", r.notes());
            w.writeEndObject();
        }
        return text.append('\n').toString();
    }

    private static void listed(final JsonGenerator w, final String name, final List<ListedRow> rows)
    {
        w.writeArrayPropertyStart(name);
        for (final ListedRow row : rows)
        {
            w.writeStartObject();
            w.writeStringProperty("id", row.row().id());
            w.writeStringProperty("unit", row.row().unit());
            w.writeStringProperty("reason", row.reason());
            w.writeEndObject();
        }
        w.writeEndArray();
    }
}
