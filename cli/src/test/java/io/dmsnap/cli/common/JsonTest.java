package io.dmsnap.cli.common;

import io.dmsnap.cli.JsonValues;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The command line's JSON configuration: what it writes reads back, and malformed text is refused. */
final class JsonTest
{
    @Test
    void nestedContainersAndEscapesRoundTrip()
    {
        final StringWriter text = new StringWriter();
        final String awkward = "quote \" backslash \\ newline \n tab \t bell \u0007 é";
        try (JsonGenerator w = Json.generator(new PrintWriter(text)))
        {
            w.writeStartObject();
            w.writeStringProperty("s", awkward);
            w.writeNumberProperty("n", -42);
            w.writeArrayPropertyStart("empty");
            w.writeEndArray();
            w.writeObjectPropertyStart("emptyObject");
            w.writeEndObject();
            w.writeArrayPropertyStart("list");
            w.writeString("a");
            w.writeStartObject();
            w.writeNumberProperty("k", 1);
            w.writeEndObject();
            w.writeEndArray();
            w.writeEndObject();
        }
        assertEquals(Map.of("s", awkward, "n", -42L, "empty", List.of(), "emptyObject", Map.of(),
            "list", List.of("a", Map.of("k", 1L))), JsonValues.parse(text.toString()));
    }

    @Test
    void malformedJsonIsRefused()
    {
        for (final String bad : new String[] {
            "{\"a\": 1,}", "[1 2]", "{\"a\" 1}", "\"open", "{} x", "{\"a\":1,\"a\":2}", "{\"a\": 1", ""})
        {
            assertThrows(JacksonException.class, () -> JsonValues.parse(bad), bad);
        }
    }
}
