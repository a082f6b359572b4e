package io.dmsnap.bench.fio;

import io.dmsnap.engine.block.BlockDevice;

import java.util.List;

/**
 * The devices a fio run writes to, built for one run and closed after it: the raw data device, or
 * an origin with a snapshot on top. Jobs name their target with {@code filename}.
 */
public interface TargetStack
{
    /**
     * The device for a job's {@code filename}; null means the stack's default target.
     *
     * @throws IllegalArgumentException for a name the stack does not have
     */
    BlockDevice device(String filename);

    /** One line for the report header, e.g. "raw: memory raw 80GiB". */
    String describe();

    /**
     * The engine's counters after a run, one line (e.g. the snapshot's lock waits and peak copies
     * in flight), or null when the stack has no engine in it (the raw device). Call before close.
     */
    default String statistics()
    {
        return null;
    }

    /**
     * The timing model's counters of each device that has a device profile, one line each
     * ({@code "cow (hdd): requests=..."}); empty when every device costs nothing. Call before close.
     */
    default List<String> deviceStatistics()
    {
        return List.of();
    }

    /** Release every device of the stack. */
    void close();
}
