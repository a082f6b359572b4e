package io.dmsnap.cli.compare;

import io.dmsnap.cli.common.IoReason;
import io.dmsnap.cli.common.Json;
import io.dmsnap.cli.result.ResultFileException;
import io.dmsnap.cli.stats.ComparisonSettings;
import io.dmsnap.cli.stats.Direction;
import io.dmsnap.cli.stats.Verdict;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A comparison as JSON ({@code dmsnap compare --format json}), and read back into a
 * {@link ComparisonReport}, so a saved comparison can be rendered again (HTML, Markdown) without the
 * result files. The document:
 * <pre>
 * { "format": "dmsnap-comparison/1", "outcome": "no regression", "exit_code": 0,
 *   "summary": { "compared", "regressed", "improved", "same", "inconclusive", "not_comparable",
 *                "only_in_base", "only_in_candidate", "skipped" },
 *   "base": { source, kind, files, commit, dirty, start_time }, "candidate": { ... },
 *   "settings": { seed, alpha, confidence_level, resamples, min_samples, power, fail_on_inconclusive,
 *                 allow_env_mismatch, ignored_params },
 *   "bands": { "file", "used": [ { glob, band_percent, action, origin, rows } ] },
 *   "environment": [ { field, base, candidate, checked, status } ],
 *   "warnings": [ ... ], "notes": [ ... ],
 *   "rows": [ { id, benchmark, mode, threads, params, metric, unit, direction, band_percent, band_source,
 *               pooled, n_base, n_candidate, base_median, base_ci_low, base_ci_high, candidate_median,
 *               candidate_ci_low, candidate_ci_high, change_percent, ci_low_percent, ci_high_percent,
 *               p, p_adjusted, deciding_test, hl_shift_percent, mde_percent, verdict, samples_needed,
 *               reason, base_samples, candidate_samples } ],
 *   "only_in_base", "only_in_candidate", "not_comparable", "skipped":
 *       [ { id, benchmark, mode, threads, params, metric, unit, reason } ] }
 * </pre>
 * {@code null} stands for unknown or unbounded (an interval of too few values, no detectable
 * effect): JSON has no infinity. The summary, outcome and exit code are derived and not read back.
 * Stateless.
 */
public final class ComparisonJson
{
    /** The document's format name; a change of meaning gets a new one. */
    public static final String FORMAT = "dmsnap-comparison/1";

    private ComparisonJson()
    {
    }

