package io.dmsnap.engine.config;

import java.util.Locale;

/**
 * The numeric module parameters the model keeps, with the kernel's names, defaults and the range
 * the model accepts. One place for their validation: {@link EngineConfig} (initial values from a
 * preset, {@code --set} or {@code --cow-threshold}) and the live setters of the engine use the
 * same checks and the same one-line messages.
 *
 * <p>Where the model is stricter than the kernel: the kernel's parameters are {@code uint}s, so
 * it refuses only negative and non-numeric text. The model also refuses a threshold above
 * {@link Integer#MAX_VALUE} (no run comes near it), a copy throttle above 100 (the kernel treats
 * anything from 100 up as "off") and a sub-job size above 1,024 KiB (the kernel silently clamps it
 * to 1,024), so that a typo is reported rather than quietly changed.
 */
public enum ModuleParameter
{
    /**
     * {@code snapshot_cow_threshold} (dm_snapshot, 721b1d98): copies in flight per snapshot before
     * writers are throttled. Read at every check since b2155578; the 721b1d98 semaphore reads it
     * once, when a snapshot is constructed.
     */
    COW_THRESHOLD("cowThreshold", "snapshot_cow_threshold", "dm_snapshot", 0, Integer.MAX_VALUE,
        EngineConfig.DEFAULT_COW_THRESHOLD, "cow_threshold"),
    /**
     * {@code snapshot_copy_throttle} (dm_snapshot, df5d2e90): percentage of time the snapshots'
     * copier may have I/O in flight; 100 turns the throttle off.
     */
    COPY_THROTTLE("copyThrottle", "snapshot_copy_throttle", "dm_snapshot", 0, 100, 100, "copy_throttle"),
    /**
     * {@code kcopyd_subjob_size_kb} (dm_mod): the piece size of a split copier job, read when a
     * copier client is created; 0 stands for the default, as in the kernel.
     */
    SUB_JOB_SIZE_KB("subJobSizeKb", "kcopyd_subjob_size_kb", "dm_mod", 0, 1024, 512, "subjob_size_kb");

    private final String key;
    private final String kernelName;
    private final String module;
    private final int min;
    private final int max;
    private final int defaultValue;
    private final String alias;

    ModuleParameter(final String key, final String kernelName, final String module, final int min, final int max,
                    final int defaultValue, final String alias)
    {
        this.key = key;
        this.kernelName = kernelName;
        this.module = module;
        this.min = min;
        this.max = max;
        this.defaultValue = defaultValue;
        this.alias = alias;
    }

    /** The name in {@code --set} and in {@link EngineConfig#values()}, e.g. {@code cowThreshold}. */
    public String key()
    {
        return key;
    }

    /** The kernel module that declares it ({@code dm_snapshot} or {@code dm_mod}). */
    public String module()
    {
        return module;
    }

    /** The kernel's default. */
    public int defaultValue()
    {
        return defaultValue;
    }

    /** Whether {@code name} names this parameter: its key, its kernel name or its short form, any case. */
    public boolean matches(final String name)
    {
        final String n = name.trim();
        return n.equalsIgnoreCase(key) || n.equalsIgnoreCase(kernelName) || n.equalsIgnoreCase(alias);
    }

    /**
     * The value the parameter takes for {@code value}: {@code value} itself when in range (a
     * sub-job size of 0 becomes the default, as in the kernel).
     *
     * @throws IllegalArgumentException naming the parameter, the valid range and the value
     */
    public int check(final long value)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(rangeMessage(Long.toString(value)));
        }
        if (this == SUB_JOB_SIZE_KB && value == 0)
        {
            return defaultValue;
        }
        return (int) value;
    }

    /**
     * Parse a decimal integer and {@link #check} it.
     *
     * @throws IllegalArgumentException for text that is not an integer or out of range, naming both
     */
    public int parse(final String text)
    {
        final String t = text == null ? "" : text.trim();
        final long value;
        try
        {
            value = Long.parseLong(t);
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException(rangeMessage(t));
        }
        return check(value);
    }

    /** A parameter by key, kernel name or short form; throws listing the valid names. */
    public static ModuleParameter byName(final String name)
    {
        for (final ModuleParameter p : values())
        {
            if (p.matches(name))
            {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown parameter '" + name + "'; valid parameters: " + names());
    }

    /** The keys of every parameter, comma separated. */
    public static String names()
    {
        final StringBuilder sb = new StringBuilder();
        for (final ModuleParameter p : values())
        {
            sb.append(sb.length() == 0 ? "" : ", ").append(p.key);
        }
        return sb.toString();
    }

    private String rangeMessage(final String given)
    {
        final String zero = this == SUB_JOB_SIZE_KB ? " (0 = the default " + defaultValue + ")" : "";
        return String.format(Locale.ROOT, "%s (%s) must be an integer in %d..%d%s, got '%s'", key, kernelName, min,
            max, zero, given);
    }
}
