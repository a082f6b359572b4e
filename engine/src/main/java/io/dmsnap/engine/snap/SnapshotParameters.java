package io.dmsnap.engine.snap;

import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.ModuleParameter;
import io.dmsnap.engine.copy.CopierMemory;
import io.dmsnap.engine.copy.CopierMemoryStats;
import io.dmsnap.engine.copy.KcopydConfig;
import io.dmsnap.engine.copy.KcopydThrottle;
import io.dmsnap.engine.dm.DeviceMapper;

/**
 * The live module parameters of one {@link DeviceMapper}'s dm-snapshot, the kernel's
 * {@code /sys/module/dm_snapshot/parameters} (and the one dm_mod parameter its copier clients read),
 * with the module-wide copier figures. Created on first use with the initial values of
 * {@link DeviceMapper#config()}; from then on the setters change them while I/O runs.
 *
 * <ul>
 *   <li>{@code snapshot_cow_threshold} ({@link #cowThreshold()}): one {@link CowThreshold} shared by
 *       every snapshot; see there for which throttle reads it when, and the wake-up on a change.</li>
 *   <li>{@code snapshot_copy_throttle} ({@link #copyThrottle()}): one {@link KcopydThrottle} record
 *       given to every snapshot's copier client, so all snapshots are throttled as a group; read at
 *       every I/O job.</li>
 *   <li>{@code kcopyd_subjob_size_kb} ({@link #subJobSizeKb()}): a dm_mod parameter, read when a copier
 *       client is created, i.e. when a snapshot is constructed; existing clients keep theirs.</li>
 *   <li>the copier memory account ({@link #copierMemory()}): one {@link CopierMemory} for every
 *       snapshot's client, as the kernel's job slab is one for all of them.</li>
 * </ul>
 *
 * <p>Threads: every method may be called from any thread at any time; setters are meant for a
 * control thread. Values are volatile (or, for the throttle record and the threshold, held in
 * objects whose own fields are); nothing here takes a snapshot or origins lock, except
 * {@link #peakCopiesInFlight()} and {@link #resetPeaks()}, which read the snapshot list the way
 * watchdog dumps do (without {@code _origins_lock}).
 */
public final class SnapshotParameters
{
    private final Origins origins;
    private final CowThreshold cowThreshold;
    private final KcopydThrottle copyThrottle;
    private final CopierMemory copierMemory = new CopierMemory();
    /** {@code kcopyd_subjob_size_kb}, already validated (0 replaced by the default). */
    private volatile int subJobSizeKb;

    private SnapshotParameters(final DeviceMapper dm)
    {
        final EngineConfig config = dm.config();
        this.origins = Origins.of(dm);
        this.cowThreshold = new CowThreshold(config.cowThreshold());
        this.copyThrottle = new KcopydThrottle(config.copyThrottle(), KcopydThrottle.Timing.KERNEL,
            KcopydThrottle.Clock.SYSTEM);
        this.subJobSizeKb = ModuleParameter.SUB_JOB_SIZE_KB.check(config.subJobSizeKb());
    }

    /** The parameters of {@code dm}'s dm-snapshot, created on first use. */
    public static SnapshotParameters of(final DeviceMapper dm)
    {
        return dm.moduleState(SnapshotParameters.class, SnapshotParameters::new);
    }

    // ---------------------------------------------------------------- snapshot_cow_threshold

    /** The module's threshold object (shared by every snapshot's throttle). */
    public CowThreshold cowThresholdParameter()
    {
        return cowThreshold;
    }

    public int cowThreshold()
    {
        return cowThreshold.get();
    }

    /**
     * Set {@code snapshot_cow_threshold} for every snapshot that reads it live (IN_PROGRESS) and
     * for snapshots constructed from now on (SEMAPHORE); wakes writers now within it.
     *
     * @throws IllegalArgumentException for a value outside 0..2147483647
     */
    public void setCowThreshold(final long value)
    {
        cowThreshold.set(value);
    }

    // ---------------------------------------------------------------- snapshot_copy_throttle

    /** The module's copy throttle record (shared by every snapshot's copier client). */
    public KcopydThrottle copyThrottleRecord()
    {
        return copyThrottle;
    }

    /** {@code snapshot_copy_throttle}: percent of time the copiers may be busy; 100 = off. */
    public int copyThrottle()
    {
        return copyThrottle.percent();
    }

    /**
     * Set {@code snapshot_copy_throttle}; every client's next I/O job obeys it.
     *
     * @throws IllegalArgumentException for a value outside 0..100
     */
    public void setCopyThrottle(final int percent)
    {
        copyThrottle.setPercent(percent);
    }

    // ---------------------------------------------------------------- kcopyd_subjob_size_kb

    public int subJobSizeKb()
    {
        return subJobSizeKb;
    }

    /**
     * Set {@code kcopyd_subjob_size_kb} for copier clients created from now on (0 = the default).
     *
     * @throws IllegalArgumentException for a value outside 0..1024
     */
    public void setSubJobSizeKb(final int kb)
    {
        subJobSizeKb = ModuleParameter.SUB_JOB_SIZE_KB.check(kb);
    }

    /** The configuration of a new snapshot's copier client: today's sub-job size, the shared throttle and account. */
    KcopydConfig copierConfig()
    {
        return KcopydConfig.defaults().withSubJobSizeKb(subJobSizeKb).withThrottle(copyThrottle)
            .withMemory(copierMemory);
    }

    // ---------------------------------------------------------------- figures

    /** The module's copier memory account. */
    public CopierMemory copierMemory()
    {
        return copierMemory;
    }

    /** Copier memory now, its peak and its time-weighted mean since the last {@link #resetPeaks()}. */
    public CopierMemoryStats copierMemoryStats()
    {
        return copierMemory.stats();
    }

    /** The highest per-snapshot peak of copies in flight among the snapshots registered now. */
    public long peakCopiesInFlight()
    {
        long peak = 0;
        for (final Snapshot s : origins.snapshots())
        {
            peak = Math.max(peak, s.throttle.peakInFlight());
        }
        return peak;
    }

    /**
     * Start measuring from now: every registered snapshot's peak of copies in flight and the copier
     * memory's peak and mean restart from the current values.
     */
    public void resetPeaks()
    {
        for (final Snapshot s : origins.snapshots())
        {
            s.throttle.resetPeak();
        }
        copierMemory.resetPeaks();
    }

    @Override
    public String toString()
    {
        return "snapshot_cow_threshold=" + cowThreshold() + " snapshot_copy_throttle=" + copyThrottle()
            + " kcopyd_subjob_size_kb=" + subJobSizeKb;
    }
}
