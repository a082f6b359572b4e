package io.dmsnap.cli.result;

import io.dmsnap.cli.common.Json;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Writes result files in the format {@value #FORMAT} (docs/results-format.md):
 * <pre>
 * { "format": "dmsnap-result/1",
 *   "environment": { ... },           every field, null where unknown
 *   "run": { ... } or null,           what the writing command records about itself
 *   "rows": [ { key, unit, better, replicates: [ { label, samples } ] } ],
 *   "raw": { "jmh": [ ... ], "fio": { ... } }   the source documents, either or none
 * }
 * </pre>
 * The raw source documents go in unchanged, so JMH and fio tools can still read them
 * ({@code jq .raw.jmh}, {@code jq .raw.fio}). A file is written in one piece to a temporary name in
 * its directory and then moved over the target, so a reader never sees half a file. Stateless.
 */
public final class ResultFileWriter
{
    /** The format's name; a change in the meaning of a member gets a new one. */
    public static final String FORMAT = "dmsnap-result/1";

    private ResultFileWriter()
    {
    }

    /**
     * Writes the file (creating its directory), replacing any file there.
     *
     * @param run what the writing command records about itself (command, arguments, options), or null
     * @param raw source documents to embed: {@link ResultKind#JMH} an array, {@link ResultKind#FIO} an object
     */
    public static void write(final Path file, final ResultSet results, final JsonNode run,
                             final Map<ResultKind, JsonNode> raw) throws IOException
    {
        writeAtomically(file, render(results, run, raw));
    }

    /** The whole document as text, ending with a newline. */
    public static String render(final ResultSet results, final JsonNode run, final Map<ResultKind, JsonNode> raw)
    {
        if (run != null && !run.isObject())
        {
            throw new IllegalArgumentException("the run section must be a JSON object");
        }
        for (final Map.Entry<ResultKind, JsonNode> e : raw.entrySet())
        {
            final boolean fits = e.getKey() == ResultKind.JMH ? e.getValue().isArray()
                : e.getKey() == ResultKind.FIO && e.getValue().isObject();
            if (!fits)
            {
                throw new IllegalArgumentException("raw " + e.getKey().label()
                    + " must be a JMH result array or a fio output object");
            }
        }
        final StringWriter text = new StringWriter();
        try (JsonGenerator w = Json.MAPPER.createGenerator(text))
        {
            w.writeStartObject();
            w.writeStringProperty("format", FORMAT);
            w.writeName("environment");
            EnvironmentJson.write(w, results.environment());
            w.writeName("run");
            if (run == null)
            {
                w.writeNull();
            }
            else
            {
                w.writeTree(run);
            }
            w.writeArrayPropertyStart("rows");
            for (final Measurement m : results.measurements())
            {
                row(w, m);
            }
            w.writeEndArray();
            w.writeObjectPropertyStart("raw");
            for (final ResultKind kind : new ResultKind[] {ResultKind.JMH, ResultKind.FIO})
            {
                if (raw.containsKey(kind))
                {
                    w.writeName(kind.label());
                    w.writeTree(raw.get(kind));
                }
            }
            w.writeEndObject();
            w.writeEndObject();
        }
        return text.append('\n').toString();
    }

    private static void row(final JsonGenerator w, final Measurement m)
    {
        final RowKey key = m.key();
        w.writeStartObject();
        w.writeStringProperty("benchmark", key.benchmark());
        w.writeStringProperty("mode", key.mode());
        w.writeNumberProperty("threads", key.threads());
        w.writeObjectPropertyStart("params");
        for (final Map.Entry<String, String> p : key.params().entrySet())
        {
            w.writeStringProperty(p.getKey(), p.getValue());
        }
        w.writeEndObject();
        w.writeStringProperty("metric", key.metric());
        w.writeStringProperty("unit", m.unit());
        w.writeStringProperty("better", m.direction().label());
        w.writeArrayPropertyStart("replicates");
        for (final Replicate r : m.replicates())
        {
            w.writeStartObject();
            w.writeStringProperty("label", r.label());
            w.writeArrayPropertyStart("samples");
            for (final Double v : r.samples())
            {
                w.writeNumber(v);
            }
            w.writeEndArray();
            w.writeEndObject();
        }
        w.writeEndArray();
        w.writeEndObject();
    }

    /** Writes {@code text} to a temporary file next to {@code file}, then moves it over {@code file}. */
    static void writeAtomically(final Path file, final String text) throws IOException
    {
        final Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: its owner-only permissions would stay with the result file.
        final Path tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try
        {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        finally
        {
            Files.deleteIfExists(tmp);
        }
    }
}
