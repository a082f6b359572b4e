package io.dmsnap.cli.result;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The engine configuration of a run that used one: the preset it started from and the value of
 * every switch after the overrides (with {@code cowThreshold}), as {@code dmsnap presets} shows them.
 *
 * @param preset   the preset's name ({@code current}, {@code v5.0}, ...), not blank
 * @param switches switch name to value, sorted by name; read-only
 */
public record EngineSetup(String preset, SortedMap<String, String> switches)
{
    public EngineSetup
    {
        if (preset == null || preset.isBlank())
        {
            throw new IllegalArgumentException("an engine setup needs a preset name");
        }
        switches = Collections.unmodifiableSortedMap(new TreeMap<>(switches));
    }
}