    /** The document, indented, ending with a newline. */
    public static String render(final ComparisonReport r)
    {
        final StringWriter text = new StringWriter();
        try (JsonGenerator w = Json.MAPPER.createGenerator(text))
        {
            w.writeStartObject();
            w.writeStringProperty("format", FORMAT);
            w.writeStringProperty("outcome", r.outcome());
            w.writeNumberProperty("exit_code", r.exitCode());
            w.writeObjectPropertyStart("summary");
            w.writeNumberProperty("compared", r.rows().size());
            for (final Verdict v : Verdict.values())
            {
                w.writeNumberProperty(v.name().toLowerCase(Locale.ROOT), r.count(v));
            }
            w.writeNumberProperty("not_comparable", r.notComparable().size());
            w.writeNumberProperty("only_in_base", r.onlyInBase().size());
            w.writeNumberProperty("only_in_candidate", r.onlyInCandidate().size());
            w.writeNumberProperty("skipped", r.skipped().size());
            w.writeEndObject();
            source(w, "base", r.base());
            source(w, "candidate", r.candidate());
            final ComparisonSettings s = r.settings();
            w.writeObjectPropertyStart("settings");
            w.writeNumberProperty("seed", s.seed());
            w.writeNumberProperty("alpha", s.alpha());
            w.writeNumberProperty("confidence_level", s.confidenceLevel());
            w.writeNumberProperty("resamples", s.resamples());
            w.writeNumberProperty("min_samples", s.minSamplesPerSide());
            w.writeNumberProperty("power", s.power());
            w.writeBooleanProperty("fail_on_inconclusive", r.failOnInconclusive());
            w.writeBooleanProperty("allow_env_mismatch", r.allowEnvMismatch());
            Json.strings(w, "ignored_params", r.ignoredParams());
            w.writeEndObject();
            w.writeObjectPropertyStart("bands");
            Json.stringOrNull(w, "file", r.bandsFile());
            w.writeArrayPropertyStart("used");
            for (final BandUse b : r.bands())
            {
                w.writeStartObject();
                w.writeStringProperty("glob", b.glob());
                Json.numberOrNull(w, "band_percent", b.bandPercent());
                Json.stringOrNull(w, "action", b.action());
                w.writeStringProperty("origin", b.origin());
                w.writeNumberProperty("rows", b.rows());
                w.writeEndObject();
            }
            w.writeEndArray();
            w.writeEndObject();
            w.writeArrayPropertyStart("environment");
            for (final EnvironmentLine l : r.environment())
            {
                w.writeStartObject();
                w.writeStringProperty("field", l.field());
                Json.stringOrNull(w, "base", l.base());
                Json.stringOrNull(w, "candidate", l.candidate());
                w.writeBooleanProperty("checked", l.checked());
                w.writeStringProperty("status", l.status());
                w.writeEndObject();
            }
            w.writeEndArray();
            Json.strings(w, "warnings", r.warnings());
            Json.strings(w, "notes", r.notes());
            w.writeArrayPropertyStart("rows");
            for (final ComparedRow row : r.rows())
            {
                compared(w, row);
            }
            w.writeEndArray();
            listed(w, "only_in_base", r.onlyInBase());
            listed(w, "only_in_candidate", r.onlyInCandidate());
            listed(w, "not_comparable", r.notComparable());
            listed(w, "skipped", r.skipped());
            w.writeEndObject();
        }
        return text.append('\n').toString();
    }

    /**
     * Reads a saved comparison.
     *
     * @throws ResultFileException naming the file and the JSON path when it is not one
     */
    public static ComparisonReport read(final Path file)
    {
        final String text;
        try
        {
            text = Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final NoSuchFileException e)
        {
            throw new ResultFileException(file, "no such file");
        }
        catch (final IOException e)
        {
            throw new ResultFileException(file, "cannot read: " + IoReason.of(e));
        }
        return parse(file, text);
    }

    /** The comparison in {@code text}, as if read from {@code file}. */
    static ComparisonReport parse(final Path file, final String text)
    {
        final JsonNode tree;
        try
        {
            tree = Json.MAPPER.readTree(text);
        }
        catch (final JacksonException e)
        {
            throw new ResultFileException(file, "not a saved comparison: not valid JSON ("
                + firstLine(e.getOriginalMessage()) + ")");
        }
        final JsonField root = JsonField.root(file, tree);
        if (tree == null || !tree.isObject() || !tree.has("format"))
        {
            throw new ResultFileException(file, "not a saved comparison: expected an object with \"format\": \""
                + FORMAT + "\" (dmsnap compare --format json)");
        }
        final String format = root.get("format").string();
        if (!format.equals(FORMAT))
        {
            throw root.get("format").error("unknown format \"" + format + "\"; this dmsnap reads " + FORMAT);
        }
        final JsonField s = root.get("settings");
        final ComparisonSettings settings;
        try
        {
            settings = new ComparisonSettings(s.get("alpha").number(), s.get("confidence_level").number(),
                s.get("resamples").integer(), s.get("seed").longValue(), s.get("min_samples").integer(),
                s.get("power").number());
        }
        catch (final ResultFileException e)
        {
            throw e;
        }
        catch (final IllegalArgumentException e)
        {
            throw s.error(e.getMessage());
        }
        final List<BandUse> bands = new ArrayList<>();
        for (final JsonField b : root.get("bands").get("used").elements())
        {
            bands.add(new BandUse(b.get("glob").string(), b.get("band_percent").numberOrNull(),
                b.get("action").stringOrNull(), b.get("origin").string(), b.get("rows").integer()));
        }
        final List<EnvironmentLine> environment = new ArrayList<>();
        for (final JsonField l : root.get("environment").elements())
        {
            environment.add(new EnvironmentLine(l.get("field").string(), l.get("base").stringOrNull(),
                l.get("candidate").stringOrNull(), l.get("checked").bool(), l.get("status").string()));
        }
        final List<ComparedRow> rows = new ArrayList<>();
        for (final JsonField row : root.get("rows").elements())
        {
            rows.add(compared(row));
        }
        return new ComparisonReport(source(root.get("base")), source(root.get("candidate")), settings,
            s.get("fail_on_inconclusive").bool(), s.get("allow_env_mismatch").bool(), s.get("ignored_params").strings(),
            root.get("bands").get("file").stringOrNull(), bands, environment, root.get("warnings").strings(),
            root.get("notes").strings(), rows, listed(root.get("only_in_base")), listed(root.get("only_in_candidate")),
            listed(root.get("not_comparable")), listed(root.get("skipped")));
    }

