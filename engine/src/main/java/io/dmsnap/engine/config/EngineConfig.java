package io.dmsnap.engine.config;

import io.dmsnap.engine.config.Switches.CommitOrder;
import io.dmsnap.engine.config.Switches.CompleteOrder;
import io.dmsnap.engine.config.Switches.CopyErrorCommit;
import io.dmsnap.engine.config.Switches.FullChunkWrite;
import io.dmsnap.engine.config.Switches.HandoverQuiesce;
import io.dmsnap.engine.config.Switches.HashSizing;
import io.dmsnap.engine.config.Switches.Locking;
import io.dmsnap.engine.config.Switches.PeFree;
import io.dmsnap.engine.config.Switches.ReadTracking;
import io.dmsnap.engine.config.Switches.RecheckComplete;
import io.dmsnap.engine.config.Switches.SplitBoundary;
import io.dmsnap.engine.config.Switches.Tables;
import io.dmsnap.engine.config.Switches.Throttle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An immutable set of switch values plus the initial values of the module parameters
 * ({@link ModuleParameter}: {@code snapshot_cow_threshold}, {@code snapshot_copy_throttle},
 * {@code kcopyd_subjob_size_kb}). Build one from a {@link Preset} and override single switches or
 * parameters with {@link #with(String, String)}; {@link #validate()} refuses combinations the
 * kernel never had. A running engine copies the parameters once, into its live module parameters,
 * which can then be changed while I/O runs; this object never changes.
 *
 * <p>Each switch is an enum in {@link Switches}; its command-line name is the enum's simple name
 * with a lower-case first letter ({@code CompleteOrder} is {@code completeOrder}). Adding a switch
 * means adding its enum to {@link #SWITCHES} and a default to {@link #DEFAULTS}.
 */
public final class EngineConfig
{
    /** The kernel's default {@code snapshot_cow_threshold} (721b1d98). */
    public static final int DEFAULT_COW_THRESHOLD = 2048;
    /** The kernel's default {@code snapshot_copy_throttle}: 100, no throttling (df5d2e90). */
    public static final int DEFAULT_COPY_THROTTLE = 100;
    /** The kernel's default {@code kcopyd_subjob_size_kb}: 512. */
    public static final int DEFAULT_SUB_JOB_SIZE_KB = 512;
    /** The fixed sub-job size of kernels before 5.3, which had no parameter ({@code SUB_JOB_SIZE}, 128 sectors). */
    public static final int FIXED_SUB_JOB_SIZE_KB = 64;

    /** Every switch, in display order. */
    static final List<Class<? extends Enum<?>>> SWITCHES = List.of(
        Locking.class, Tables.class, CompleteOrder.class, CommitOrder.class, Throttle.class, FullChunkWrite.class,
        HashSizing.class, CopyErrorCommit.class, RecheckComplete.class, ReadTracking.class, PeFree.class,
        SplitBoundary.class, HandoverQuiesce.class);

    /** Today's value of every switch, in {@link #SWITCHES} order. */
    static final Enum<?>[] DEFAULTS = {
        Locking.FINE, Tables.OFFHEAP_BL, CompleteOrder.INSERT_WAIT_REMOVE, CommitOrder.IN_ORDER_TREE,
        Throttle.IN_PROGRESS, FullChunkWrite.SKIP_ORIGIN_READ, HashSizing.COW_ONLY, CopyErrorCommit.COMMIT_INVALID,
        RecheckComplete.RECHECK, ReadTracking.ON, PeFree.LAST, SplitBoundary.AT_RESUME,
        HandoverQuiesce.SUSPEND_ORIGIN};

    /** Switch names as the command line spells them, in display order. */
    public static final List<String> SWITCH_NAMES = SWITCHES.stream().map(EngineConfig::nameOf)
        .collect(Collectors.toUnmodifiableList());

    private static final ModuleParameter[] PARAMETERS = ModuleParameter.values();

    private final String origin;
    private final Enum<?>[] values;
    /** Initial module parameter values, indexed by {@link ModuleParameter#ordinal()}. */
    private final int[] parameters;

    private EngineConfig(final String origin, final Enum<?>[] values, final int[] parameters)
    {
        this.origin = origin;
        this.values = values;
        this.parameters = parameters;
    }

    private static int[] defaultParameters()
    {
        final int[] p = new int[PARAMETERS.length];
        for (final ModuleParameter m : PARAMETERS)
        {
            p[m.ordinal()] = m.defaultValue();
        }
        return p;
    }

    /** Today's values with the given switches replaced (for presets). */
    static EngineConfig of(final String origin, final Enum<?>... overrides)
    {
        final Enum<?>[] v = DEFAULTS.clone();
        for (final Enum<?> o : overrides)
        {
            v[SWITCHES.indexOf(o.getDeclaringClass())] = o;
        }
        return new EngineConfig(origin, v, defaultParameters());
    }

    /** The configuration of today's kernel (preset {@code current}). */
    public static EngineConfig current()
    {
        return Preset.CURRENT.config();
    }

    /** A preset by name, then {@code switch=value} overrides; throws with a clear message on any bad name. */
    public static EngineConfig of(final String presetName, final List<String> overrides)
    {
        EngineConfig config = Preset.byName(presetName).config();
        for (final String kv : overrides)
        {
            final int eq = kv.indexOf('=');
            if (eq <= 0)
            {
                throw new IllegalArgumentException("override '" + kv + "' is not of the form switch=value");
            }
            config = config.with(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        return config.validate();
    }

    private static String nameOf(final Class<?> type)
    {
        final String n = type.getSimpleName();
        return Character.toLowerCase(n.charAt(0)) + n.substring(1);
    }

    /**
     * This configuration with one switch or module parameter changed. Names and values are
     * matched case-insensitively (a parameter also by its kernel name, e.g.
     * {@code snapshot_cow_threshold}); an unknown name or a bad value throws, naming the valid ones.
     */
    public EngineConfig with(final String name, final String value)
    {
        final String key = name.trim();
        for (final ModuleParameter p : PARAMETERS)
        {
            if (p.matches(key))
            {
                final int[] params = parameters.clone();
                params[p.ordinal()] = p.parse(value);
                return new EngineConfig(origin + " + " + name + "=" + value, values, params);
            }
        }
        for (int i = 0; i < SWITCHES.size(); i++)
        {
            if (SWITCH_NAMES.get(i).equalsIgnoreCase(key))
            {
                final Enum<?>[] v = values.clone();
                v[i] = parse(SWITCHES.get(i), SWITCH_NAMES.get(i), value);
                return new EngineConfig(origin + " + " + name + "=" + value, v, parameters);
            }
        }
        throw new IllegalArgumentException("unknown switch '" + name + "'; valid switches: "
            + String.join(", ", SWITCH_NAMES) + "; valid parameters: " + ModuleParameter.names());
    }

    /** This configuration with one switch set to {@code value}. */
    public EngineConfig with(final Enum<?> value)
    {
        final Enum<?>[] v = values.clone();
        v[SWITCHES.indexOf(value.getDeclaringClass())] = value;
        return new EngineConfig(origin + " + " + nameOf(value.getDeclaringClass()) + "=" + value.name(), v,
            parameters);
    }

    /**
     * This configuration with one module parameter's initial value changed.
     *
     * @throws IllegalArgumentException when {@code value} is out of the parameter's range
     */
    public EngineConfig with(final ModuleParameter parameter, final long value)
    {
        final int[] params = parameters.clone();
        params[parameter.ordinal()] = parameter.check(value);
        return new EngineConfig(origin, values, params);
    }

    /** {@code snapshot_cow_threshold}; 0..{@link Integer#MAX_VALUE}. */
    public EngineConfig withCowThreshold(final int threshold)
    {
        return with(ModuleParameter.COW_THRESHOLD, threshold);
    }

    /** {@code snapshot_copy_throttle}; a percentage, 100 = off. */
    public EngineConfig withCopyThrottle(final int percent)
    {
        return with(ModuleParameter.COPY_THROTTLE, percent);
    }

    /** {@code kcopyd_subjob_size_kb}; 1..1024, or 0 for the default 512. */
    public EngineConfig withSubJobSizeKb(final int kb)
    {
        return with(ModuleParameter.SUB_JOB_SIZE_KB, kb);
    }

    /** Refuse combinations that never existed; returns this for chaining. */
    public EngineConfig validate()
    {
        if (locking() == Locking.FINE && completeOrder() == CompleteOrder.WAIT_THEN_INSERT)
        {
            throw new IllegalArgumentException("invalid combination: locking=FINE requires completeOrder="
                + "INSERT_WAIT_REMOVE (3f1637f2 is built on 65fc7c37); got completeOrder=WAIT_THEN_INSERT");
        }
        return this;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Enum<?> parse(final Class<? extends Enum<?>> type, final String name, final String value)
    {
        for (final Enum<?> e : type.getEnumConstants())
        {
            if (e.name().equalsIgnoreCase(value.trim()))
            {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown value '" + value + "' for switch " + name + "; valid values: "
            + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
    }

    /** Switch name to value, in display order, then each module parameter ({@code cowThreshold}, ...). */
    public Map<String, String> values()
    {
        final Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < SWITCHES.size(); i++)
        {
            m.put(SWITCH_NAMES.get(i), values[i].name());
        }
        for (final ModuleParameter p : PARAMETERS)
        {
            m.put(p.key(), Integer.toString(parameters[p.ordinal()]));
        }
        return m;
    }

    /** Where this configuration came from: a preset name and the overrides applied to it. */
    public String origin()
    {
        return origin;
    }

    private <E extends Enum<E>> E get(final Class<E> type)
    {
        return type.cast(values[SWITCHES.indexOf(type)]);
    }

    public Locking locking()
    {
        return (Locking) values[0];
    }

    public Tables tables()
    {
        return (Tables) values[1];
    }

    public CompleteOrder completeOrder()
    {
        return (CompleteOrder) values[2];
    }

    public CommitOrder commitOrder()
    {
        return (CommitOrder) values[3];
    }

    public Throttle throttle()
    {
        return (Throttle) values[4];
    }

    public FullChunkWrite fullChunkWrite()
    {
        return (FullChunkWrite) values[5];
    }

    public HashSizing hashSizing()
    {
        return (HashSizing) values[6];
    }

    public CopyErrorCommit copyErrorCommit()
    {
        return (CopyErrorCommit) values[7];
    }

    public RecheckComplete recheckComplete()
    {
        return get(RecheckComplete.class);
    }

    public ReadTracking readTracking()
    {
        return get(ReadTracking.class);
    }

    public PeFree peFree()
    {
        return get(PeFree.class);
    }

    public SplitBoundary splitBoundary()
    {
        return get(SplitBoundary.class);
    }

    public HandoverQuiesce handoverQuiesce()
    {
        return get(HandoverQuiesce.class);
    }

    /** The initial value of a module parameter. */
    public int parameter(final ModuleParameter parameter)
    {
        return parameters[parameter.ordinal()];
    }

    /** Initial {@code snapshot_cow_threshold}. */
    public int cowThreshold()
    {
        return parameter(ModuleParameter.COW_THRESHOLD);
    }

    /** Initial {@code snapshot_copy_throttle} (percent; 100 = off). */
    public int copyThrottle()
    {
        return parameter(ModuleParameter.COPY_THROTTLE);
    }

    /** Initial {@code kcopyd_subjob_size_kb}. */
    public int subJobSizeKb()
    {
        return parameter(ModuleParameter.SUB_JOB_SIZE_KB);
    }

    /**
     * Largest complete-table size: 2 MiB of bucket heads. One-pointer heads (hlist_bl, 8 bytes)
     * give 262,144 buckets; two-pointer list heads (16 bytes, before f79ae415) give 131,072.
     */
    public int maxBuckets()
    {
        return tables() == Tables.OFFHEAP_BL ? 262_144 : 131_072;
    }

    @Override
    public String toString()
    {
        final List<String> parts = new ArrayList<>();
        values().forEach((k, v) -> parts.add(k + "=" + v));
        return origin + " {" + String.join(", ", parts) + "}";
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof EngineConfig && values().equals(((EngineConfig) o).values());
    }

    @Override
    public int hashCode()
    {
        return values().hashCode();
    }

    static String lowerName(final Class<?> type)
    {
        return nameOf(type).toLowerCase(Locale.ROOT);
    }
}
