package io.dmsnap.cli.common;

import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.ModuleParameter;
import io.dmsnap.engine.config.Preset;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The options that choose an engine configuration, mixed into every subcommand that builds an
 * engine ({@code @Mixin EngineOptions engine;}): {@code --preset NAME}, {@code --set switch=value}
 * (repeatable, or comma separated) and {@code --cow-threshold N}.
 *
 * <p>Names are not checked while parsing: {@link #config()} builds the configuration through
 * {@link EngineConfig#of}, so an unknown preset, switch or value, or a refused combination, fails
 * with the engine's own message (which lists the valid choices), reported as bad arguments. The
 * module parameters ({@code cowThreshold}, {@code copyThrottle}, {@code subJobSizeKb}) are set with
 * {@code --set} like switches; {@code --cow-threshold} is checked while parsing, with the engine's
 * range, so a negative, non-numeric or too large value is a usage error naming the valid range.
 * These are the engine's initial values; a running engine's parameters are changed through
 * {@code SnapshotParameters}.
 */
public final class EngineOptions
{
    /** The preset used when {@code --preset} is not given. */
    public static final String DEFAULT_PRESET = Preset.CURRENT.displayName();

    @Option(names = "--preset", paramLabel = "NAME", completionCandidates = PresetNames.class,
        description = "Kernel point to model (experimental: current plus the engine's own ideas): ${COMPLETION-CANDIDATES}. Default: current.")
    private String preset;

    // Split here, not by picocli: its split drops empty parts, so "--set ,," would pass as no override.
    @Option(names = "--set", paramLabel = "SWITCH=VALUE", completionCandidates = SwitchNames.class,
        description = "Override one switch or module parameter of the preset (repeatable, or comma separated). "
            + "Switches and parameters: ${COMPLETION-CANDIDATES}; 'dmsnap presets' shows their values. "
            + "Parameters: copyThrottle (snapshot_copy_throttle, percent 0..100, 100 = off), "
            + "subJobSizeKb (kcopyd_subjob_size_kb, 1..1024, 0 = 512).")
    private List<String> givenOverrides = new ArrayList<>();

    @Option(names = "--cow-threshold", paramLabel = "N", converter = CowThresholdConverter.class,
        description = "Copies in flight per snapshot before writers wait (snapshot_cow_threshold), 0.."
            + Integer.MAX_VALUE + "; with throttle=IN_PROGRESS 0 makes every writer wait while any copy of its "
            + "snapshot is in flight. Default: " + EngineConfig.DEFAULT_COW_THRESHOLD + ".")
    private Integer cowThreshold;

    /**
     * The configuration the options select: the preset, then each override in the order given,
     * then the COW threshold; validated.
     *
     * @throws IllegalArgumentException naming the bad preset, switch, value or combination
     */
    public EngineConfig config()
    {
        EngineConfig config = EngineConfig.of(presetName(), overrides());
        if (cowThreshold != null)
        {
            config = config.withCowThreshold(cowThreshold).validate();
        }
        return config;
    }

    /**
     * A short name for the selected configuration: the preset's name followed by each override,
     * e.g. {@code v5.0+throttle=NONE+cowThreshold=64}.
     *
     * @throws IllegalArgumentException if the preset name is unknown
     */
    public String label()
    {
        final StringBuilder label = new StringBuilder(Preset.byName(presetName()).displayName());
        for (final String override : overrides())
        {
            final int eq = override.indexOf('=');
            label.append('+');
            label.append(eq < 0 ? override.trim()
                : override.substring(0, eq).trim() + '=' + override.substring(eq + 1).trim());
        }
        if (cowThreshold != null)
        {
            label.append("+cowThreshold=").append(cowThreshold);
        }
        return label.toString();
    }

    /** Whether any of the options was given, i.e. the user chose something other than the default. */
    public boolean isSpecified()
    {
        return preset != null || !givenOverrides.isEmpty() || cowThreshold != null;
    }

    /** The preset name as given, or {@link #DEFAULT_PRESET}. */
    public String presetName()
    {
        return preset == null ? DEFAULT_PRESET : preset;
    }

    /**
     * The {@code switch=value} overrides in the order given, each {@code --set} split at its commas.
     *
     * @throws IllegalArgumentException for an empty part ({@code --set ,,} or a comma at an end)
     */
    public List<String> overrides()
    {
        final List<String> overrides = new ArrayList<>();
        for (final String given : givenOverrides)
        {
            for (final String part : given.split(",", -1))
            {
                if (part.isBlank())
                {
                    throw new IllegalArgumentException("--set '" + given + "': an empty SWITCH=VALUE (a comma too many?)");
                }
                overrides.add(part);
            }
        }
        return Collections.unmodifiableList(overrides);
    }

    /** Parses {@code --cow-threshold} with the engine's check, so picocli reports a bad value as a usage error. */
    static final class CowThresholdConverter implements ITypeConverter<Integer>
    {
        @Override
        public Integer convert(final String value)
        {
            try
            {
                return ModuleParameter.COW_THRESHOLD.parse(value);
            }
            catch (final IllegalArgumentException e)
            {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Preset names for the help text and shell completion. */
    static final class PresetNames implements Iterable<String>
    {
        @Override
        public Iterator<String> iterator()
        {
            return Arrays.stream(Preset.values()).map(Preset::displayName).iterator();
        }
    }

    /** Switch names for the help text and shell completion. */
    static final class SwitchNames implements Iterable<String>
    {
        @Override
        public Iterator<String> iterator()
        {
            return EngineConfig.current().values().keySet().iterator();
        }
    }
}