    private static void source(final JsonGenerator w, final String name, final SourceInfo s)
    {
        w.writeObjectPropertyStart(name);
        sourceFields(w, s);
        w.writeEndObject();
    }

    /** The fields of one side's description, inside an object the caller opened (calibrate writes them too). */
    static void sourceFields(final JsonGenerator w, final SourceInfo s)
    {
        w.writeStringProperty("source", s.source());
        w.writeStringProperty("kind", s.kind());
        w.writeNumberProperty("files", s.files());
        Json.stringOrNull(w, "commit", s.commit());
        w.writeName("dirty");
        if (s.dirty() == null)
        {
            w.writeNull();
        }
        else
        {
            w.writeBoolean(s.dirty());
        }
        Json.stringOrNull(w, "start_time", s.startTime());
    }

    private static SourceInfo source(final JsonField s)
    {
        return new SourceInfo(s.get("source").string(), s.get("kind").string(), s.get("files").integer(),
            s.get("commit").stringOrNull(), s.get("dirty").boolOrNull(), s.get("start_time").stringOrNull());
    }

    private static void rowInfo(final JsonGenerator w, final RowInfo row)
    {
        w.writeStringProperty("id", row.id());
        w.writeStringProperty("benchmark", row.benchmark());
        w.writeStringProperty("mode", row.mode());
        w.writeNumberProperty("threads", row.threads());
        w.writeObjectPropertyStart("params");
        for (final Map.Entry<String, String> p : row.params().entrySet())
        {
            w.writeStringProperty(p.getKey(), p.getValue());
        }
        w.writeEndObject();
        w.writeStringProperty("metric", row.metric());
        w.writeStringProperty("unit", row.unit());
    }

    private static RowInfo rowInfo(final JsonField row)
    {
        return new RowInfo(row.get("id").string(), row.get("benchmark").string(), row.get("mode").string(),
            row.get("threads").integer(), row.get("params").stringMap(), row.get("metric").string(),
            row.get("unit").string());
    }

