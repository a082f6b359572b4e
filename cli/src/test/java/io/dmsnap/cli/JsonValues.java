package io.dmsnap.cli;

import io.dmsnap.cli.common.Json;
import tools.jackson.databind.DeserializationFeature;

/**
 * JSON text read back as plain values for assertions, with the command line's strict reader:
 * objects become LinkedHashMap, arrays ArrayList, integers Long, other numbers Double, plus
 * String, Boolean and null. Malformed text throws.
 */
public final class JsonValues
{
    private JsonValues()
    {
    }

    public static Object parse(final String text)
    {
        return Json.MAPPER.readerFor(Object.class).with(DeserializationFeature.USE_LONG_FOR_INTS).readValue(text);
    }
}
