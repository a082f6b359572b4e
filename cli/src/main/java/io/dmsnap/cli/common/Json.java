package io.dmsnap.cli.common;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.util.List;

/**
 * The one JSON configuration of the command line. Writing: indented, and the caller's writer stays
 * open. Reading is strict, so that a damaged file is never read as a valid one: text after the
 * document (a truncated-and-appended or concatenated file), duplicate member names and trailing
 * commas are errors. Jackson's mapper is thread-safe once built.
 */
public final class Json
{
    public static final JsonMapper MAPPER = JsonMapper.builder()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();

    private Json()
    {
    }

    /** A generator on {@code out}; closing it flushes but leaves {@code out} open. */
    public static JsonGenerator generator(final PrintWriter out)
    {
        return MAPPER.createGenerator(out);
    }

    /** {@code "name": value}, or {@code "name": null} when there is no value. */
    public static void stringOrNull(final JsonGenerator w, final String name, final String value)
    {
        w.writeName(name);
        if (value == null)
        {
            w.writeNull();
        }
        else
        {
            w.writeString(value);
        }
    }

    /**
     * {@code "name": value}, or {@code "name": null} when there is no value or it is not finite
     * (JSON has no NaN or infinity; a reader must not be handed a token it cannot parse).
     */
    public static void numberOrNull(final JsonGenerator w, final String name, final Double value)
    {
        w.writeName(name);
        if (value == null || !Double.isFinite(value))
        {
            w.writeNull();
        }
        else
        {
            w.writeNumber(value);
        }
    }

    /** {@code "name": ["a", "b", ...]}. */
    public static void strings(final JsonGenerator w, final String name, final List<String> values)
    {
        w.writeArrayPropertyStart(name);
        for (final String v : values)
        {
            w.writeString(v);
        }
        w.writeEndArray();
    }
}
