package io.dmsnap.engine.config;

import io.dmsnap.engine.config.Switches.CommitOrder;
import io.dmsnap.engine.config.Switches.CompleteOrder;
import io.dmsnap.engine.config.Switches.CopyCompletion;
import io.dmsnap.engine.config.Switches.CopyErrorCommit;
import io.dmsnap.engine.config.Switches.Locking;
import io.dmsnap.engine.config.Switches.MergeFlush;
import io.dmsnap.engine.config.Switches.PeFree;
import io.dmsnap.engine.config.Switches.Tables;
import io.dmsnap.engine.config.Switches.Throttle;

import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Named points of the kernel's history. Each preset sets every switch to what the kernel of that
 * version did; the commits a preset stands for are listed with it. The last one,
 * {@code experimental}, is no kernel: today's design with the engine's own ideas switched on. The module parameters start at
 * the kernel's defaults, except the copier's sub-job size: kernels before 5.3 split copier jobs
 * into fixed 64 KiB pieces ({@code SUB_JOB_SIZE}, 128 sectors), so the presets of those versions
 * set {@code subJobSizeKb=64}; {@code kcopyd_subjob_size_kb} (default 512) came with 5.3.
 */
public enum Preset
{
    /**
     * Linux 3.12: one lock per snapshot, commits in completion order (before 230c83af, 3.13), no
     * COW limit, copy errors skip the commit (before 385277bf, 4.5), the pending exception freed
     * before its bios are released (before 22aa66a3, 4.0). Every preset before current merges
     * without flushing the origin before the merge commit (fcc42338 came with 5.11). Has a6e50b40 (3.2), 60e356f3 (3.12),
     * 35bf659b and cd45daff (2.6.30 era).
     */
    V3_12("v3.12", "before 230c83af: commits follow copy completion order (space leak on crash)",
        b -> b.subJobSizeKb(EngineConfig.FIXED_SUB_JOB_SIZE_KB).locking(Locking.GLOBAL).tables(Tables.HEAP_LISTS)
            .completeOrder(CompleteOrder.WAIT_THEN_INSERT).commitOrder(CommitOrder.AS_COMPLETED).throttle(Throttle.NONE)
            .copyErrorCommit(CopyErrorCommit.SKIP_COMMIT).peFree(PeFree.EARLY).mergeFlush(MergeFlush.SKIP)),
    /** Linux 4.18: in-order commit with the sorted list (230c83af), 385277bf; before 3db2776d and 721b1d98 (4.19, 4.20). */
    V4_18("v4.18", "before 3db2776d (rbtree) and 721b1d98 (COW throttle)",
        b -> b.subJobSizeKb(EngineConfig.FIXED_SUB_JOB_SIZE_KB).locking(Locking.GLOBAL).tables(Tables.HEAP_LISTS)
            .completeOrder(CompleteOrder.WAIT_THEN_INSERT).commitOrder(CommitOrder.IN_ORDER_LIST).throttle(Throttle.NONE)
            .copyErrorCommit(CopyErrorCommit.COMMIT_INVALID).mergeFlush(MergeFlush.SKIP)),
    /** Linux 5.0: rbtree (3db2776d), semaphore throttle (721b1d98), still one lock: the "before" of 3f1637f2. */
    V5_0("v5.0", "the 'before' column of the 3f1637f2 fio tables (single snapshot lock)",
        b -> b.subJobSizeKb(EngineConfig.FIXED_SUB_JOB_SIZE_KB).locking(Locking.GLOBAL).tables(Tables.HEAP_LISTS)
            .completeOrder(CompleteOrder.WAIT_THEN_INSERT).commitOrder(CommitOrder.IN_ORDER_TREE)
            .throttle(Throttle.SEMAPHORE).copyErrorCommit(CopyErrorCommit.COMMIT_INVALID).mergeFlush(MergeFlush.SKIP)),
    /** Linux 5.2: fine-grained locking (65fc7c37, f79ae415, 4ad8d880, 3f1637f2), still the semaphore (before b2155578, 5.4). */
    V5_2("v5.2", "the 'after' column of the 3f1637f2 fio tables (semaphore throttle, deadlock-prone)",
        b -> b.subJobSizeKb(EngineConfig.FIXED_SUB_JOB_SIZE_KB).locking(Locking.FINE).tables(Tables.OFFHEAP_BL)
            .completeOrder(CompleteOrder.INSERT_WAIT_REMOVE).commitOrder(CommitOrder.IN_ORDER_TREE)
            .throttle(Throttle.SEMAPHORE).copyErrorCommit(CopyErrorCommit.COMMIT_INVALID).mergeFlush(MergeFlush.SKIP)),
    /** Today's kernel: everything above plus the in-progress COW throttle (b2155578). The default. */
    CURRENT("current", "today's kernel design (b2155578 in-progress throttle); the default",
        b -> b.locking(Locking.FINE).tables(Tables.OFFHEAP_BL).completeOrder(CompleteOrder.INSERT_WAIT_REMOVE)
            .commitOrder(CommitOrder.IN_ORDER_TREE).throttle(Throttle.IN_PROGRESS)
            .copyErrorCommit(CopyErrorCommit.COMMIT_INVALID)),
    /**
     * Not a kernel: today's kernel design ({@link #CURRENT}) plus the engine's own ideas that beat
     * it on the benchmarks and pass the whole stress suite, each one a switch value no kernel has:
     * commitOrder=IN_ORDER_RING (the reorder stage as a ring indexed by sequence number),
     * tables=OFFHEAP_CUCKOO (the complete table as cuckoo buckets laid out for the cache)
     * and copyCompletion=SUBMITTER_WHEN_IDLE (an idle copier's copy and completion run on the
     * submitting thread).
     * Reports current's target versions. Compare it with current to see what the ideas buy.
     */
    EXPERIMENTAL("experimental",
        "current plus the engine's own ideas (not a kernel): reorder ring, cuckoo complete table, run-to-completion copy",
        b -> b.commitOrder(CommitOrder.IN_ORDER_RING).tables(Tables.OFFHEAP_CUCKOO)
            .copyCompletion(CopyCompletion.SUBMITTER_WHEN_IDLE));

    private final String displayName;
    private final String meaning;
    private final EngineConfig config;

    /**
     * A preset: {@code settings} fill in a builder that starts at today's value for every switch
     * (a6e50b40, 60e356f3, 35bf659b, cd45daff, 22aa66a3 unless set) and the kernel's default for
     * every module parameter.
     */
    Preset(final String displayName, final String meaning, final UnaryOperator<EngineConfig.Builder> settings)
    {
        this.displayName = displayName;
        this.meaning = meaning;
        this.config = settings.apply(EngineConfig.builder(displayName)).build().validate();
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
