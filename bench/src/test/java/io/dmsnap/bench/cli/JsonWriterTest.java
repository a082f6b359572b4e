package io.dmsnap.bench.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

final class JsonWriterTest
{
    @Test
    void nestedContainersAndEscapesRoundTrip()
    {
        final StringWriter text = new StringWriter();
        final PrintWriter out = new PrintWriter(text);
        final String awkward = "quote \" backslash \\ newline \n tab \t bell \u0007 é";
        new JsonWriter(out).beginObject()
            .name("s").value(awkward)
            .name("n").value(-42)
            .name("empty").beginArray().endArray()
            .name("emptyObject").beginObject().endObject()
            .name("list").beginArray().value("a").beginObject().name("k").value(1).endObject().endArray()
            .endObject();
        out.flush();
        final Object parsed = MiniJson.parse(text.toString());
        assertEquals(Map.of("s", awkward, "n", -42L, "empty", List.of(), "emptyObject", Map.of(),
            "list", List.of("a", Map.of("k", 1L))), parsed);
    }

    @Test
    void misuseIsRefused()
    {
        final PrintWriter out = new PrintWriter(new StringWriter());
        assertThrows(IllegalStateException.class, () -> new JsonWriter(out).beginObject().value("no name"));
        assertThrows(IllegalStateException.class, () -> new JsonWriter(out).beginArray().endObject());
        assertThrows(IllegalStateException.class, () -> new JsonWriter(out).beginArray().name("x"));
        assertThrows(IllegalStateException.class, () -> new JsonWriter(out).endArray());
    }

    @Test
    void theTestParserRejectsMalformedJson()
    {
        for (final String bad : new String[] {
            "{\"a\": 1,}", "[1 2]", "{\"a\" 1}", "\"open", "{} x", "{\"a\":1,\"a\":2}"})
        {
            assertThrows(IllegalArgumentException.class, () -> MiniJson.parse(bad), bad);
        }
    }
}
