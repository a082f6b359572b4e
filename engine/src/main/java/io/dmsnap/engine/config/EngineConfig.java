package io.dmsnap.engine.config;

import io.dmsnap.engine.config.Switches.CommitOrder;
import io.dmsnap.engine.config.Switches.CompleteOrder;
import io.dmsnap.engine.config.Switches.CopyCompletion;
import io.dmsnap.engine.config.Switches.CopyErrorCommit;
import io.dmsnap.engine.config.Switches.FullChunkWrite;
import io.dmsnap.engine.config.Switches.HandoverMergeStop;
import io.dmsnap.engine.config.Switches.HandoverQuiesce;
import io.dmsnap.engine.config.Switches.MergeFlush;
import io.dmsnap.engine.config.Switches.MergeProtect;
import io.dmsnap.engine.config.Switches.MergeRuns;
import io.dmsnap.engine.config.Switches.MergeWriteGuard;
import io.dmsnap.engine.config.Switches.HashSizing;
import io.dmsnap.engine.config.Switches.Locking;
import io.dmsnap.engine.config.Switches.PeFree;
import io.dmsnap.engine.config.Switches.ReadTracking;
import io.dmsnap.engine.config.Switches.OriginRecheck;
import io.dmsnap.engine.config.Switches.PassdownTracking;
import io.dmsnap.engine.config.Switches.RecheckComplete;
import io.dmsnap.engine.config.Switches.SplitBoundary;
import io.dmsnap.engine.config.Switches.Tables;
import io.dmsnap.engine.config.Switches.Throttle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An immutable set of switch values plus the initial values of the module parameters
 * ({@link ModuleParameter}: {@code snapshot_cow_threshold}, {@code snapshot_copy_throttle},
 * {@code kcopyd_subjob_size_kb}). Each switch and each parameter is a typed final field. Build one
 * from a {@link Preset} (each preset is a {@link Builder} filled in for one kernel version) and
 * override single switches or parameters with {@link #with(String, String)} (the command line's
 * {@code --set}), {@link #with(Enum)} or {@link #toBuilder()}; {@link #validate()} refuses
 * combinations the kernel never had. A running engine copies the parameters once, into its live
 * module parameters, which can then be changed while I/O runs; this object never changes.
 *
 * <p>Who reads it: the control path only. Each target turns the switches it needs into final
 * fields or strategy objects when it is built (a snapshot in its constructor, the origin in its
 * own), and the module parameters are copied once per device mapper, so the I/O path never reads
 * this object.
 *
 * <p><b>Where a new switch goes:</b> its enum in {@link Switches} (one value per behaviour, the
 * kernel commit in each value's comment), a field and accessor here, a setter and today's value in
 * {@link Builder}, and one line in {@code SWITCHES}, which gives it its command-line name (the
 * enum's simple name with a lower-case first letter: {@code CompleteOrder} is
 * {@code completeOrder}), its place in listings and its parsing. {@code EngineConfigTest} fails when
 * an enum of {@link Switches} is missing from that list. Then the target that uses it reads it in
 * its constructor; a preset sets it only if a kernel version it names differs from today.
 */
public final class EngineConfig
{
    /** The kernel's default {@code snapshot_cow_threshold} (721b1d98). */
    public static final int DEFAULT_COW_THRESHOLD = 2048;
    /** The fixed sub-job size of kernels before 5.3, which had no parameter ({@code SUB_JOB_SIZE}, 128 sectors). */
    public static final int FIXED_SUB_JOB_SIZE_KB = 64;

    /**
     * Every switch, in display order: its name, its type and how to read and set it. Each entry is
     * typed by its enum, so no entry can read or write another switch's field.
     */
    private static final List<Switch<?>> SWITCHES = List.of(
        new Switch<>(Locking.class, EngineConfig::locking, Builder::locking),
        new Switch<>(Tables.class, EngineConfig::tables, Builder::tables),
        new Switch<>(CompleteOrder.class, EngineConfig::completeOrder, Builder::completeOrder),
        new Switch<>(CommitOrder.class, EngineConfig::commitOrder, Builder::commitOrder),
        new Switch<>(Throttle.class, EngineConfig::throttle, Builder::throttle),
        new Switch<>(FullChunkWrite.class, EngineConfig::fullChunkWrite, Builder::fullChunkWrite),
        new Switch<>(HashSizing.class, EngineConfig::hashSizing, Builder::hashSizing),
        new Switch<>(CopyErrorCommit.class, EngineConfig::copyErrorCommit, Builder::copyErrorCommit),
        new Switch<>(RecheckComplete.class, EngineConfig::recheckComplete, Builder::recheckComplete),
        new Switch<>(OriginRecheck.class, EngineConfig::originRecheck, Builder::originRecheck),
        new Switch<>(ReadTracking.class, EngineConfig::readTracking, Builder::readTracking),
        new Switch<>(PassdownTracking.class, EngineConfig::passdownTracking, Builder::passdownTracking),
        new Switch<>(PeFree.class, EngineConfig::peFree, Builder::peFree),
        new Switch<>(SplitBoundary.class, EngineConfig::splitBoundary, Builder::splitBoundary),
        new Switch<>(HandoverQuiesce.class, EngineConfig::handoverQuiesce, Builder::handoverQuiesce),
        new Switch<>(MergeFlush.class, EngineConfig::mergeFlush, Builder::mergeFlush),
        new Switch<>(MergeProtect.class, EngineConfig::mergeProtect, Builder::mergeProtect),
        new Switch<>(MergeRuns.class, EngineConfig::mergeRuns, Builder::mergeRuns),
        new Switch<>(MergeWriteGuard.class, EngineConfig::mergeWriteGuard, Builder::mergeWriteGuard),
        new Switch<>(HandoverMergeStop.class, EngineConfig::handoverMergeStop, Builder::handoverMergeStop),
        new Switch<>(CopyCompletion.class, EngineConfig::copyCompletion, Builder::copyCompletion));

    /** Switch names as the command line spells them, in display order. */
    public static final List<String> SWITCH_NAMES = SWITCHES.stream().map(s -> s.name)
        .collect(Collectors.toUnmodifiableList());

    private static final ModuleParameter[] PARAMETERS = ModuleParameter.values();

    /** Where this configuration came from: a preset name and the overrides applied to it. */
    private final String origin;

    private final Locking locking;
    private final Tables tables;
    private final CompleteOrder completeOrder;
    private final CommitOrder commitOrder;
    private final Throttle throttle;
    private final FullChunkWrite fullChunkWrite;
    private final HashSizing hashSizing;
    private final CopyErrorCommit copyErrorCommit;
    private final RecheckComplete recheckComplete;
    private final OriginRecheck originRecheck;
    private final ReadTracking readTracking;
    private final PassdownTracking passdownTracking;
    private final PeFree peFree;
    private final SplitBoundary splitBoundary;
    private final HandoverQuiesce handoverQuiesce;
    private final MergeFlush mergeFlush;
    private final MergeProtect mergeProtect;
    private final MergeRuns mergeRuns;
    private final MergeWriteGuard mergeWriteGuard;
    private final HandoverMergeStop handoverMergeStop;
    private final CopyCompletion copyCompletion;
    private final int cowThreshold;
    private final int copyThrottle;
    private final int subJobSizeKb;

    private EngineConfig(final Builder b)
    {
        this.origin = b.origin;
        this.locking = b.locking;
        this.tables = b.tables;
        this.completeOrder = b.completeOrder;
        this.commitOrder = b.commitOrder;
        this.throttle = b.throttle;
        this.fullChunkWrite = b.fullChunkWrite;
        this.hashSizing = b.hashSizing;
        this.copyErrorCommit = b.copyErrorCommit;
        this.recheckComplete = b.recheckComplete;
        this.originRecheck = b.originRecheck;
        this.readTracking = b.readTracking;
        this.passdownTracking = b.passdownTracking;
        this.peFree = b.peFree;
        this.splitBoundary = b.splitBoundary;
        this.handoverQuiesce = b.handoverQuiesce;
        this.mergeFlush = b.mergeFlush;
        this.mergeProtect = b.mergeProtect;
        this.mergeRuns = b.mergeRuns;
        this.mergeWriteGuard = b.mergeWriteGuard;
        this.handoverMergeStop = b.handoverMergeStop;
        this.copyCompletion = b.copyCompletion;
        this.cowThreshold = b.cowThreshold;
        this.copyThrottle = b.copyThrottle;
        this.subJobSizeKb = b.subJobSizeKb;
    }

    /** A builder holding today's kernel for every switch and the kernel's default for every parameter. */
    public static Builder builder(final String origin)
    {
        return new Builder(origin);
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder()
    {
        return new Builder(this);
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
     * This configuration with one switch or module parameter changed. Names and values are
     * matched case-insensitively (a parameter also by its kernel name, e.g.
     * {@code snapshot_cow_threshold}); an unknown name or a bad value throws, naming the valid ones.
     */
    public EngineConfig with(final String name, final String value)
    {
        final String key = name.trim();
        final String changed = origin + " + " + name + "=" + value;
        for (final ModuleParameter p : PARAMETERS)
        {
            if (p.matches(key))
            {
                return toBuilder().origin(changed).parameter(p, p.parse(value)).build();
            }
        }
        for (final Switch<?> s : SWITCHES)
        {
            if (s.name.equalsIgnoreCase(key))
            {
                final Builder b = toBuilder().origin(changed);
                s.parseInto(b, value);
                return b.build();
            }
        }
        throw new IllegalArgumentException("unknown switch '" + name + "'; valid switches: "
            + String.join(", ", SWITCH_NAMES) + "; valid parameters: " + ModuleParameter.names());
    }

    /** This configuration with one switch set to {@code value}. */
    public EngineConfig with(final Enum<?> value)
    {
        final Switch<?> s = switchOf(value.getDeclaringClass());
        final Builder b = toBuilder().origin(origin + " + " + s.name + "=" + value.name());
        s.setInto(b, value);
        return b.build();
    }

    private static Switch<?> switchOf(final Class<?> type)
    {
        for (final Switch<?> s : SWITCHES)
        {
            if (s.type == type)
            {
                return s;
            }
        }
        throw new IllegalArgumentException(type.getSimpleName() + " is not a switch; valid switches: "
            + String.join(", ", SWITCH_NAMES));
    }

    /**
     * This configuration with one module parameter's initial value changed.
     *
     * @throws IllegalArgumentException when {@code value} is out of the parameter's range
     */
    public EngineConfig with(final ModuleParameter parameter, final long value)
    {
        return toBuilder().parameter(parameter, value).build();
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
        if (locking == Locking.FINE && completeOrder == CompleteOrder.WAIT_THEN_INSERT)
        {
            throw new IllegalArgumentException("invalid combination: locking=FINE requires completeOrder="
                + "INSERT_WAIT_REMOVE (3f1637f2 is built on 65fc7c37); got completeOrder=WAIT_THEN_INSERT");
        }
        return this;
    }

    /** Switch name to value, in display order, then each module parameter ({@code cowThreshold}, ...). */
    public Map<String, String> values()
    {
        final Map<String, String> m = new LinkedHashMap<>();
        for (final Switch<?> s : SWITCHES)
        {
            m.put(s.name, s.valueName(this));
        }
        m.put(ModuleParameter.COW_THRESHOLD.key(), Integer.toString(cowThreshold));
        m.put(ModuleParameter.COPY_THROTTLE.key(), Integer.toString(copyThrottle));
        m.put(ModuleParameter.SUB_JOB_SIZE_KB.key(), Integer.toString(subJobSizeKb));
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

    public RecheckComplete recheckComplete()
    {
        return recheckComplete;
    }

    public OriginRecheck originRecheck()
    {
        return originRecheck;
    }

    public ReadTracking readTracking()
    {
        return readTracking;
    }

    public PassdownTracking passdownTracking()
    {
        return passdownTracking;
    }

    public PeFree peFree()
    {
        return peFree;
    }

    public SplitBoundary splitBoundary()
    {
        return splitBoundary;
    }

    public HandoverQuiesce handoverQuiesce()
    {
        return handoverQuiesce;
    }

    public MergeFlush mergeFlush()
    {
        return mergeFlush;
    }

    public MergeProtect mergeProtect()
    {
        return mergeProtect;
    }

    public MergeRuns mergeRuns()
    {
        return mergeRuns;
    }

    public MergeWriteGuard mergeWriteGuard()
    {
        return mergeWriteGuard;
    }

    public HandoverMergeStop handoverMergeStop()
    {
        return handoverMergeStop;
    }

    public CopyCompletion copyCompletion()
    {
        return copyCompletion;
    }

    /** Initial {@code snapshot_cow_threshold}. */
    public int cowThreshold()
    {
        return cowThreshold;
    }

    /** Initial {@code snapshot_copy_throttle} (percent; 100 = off). */
    public int copyThrottle()
    {
        return copyThrottle;
    }

    /** Initial {@code kcopyd_subjob_size_kb}. */
    public int subJobSizeKb()
    {
        return subJobSizeKb;
    }

    /**
     * Largest complete-table size: 2 MiB of bucket heads. One-pointer heads (hlist_bl, 8 bytes)
     * give 262,144 buckets; two-pointer list heads (16 bytes, before f79ae415) give 131,072. The
     * open-addressing and cuckoo tables take the one-pointer size (their segments are fewer, see
     * their classes).
     */
    public int maxBuckets()
    {
        return tables == Tables.HEAP_LISTS ? 131_072 : 262_144;
    }

    @Override
    public String toString()
    {
        final List<String> parts = new ArrayList<>();
        values().forEach((k, v) -> parts.add(k + "=" + v));
        return origin + " {" + String.join(", ", parts) + "}";
    }

    /** Equal when every switch and parameter is; where a configuration came from does not count. */
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

    /**
     * A mutable set of values from which {@link #build()} makes an {@link EngineConfig}; starts
     * at today's kernel. Not thread-safe; presets and overrides use one each.
     */
    public static final class Builder
    {
        private String origin;

        private Locking locking = Locking.FINE;
        private Tables tables = Tables.OFFHEAP_BL;
        private CompleteOrder completeOrder = CompleteOrder.INSERT_WAIT_REMOVE;
        private CommitOrder commitOrder = CommitOrder.IN_ORDER_TREE;
        private Throttle throttle = Throttle.IN_PROGRESS;
        private FullChunkWrite fullChunkWrite = FullChunkWrite.SKIP_ORIGIN_READ;
        private HashSizing hashSizing = HashSizing.COW_ONLY;
        private CopyErrorCommit copyErrorCommit = CopyErrorCommit.COMMIT_INVALID;
        private RecheckComplete recheckComplete = RecheckComplete.RECHECK;
        private OriginRecheck originRecheck = OriginRecheck.PENDING_FIRST;
        private ReadTracking readTracking = ReadTracking.ON;
        private PassdownTracking passdownTracking = PassdownTracking.ON;
        private PeFree peFree = PeFree.LAST;
        private SplitBoundary splitBoundary = SplitBoundary.AT_RESUME;
        private HandoverQuiesce handoverQuiesce = HandoverQuiesce.SUSPEND_ORIGIN;
        private MergeFlush mergeFlush = MergeFlush.FLUSH_ORIGIN;
        private MergeProtect mergeProtect = MergeProtect.TRIGGER_COW;
        private MergeRuns mergeRuns = MergeRuns.RUNS;
        private MergeWriteGuard mergeWriteGuard = MergeWriteGuard.QUEUE_AND_TRACK;
        private HandoverMergeStop handoverMergeStop = HandoverMergeStop.STOP_RESTART;
        private CopyCompletion copyCompletion = CopyCompletion.COPIER_THREAD;
        private int cowThreshold = ModuleParameter.COW_THRESHOLD.defaultValue();
        private int copyThrottle = ModuleParameter.COPY_THROTTLE.defaultValue();
        private int subJobSizeKb = ModuleParameter.SUB_JOB_SIZE_KB.defaultValue();

        private Builder(final String origin)
        {
            this.origin = Objects.requireNonNull(origin, "origin");
        }

        private Builder(final EngineConfig c)
        {
            this.origin = c.origin;
            this.locking = c.locking;
            this.tables = c.tables;
            this.completeOrder = c.completeOrder;
            this.commitOrder = c.commitOrder;
            this.throttle = c.throttle;
            this.fullChunkWrite = c.fullChunkWrite;
            this.hashSizing = c.hashSizing;
            this.copyErrorCommit = c.copyErrorCommit;
            this.recheckComplete = c.recheckComplete;
            this.originRecheck = c.originRecheck;
            this.readTracking = c.readTracking;
            this.passdownTracking = c.passdownTracking;
            this.peFree = c.peFree;
            this.splitBoundary = c.splitBoundary;
            this.handoverQuiesce = c.handoverQuiesce;
            this.mergeFlush = c.mergeFlush;
            this.mergeProtect = c.mergeProtect;
            this.mergeRuns = c.mergeRuns;
            this.mergeWriteGuard = c.mergeWriteGuard;
            this.handoverMergeStop = c.handoverMergeStop;
            this.copyCompletion = c.copyCompletion;
            this.cowThreshold = c.cowThreshold;
            this.copyThrottle = c.copyThrottle;
            this.subJobSizeKb = c.subJobSizeKb;
        }

        /** Where the configuration comes from, as {@link EngineConfig#origin()} reports it. */
        public Builder origin(final String origin)
        {
            this.origin = Objects.requireNonNull(origin, "origin");
            return this;
        }

        public Builder locking(final Locking value)
        {
            this.locking = Objects.requireNonNull(value, "locking");
            return this;
        }

        public Builder tables(final Tables value)
        {
            this.tables = Objects.requireNonNull(value, "tables");
            return this;
        }

        public Builder completeOrder(final CompleteOrder value)
        {
            this.completeOrder = Objects.requireNonNull(value, "completeOrder");
            return this;
        }

        public Builder commitOrder(final CommitOrder value)
        {
            this.commitOrder = Objects.requireNonNull(value, "commitOrder");
            return this;
        }

        public Builder throttle(final Throttle value)
        {
            this.throttle = Objects.requireNonNull(value, "throttle");
            return this;
        }

        public Builder fullChunkWrite(final FullChunkWrite value)
        {
            this.fullChunkWrite = Objects.requireNonNull(value, "fullChunkWrite");
            return this;
        }

        public Builder hashSizing(final HashSizing value)
        {
            this.hashSizing = Objects.requireNonNull(value, "hashSizing");
            return this;
        }

        public Builder copyErrorCommit(final CopyErrorCommit value)
        {
            this.copyErrorCommit = Objects.requireNonNull(value, "copyErrorCommit");
            return this;
        }

        public Builder recheckComplete(final RecheckComplete value)
        {
            this.recheckComplete = Objects.requireNonNull(value, "recheckComplete");
            return this;
        }

        public Builder originRecheck(final OriginRecheck value)
        {
            this.originRecheck = Objects.requireNonNull(value, "originRecheck");
            return this;
        }

        public Builder passdownTracking(final PassdownTracking value)
        {
            this.passdownTracking = Objects.requireNonNull(value, "passdownTracking");
            return this;
        }

        public Builder readTracking(final ReadTracking value)
        {
            this.readTracking = Objects.requireNonNull(value, "readTracking");
            return this;
        }

        public Builder peFree(final PeFree value)
        {
            this.peFree = Objects.requireNonNull(value, "peFree");
            return this;
        }

        public Builder splitBoundary(final SplitBoundary value)
        {
            this.splitBoundary = Objects.requireNonNull(value, "splitBoundary");
            return this;
        }

        public Builder handoverQuiesce(final HandoverQuiesce value)
        {
            this.handoverQuiesce = Objects.requireNonNull(value, "handoverQuiesce");
            return this;
        }

        public Builder mergeFlush(final MergeFlush value)
        {
            this.mergeFlush = Objects.requireNonNull(value, "mergeFlush");
            return this;
        }

        public Builder mergeProtect(final MergeProtect value)
        {
            this.mergeProtect = Objects.requireNonNull(value, "mergeProtect");
            return this;
        }

        public Builder mergeRuns(final MergeRuns value)
        {
            this.mergeRuns = Objects.requireNonNull(value, "mergeRuns");
            return this;
        }

        public Builder mergeWriteGuard(final MergeWriteGuard value)
        {
            this.mergeWriteGuard = Objects.requireNonNull(value, "mergeWriteGuard");
            return this;
        }

        public Builder handoverMergeStop(final HandoverMergeStop value)
        {
            this.handoverMergeStop = Objects.requireNonNull(value, "handoverMergeStop");
            return this;
        }

        public Builder copyCompletion(final CopyCompletion value)
        {
            this.copyCompletion = Objects.requireNonNull(value, "copyCompletion");
            return this;
        }

        /**
         * A module parameter's initial value, checked by {@link ModuleParameter#check}.
         *
         * @throws IllegalArgumentException when {@code value} is out of the parameter's range
         */
        public Builder parameter(final ModuleParameter parameter, final long value)
        {
            final int checked = parameter.check(value);
            switch (parameter)
            {
                case COW_THRESHOLD:
                    cowThreshold = checked;
                    break;
                case COPY_THROTTLE:
                    copyThrottle = checked;
                    break;
                case SUB_JOB_SIZE_KB:
                    subJobSizeKb = checked;
                    break;
                default:
                    throw new IllegalStateException("no field for " + parameter);
            }
            return this;
        }

        /** {@code kcopyd_subjob_size_kb}; 1..1024, or 0 for the default 512. */
        public Builder subJobSizeKb(final int kb)
        {
            return parameter(ModuleParameter.SUB_JOB_SIZE_KB, kb);
        }

        /** The configuration; not validated (see {@link EngineConfig#validate()}). */
        public EngineConfig build()
        {
            return new EngineConfig(this);
        }
    }

    /** One switch: its command-line name, its enum, and its accessor and builder setter. */
    private static final class Switch<E extends Enum<E>>
    {
        final String name;
        final Class<E> type;
        private final Function<EngineConfig, E> get;
        private final BiConsumer<Builder, E> set;

        Switch(final Class<E> type, final Function<EngineConfig, E> get, final BiConsumer<Builder, E> set)
        {
            final String simple = type.getSimpleName();
            this.name = Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
            this.type = type;
            this.get = get;
            this.set = set;
        }

        String valueName(final EngineConfig c)
        {
            return get.apply(c).name();
        }

        void setInto(final Builder b, final Enum<?> value)
        {
            set.accept(b, type.cast(value));
        }

        void parseInto(final Builder b, final String value)
        {
            for (final E e : type.getEnumConstants())
            {
                if (e.name().equalsIgnoreCase(value.trim()))
                {
                    set.accept(b, e);
                    return;
                }
            }
            throw new IllegalArgumentException("unknown value '" + value + "' for switch " + name + "; valid values: "
                + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }
}
