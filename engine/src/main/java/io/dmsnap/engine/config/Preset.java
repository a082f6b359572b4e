package io.dmsnap.engine.config;

import io.dmsnap.engine.config.Switches.CommitOrder;
import io.dmsnap.engine.config.Switches.CompleteOrder;
import io.dmsnap.engine.config.Switches.CopyErrorCommit;
import io.dmsnap.engine.config.Switches.Locking;
import io.dmsnap.engine.config.Switches.PeFree;
import io.dmsnap.engine.config.Switches.Tables;
import io.dmsnap.engine.config.Switches.Throttle;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Named points of the kernel's history. Each preset sets every switch to what the kernel of that
 * version did; the commits a preset stands for are listed with it. The module parameters start at
 * the kernel's defaults, except the copier's sub-job size: kernels before 5.3 split copier jobs
 * into fixed 64 KiB pieces ({@code SUB_JOB_SIZE}, 128 sectors), so the presets of those versions
 * set {@code subJobSizeKb=64}; {@code kcopyd_subjob_size_kb} (default 512) came with 5.3.
 */
public enum Preset
{
    /**
     * Linux 3.12: one lock per snapshot, commits in completion order (before 230c83af, 3.13), no
     * COW limit, copy errors skip the commit (before 385277bf, 4.5), the pending exception freed
     * before its bios are released (before 22aa66a3, 4.0). Has a6e50b40 (3.2), 60e356f3 (3.12),
     * 35bf659b and cd45daff (2.6.30 era).
     */
    V3_12("v3.12", "before 230c83af: commits follow copy completion order (space leak on crash)",
        EngineConfig.FIXED_SUB_JOB_SIZE_KB,
        Locking.GLOBAL, Tables.HEAP_LISTS, CompleteOrder.WAIT_THEN_INSERT, CommitOrder.AS_COMPLETED, Throttle.NONE,
        CopyErrorCommit.SKIP_COMMIT, PeFree.EARLY),
    /** Linux 4.18: in-order commit with the sorted list (230c83af), 385277bf; before 3db2776d and 721b1d98 (4.19, 4.20). */
    V4_18("v4.18", "before 3db2776d (rbtree) and 721b1d98 (COW throttle)",
        EngineConfig.FIXED_SUB_JOB_SIZE_KB,
        Locking.GLOBAL, Tables.HEAP_LISTS, CompleteOrder.WAIT_THEN_INSERT, CommitOrder.IN_ORDER_LIST, Throttle.NONE,
        CopyErrorCommit.COMMIT_INVALID),
    /** Linux 5.0: rbtree (3db2776d), semaphore throttle (721b1d98), still one lock: the "before" of 3f1637f2. */
    V5_0("v5.0", "the 'before' column of the 3f1637f2 fio tables (single snapshot lock)",
        EngineConfig.FIXED_SUB_JOB_SIZE_KB,
        Locking.GLOBAL, Tables.HEAP_LISTS, CompleteOrder.WAIT_THEN_INSERT, CommitOrder.IN_ORDER_TREE,
        Throttle.SEMAPHORE, CopyErrorCommit.COMMIT_INVALID),
    /** Linux 5.2: fine-grained locking (65fc7c37, f79ae415, 4ad8d880, 3f1637f2), still the semaphore (before b2155578, 5.4). */
    V5_2("v5.2", "the 'after' column of the 3f1637f2 fio tables (semaphore throttle, deadlock-prone)",
        EngineConfig.FIXED_SUB_JOB_SIZE_KB,
        Locking.FINE, Tables.OFFHEAP_BL, CompleteOrder.INSERT_WAIT_REMOVE, CommitOrder.IN_ORDER_TREE,
        Throttle.SEMAPHORE, CopyErrorCommit.COMMIT_INVALID),
    /** Today's kernel: everything above plus the in-progress COW throttle (b2155578). The default. */
    CURRENT("current", "today's kernel design (b2155578 in-progress throttle); the default",
        EngineConfig.DEFAULT_SUB_JOB_SIZE_KB,
        Locking.FINE, Tables.OFFHEAP_BL, CompleteOrder.INSERT_WAIT_REMOVE, CommitOrder.IN_ORDER_TREE,
        Throttle.IN_PROGRESS, CopyErrorCommit.COMMIT_INVALID);

    private final String displayName;
    private final String meaning;
    private final EngineConfig config;

    /**
     * A preset: today's value for every switch not listed (a6e50b40, 60e356f3, 35bf659b, cd45daff,
     * 22aa66a3 unless named), the kernel's default for every module parameter but the sub-job size.
     */
    Preset(final String displayName, final String meaning, final int subJobSizeKb, final Enum<?>... values)
    {
        this.displayName = displayName;
        this.meaning = meaning;
        this.config = EngineConfig.of(displayName, values).withSubJobSizeKb(subJobSizeKb).validate();
    }

    public String displayName()
    {
        return displayName;
    }

    public String meaning()
    {
        return meaning;
    }

    public EngineConfig config()
    {
        return config;
    }

    /** Look a preset up by its display name ({@code v5.0}, {@code current}); throws listing the valid names. */
    public static Preset byName(final String name)
    {
        for (final Preset p : values())
        {
            if (p.displayName.equalsIgnoreCase(name.trim()) || p.name().equalsIgnoreCase(name.trim()))
            {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + name + "'; valid presets: "
            + Arrays.stream(values()).map(Preset::displayName).collect(Collectors.joining(", ")));
    }
}