    private static void compared(final JsonGenerator w, final ComparedRow row)
    {
        w.writeStartObject();
        rowInfo(w, row.row());
        w.writeStringProperty("direction", row.direction() == Direction.HIGHER_IS_BETTER ? "higher" : "lower");
        w.writeNumberProperty("band_percent", row.bandPercent());
        w.writeStringProperty("band_source", row.bandSource());
        w.writeBooleanProperty("pooled", row.pooled());
        w.writeNumberProperty("n_base", row.base().n());
        w.writeNumberProperty("n_candidate", row.candidate().n());
        w.writeNumberProperty("base_median", row.base().median());
        Json.numberOrNull(w, "base_ci_low", row.base().ciLow());
        Json.numberOrNull(w, "base_ci_high", row.base().ciHigh());
        w.writeNumberProperty("candidate_median", row.candidate().median());
        Json.numberOrNull(w, "candidate_ci_low", row.candidate().ciLow());
        Json.numberOrNull(w, "candidate_ci_high", row.candidate().ciHigh());
        w.writeNumberProperty("change_percent", row.changePercent());
        w.writeNumberProperty("ci_low_percent", row.ciLowPercent());
        w.writeNumberProperty("ci_high_percent", row.ciHighPercent());
        w.writeNumberProperty("p", row.p());
        w.writeNumberProperty("p_adjusted", row.pAdjusted());
        w.writeStringProperty("deciding_test", row.decidingTest());
        w.writeNumberProperty("hl_shift_percent", row.hlShiftPercent());
        Json.numberOrNull(w, "mde_percent", row.mdePercent());
        w.writeStringProperty("verdict", row.verdict().name());
        w.writeNumberProperty("samples_needed", row.samplesNeeded());
        w.writeStringProperty("reason", row.reason());
        numbers(w, "base_samples", row.base().samples());
        numbers(w, "candidate_samples", row.candidate().samples());
        w.writeEndObject();
    }

    private static ComparedRow compared(final JsonField row)
    {
        final String direction = row.get("direction").string();
        if (!direction.equals("higher") && !direction.equals("lower"))
        {
            throw row.get("direction").error("expected \"higher\" or \"lower\"");
        }
        final String verdictName = row.get("verdict").string();
        final Verdict verdict;
        try
        {
            verdict = Verdict.valueOf(verdictName);
        }
        catch (final IllegalArgumentException e)
        {
            throw row.get("verdict").error("unknown verdict \"" + verdictName + "\"; expected REGRESSED, IMPROVED, SAME"
                + " or INCONCLUSIVE");
        }
        final List<Double> baseSamples = row.get("base_samples").numbers();
        final List<Double> candidateSamples = row.get("candidate_samples").numbers();
        if (baseSamples.size() != row.get("n_base").integer() || candidateSamples.size() != row.get("n_candidate").integer())
        {
            throw row.error("the samples do not match n_base and n_candidate");
        }
        return new ComparedRow(rowInfo(row), direction.equals("higher") ? Direction.HIGHER_IS_BETTER
            : Direction.LOWER_IS_BETTER, row.get("band_percent").number(), row.get("band_source").string(),
            row.get("pooled").bool(),
            new SideStats(baseSamples.size(), row.get("base_median").number(), row.get("base_ci_low").numberOrNull(),
                row.get("base_ci_high").numberOrNull(), baseSamples),
            new SideStats(candidateSamples.size(), row.get("candidate_median").number(),
                row.get("candidate_ci_low").numberOrNull(), row.get("candidate_ci_high").numberOrNull(), candidateSamples),
            row.get("change_percent").number(), row.get("ci_low_percent").number(), row.get("ci_high_percent").number(),
            row.get("p").number(), row.get("p_adjusted").number(), row.get("deciding_test").string(),
            row.get("hl_shift_percent").number(), row.get("mde_percent").numberOrNull(), verdict,
            row.get("samples_needed").integer(), row.get("reason").string());
    }

    private static void listed(final JsonGenerator w, final String name, final List<ListedRow> rows)
    {
        w.writeArrayPropertyStart(name);
        for (final ListedRow row : rows)
        {
            w.writeStartObject();
            rowInfo(w, row.row());
            w.writeStringProperty("reason", row.reason());
            w.writeEndObject();
        }
        w.writeEndArray();
    }

    private static List<ListedRow> listed(final JsonField array)
    {
        final List<ListedRow> rows = new ArrayList<>();
        for (final JsonField row : array.elements())
        {
            rows.add(new ListedRow(rowInfo(row), row.get("reason").string()));
        }
        return rows;
    }

    private static void numbers(final JsonGenerator w, final String name, final List<Double> values)
    {
        w.writeArrayPropertyStart(name);
        for (final Double v : values)
        {
            w.writeNumber(v);
        }
        w.writeEndArray();
    }

    private static String firstLine(final String message)
    {
        if (message == null)
        {
            return "unreadable";
        }
        final int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
