package io.dmsnap.engine.config;

import io.dmsnap.engine.config.Switches.CommitOrder;
import io.dmsnap.engine.config.Switches.CompleteOrder;
import io.dmsnap.engine.config.Switches.CopyErrorCommit;
import io.dmsnap.engine.config.Switches.FullChunkWrite;
import io.dmsnap.engine.config.Switches.HashSizing;
import io.dmsnap.engine.config.Switches.Locking;
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
 * An immutable set of switch values plus the module parameters of dm-snapshot
 * ({@code snapshot_cow_threshold}). Build one from a {@link Preset} and override single switches
 * with {@link #with(String, String)}; {@link #validate()} refuses combinations the kernel never had.
 */
public final class EngineConfig
{
    /** The kernel's default {@code snapshot_cow_threshold} (721b1d98). */
    public static final int DEFAULT_COW_THRESHOLD = 2048;

    /** Switch names as the command line spells them, in display order. */
    public static final List<String> SWITCH_NAMES = List.of(
        "locking", "tables", "completeOrder", "commitOrder", "throttle", "fullChunkWrite", "hashSizing",
        "copyErrorCommit");

    private final String origin;
    private final Locking locking;
    private final Tables tables;
    private final CompleteOrder completeOrder;
    private final CommitOrder commitOrder;
    private final Throttle throttle;
    private final FullChunkWrite fullChunkWrite;
    private final HashSizing hashSizing;
    private final CopyErrorCommit copyErrorCommit;
    private final int cowThreshold;

    EngineConfig(final String origin, final Locking locking, final Tables tables, final CompleteOrder completeOrder,
                 final CommitOrder commitOrder, final Throttle throttle, final FullChunkWrite fullChunkWrite,
                 final HashSizing hashSizing, final CopyErrorCommit copyErrorCommit, final int cowThreshold)
    {
        this.origin = origin;
        this.locking = locking;
        this.tables = tables;
        this.completeOrder = completeOrder;
        this.commitOrder = commitOrder;
        this.throttle = throttle;
        this.fullChunkWrite = fullChunkWrite;
        this.hashSizing = hashSizing;
        this.copyErrorCommit = copyErrorCommit;
        this.cowThreshold = cowThreshold;
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

    /**
     * This configuration with one switch (or {@code cowThreshold}) changed. Names and values are
     * matched case-insensitively; an unknown name or value throws, listing the valid ones.
     */
    public EngineConfig with(final String name, final String value)
    {
        final String key = name.toLowerCase(Locale.ROOT);
        final String from = origin + " + " + name + "=" + value;
        switch (key)
        {
            case "locking":
                return new EngineConfig(from, parse(Locking.class, name, value), tables, completeOrder, commitOrder,
                    throttle, fullChunkWrite, hashSizing, copyErrorCommit, cowThreshold);
            case "tables":
                return new EngineConfig(from, locking, parse(Tables.class, name, value), completeOrder, commitOrder,
                    throttle, fullChunkWrite, hashSizing, copyErrorCommit, cowThreshold);
            case "completeorder":
                return new EngineConfig(from, locking, tables, parse(CompleteOrder.class, name, value), commitOrder,
                    throttle, fullChunkWrite, hashSizing, copyErrorCommit, cowThreshold);
            case "commitorder":
                return new EngineConfig(from, locking, tables, completeOrder, parse(CommitOrder.class, name, value),
                    throttle, fullChunkWrite, hashSizing, copyErrorCommit, cowThreshold);
            case "throttle":
                return new EngineConfig(from, locking, tables, completeOrder, commitOrder,
                    parse(Throttle.class, name, value), fullChunkWrite, hashSizing, copyErrorCommit, cowThreshold);
            case "fullchunkwrite":
                return new EngineConfig(from, locking, tables, completeOrder, commitOrder, throttle,
                    parse(FullChunkWrite.class, name, value), hashSizing, copyErrorCommit, cowThreshold);
            case "hashsizing":
                return new EngineConfig(from, locking, tables, completeOrder, commitOrder, throttle, fullChunkWrite,
                    parse(HashSizing.class, name, value), copyErrorCommit, cowThreshold);
            case "copyerrorcommit":
                return new EngineConfig(from, locking, tables, completeOrder, commitOrder, throttle, fullChunkWrite,
                    hashSizing, parse(CopyErrorCommit.class, name, value), cowThreshold);
            case "cowthreshold":
            case "cow_threshold":
            case "snapshot_cow_threshold":
                return withCowThreshold(parseThreshold(value));
            default:
                throw new IllegalArgumentException("unknown switch '" + name + "'; valid switches: "
                    + String.join(", ", SWITCH_NAMES) + ", cowThreshold");
        }
    }

    public EngineConfig withCowThreshold(final int threshold)
    {
        if (threshold < 0)
        {
            throw new IllegalArgumentException("cow_threshold must be >= 0, got " + threshold);
        }
        return new EngineConfig(origin, locking, tables, completeOrder, commitOrder, throttle, fullChunkWrite,
            hashSizing, copyErrorCommit, threshold);
    }

    /** Refuse combinations that never existed; returns this for chaining. */
    public EngineConfig validate()
    {
        if (locking == Locking.FINE && completeOrder == CompleteOrder.WAIT_THEN_INSERT)
        {
            throw new IllegalArgumentException("invalid combination: locking=FINE requires completeOrder="
                + "INSERT_WAIT_REMOVE (3f1637f2 is built on 65fc7c37); got completeOrder=WAIT_THEN_INSERT");
        }
        return this;
    }

    private static int parseThreshold(final String value)
    {
        try
        {
            return Integer.parseInt(value.trim());
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException("cowThreshold must be a non-negative integer, got '" + value + "'");
        }
    }

    static <E extends Enum<E>> E parse(final Class<E> type, final String name, final String value)
    {
        for (final E e : type.getEnumConstants())
        {
            if (e.name().equalsIgnoreCase(value.trim()))
            {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown value '" + value + "' for switch " + name + "; valid values: "
            + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
    }

    /** Switch name to value, in display order, plus cowThreshold. */
    public Map<String, String> values()
    {
        final Map<String, String> m = new LinkedHashMap<>();
        m.put("locking", locking.name());
        m.put("tables", tables.name());
        m.put("completeOrder", completeOrder.name());
        m.put("commitOrder", commitOrder.name());
        m.put("throttle", throttle.name());
        m.put("fullChunkWrite", fullChunkWrite.name());
        m.put("hashSizing", hashSizing.name());
        m.put("copyErrorCommit", copyErrorCommit.name());
        m.put("cowThreshold", Integer.toString(cowThreshold));
        return m;
    }

    /** Where this configuration came from: a preset name and the overrides applied to it. */
    public String origin()
    {
        return origin;
    }

    public Locking locking()
    {
        return locking;
    }

    public Tables tables()
    {
        return tables;
    }

    public CompleteOrder completeOrder()
    {
        return completeOrder;
    }

    public CommitOrder commitOrder()
    {
        return commitOrder;
    }

    public Throttle throttle()
    {
        return throttle;
    }

    public FullChunkWrite fullChunkWrite()
    {
        return fullChunkWrite;
    }

    public HashSizing hashSizing()
    {
        return hashSizing;
    }

    public CopyErrorCommit copyErrorCommit()
    {
        return copyErrorCommit;
    }

    public int cowThreshold()
    {
        return cowThreshold;
    }

    /**
     * Largest complete-table size: 2 MiB of bucket heads. One-pointer heads (hlist_bl, 8 bytes)
     * give 262,144 buckets; two-pointer list heads (16 bytes, before f79ae415) give 131,072.
     */
    public int maxBuckets()
    {
        return tables == Tables.OFFHEAP_BL ? 262_144 : 131_072;
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
}
