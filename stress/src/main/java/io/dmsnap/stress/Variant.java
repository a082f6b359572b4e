package io.dmsnap.stress;

import io.dmsnap.engine.config.EngineConfig;

import java.util.List;

/**
 * An engine variant as a preset name (null: keep the base configuration's switches) plus
 * {@code switch=value} overrides, e.g. {@code Variant.of("v3.12")} or
 * {@code Variant.set("recheckComplete=SKIP")}.
 */
public record Variant(String preset, List<String> overrides)
{
    public static Variant of(final String preset, final String... overrides)
    {
        return new Variant(preset, List.of(overrides));
    }

    public static Variant set(final String... overrides)
    {
        return new Variant(null, List.of(overrides));
    }

    /** Apply to {@code base}: the preset replaces it when given, then the overrides apply. */
    public EngineConfig applyTo(final EngineConfig base)
    {
        EngineConfig c = preset == null ? base : EngineConfig.of(preset, List.of());
        for (final String kv : overrides)
        {
            final int eq = kv.indexOf('=');
            c = c.with(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return c.validate();
    }

    @Override
    public String toString()
    {
        return (preset == null ? "" : preset) + (overrides.isEmpty() ? "" : (preset == null ? "" : " ") + String.join(" ", overrides));
    }
}
