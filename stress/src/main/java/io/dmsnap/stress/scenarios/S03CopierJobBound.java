package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.block.SyncIo;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.Switches.Throttle;
import io.dmsnap.engine.copy.CopierMemory;
import io.dmsnap.engine.copy.CopierMemoryStats;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.engine.snap.SnapshotParameters;
import io.dmsnap.engine.snap.SnapshotStats;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;
import io.dmsnap.stress.oracle.PatternOracle;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

/**
 * S03, commit 721b1d98 (and the live parameter of b2155578): nothing limited the number of copier
 * jobs, so large origin writes with many snapshots queued jobs (and their memory) without bound
 * (the commit's report: about 10 GB of job objects, an OOM kill and a 27 s workqueue stall);
 * {@code snapshot_cow_threshold} bounds them, and it can be changed while I/O runs.
 *
 * <p>Trigger: 8 snapshots of one origin (N stores, chunk size 4 KiB), {@value #WRITERS} writers each
 * issuing large origin writes ({@value #WRITE_CHUNKS} chunks each); the origin splits them per chunk
 * and each piece starts one copy per snapshot. Every origin read (the copies' source) is delayed in
 * the device, so copies pile up. Three phases on one stack:
 * <ol>
 *   <li>threshold {@value #THRESHOLD} (the configuration's): a round of writes;</li>
 *   <li>the threshold lowered live to {@value #LOWERED} through {@link SnapshotParameters}, the peaks
 *       reset, another round of writes to new chunks;</li>
 *   <li>(IN_PROGRESS only) the threshold set live to 0 with every origin read held: one writer's
 *       copies stall and a second writer waits in the throttle; the threshold is raised live back to
 *       {@value #THRESHOLD} while the copies are still stalled.</li>
 * </ol>
 *
 * <p>Measured: per phase, the peak of copies in flight of each snapshot (the engine's counter between
 * account_start_copy and account_end_copy) and the copier memory the kernel would hold for all
 * snapshots ({@link CopierMemory}: job objects, pages of running copies, reserves), peak and
 * time-weighted mean, and the wall time of the writes.
 *
 * <p>Oracle: in each phase every snapshot's peak stays within the limit in force:
 * threshold + writers for IN_PROGRESS (the check and the increment are separate steps, so each
 * writer between its check and its start can add one copy, as in b2155578's {@code wait_for_in_progress}) with the threshold of that
 * phase, i.e. the live change takes effect; the semaphore's permits for SEMAPHORE, which are fixed
 * when a snapshot is constructed (721b1d98), so the lowered value does not reach these snapshots.
 * The copier memory peak stays within what that many copies per snapshot can hold. In phase 3 the
 * raise alone must let the waiting writer start its copies (within the run's wait bound, while
 * none of the stalled copies has ended). Every write succeeds, the origin holds the new data and
 * every snapshot the old data of every written chunk.
 *
 * <p>Negative control: throttle=NONE: the peak reaches the writes' whole backlog (far above the
 * bound) and the copier memory with it -> VIOLATED.
 */
public final class S03CopierJobBound implements ScenarioBody
{
    static final int SNAPSHOTS = 8;
    static final int CHUNK = 8;
    static final int THRESHOLD = 16;
    static final int LOWERED = 2;
    static final int WRITERS = 4;
    static final int WRITE_CHUNKS = 64;
    static final long READ_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long COPY_BYTES = CopierMemory.JOB_OBJECT_BYTES
        + CopierMemory.pageBytes(CopierMemory.pagesFor(CHUNK));
    /** Writer numbers of the two single-chunk writes of phase 3 (after the round writers'). */
    private static final int STALLED_WRITER = WRITERS;
    private static final int WAITING_WRITER = WRITERS + 1;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final int writesEach = ctx.full() ? 8 : 2;
        final long roundRuns = (long) WRITERS * writesEach;
        final long roundBlocks = roundRuns * WRITE_CHUNKS;
        final long stalledBlock = 2 * roundBlocks;
        final long blocks = stalledBlock + 2;
        final long sectors = blocks * CHUNK;
        final EngineConfig config = ctx.config().withCowThreshold(THRESHOLD);
        final Throttle variant = config.throttle();
        final StressStack st = ctx.stack(sectors, config);
        PatternOracle.stampInitial(st.baseMemory, blocks);
        final List<MappedDevice> snaps = new ArrayList<>();
        for (int i = 0; i < SNAPSHOTS; i++)
        {
            snaps.add(st.addSnapshot("snap" + i, sectors, "N", CHUNK));
        }
        final SnapshotParameters parameters = SnapshotParameters.of(st.dm);
        final long reserves = parameters.copierMemoryStats().reserveBytes();
        final FlakeyDevice.Rule delay = st.base.delay(FlakeyDevice.Selector.ops(BioOp.READ), READ_DELAY_NANOS);

        // Phase 1: the configuration's threshold; memory figures from here on (the reserves are held already).
        parameters.resetPeaks();
        String failure = round(ctx, st, parameters, variant + ", threshold " + THRESHOLD, 0, writesEach,
            limitFor(variant, THRESHOLD, THRESHOLD), reserves);
        if (failure != null)
        {
            return Verdict.violated(failure + "; " + String.join("; ", ctx.figures()));
        }

        // Phase 2: lowered while the stack runs.
        parameters.setCowThreshold(LOWERED);
        ctx.awaitTrue(() -> copiesInFlight(st) == 0, "copies of phase 1 to drain");
        parameters.resetPeaks();
        failure = round(ctx, st, parameters, variant + ", threshold lowered live to " + LOWERED, roundRuns, writesEach,
            limitFor(variant, LOWERED, THRESHOLD), reserves);
        if (failure != null)
        {
            return Verdict.violated(failure + "; " + String.join("; ", ctx.figures()));
        }
        st.base.remove(delay);

        // Phase 3: a raise wakes a writer waiting in the throttle.
        if (variant == Throttle.IN_PROGRESS)
        {
            failure = raiseWakesWaiter(ctx, st, parameters, stalledBlock);
            if (failure != null)
            {
                return Verdict.violated(failure + "; " + String.join("; ", ctx.figures()));
            }
        }
        else
        {
            ctx.report(variant + ": no live raise to test (" + (variant == Throttle.SEMAPHORE
                ? "the semaphore is sized when the snapshot is constructed" : "no threshold") + ")");
        }

        final List<String> mismatches = new ArrayList<>();
        final PatternOracle oracle = new PatternOracle();
        final LongUnaryOperator expected = b ->
        {
            if (b < stalledBlock)
            {
                return PatternOracle.expect(1, writerOf(b));
            }
            if (variant != Throttle.IN_PROGRESS)
            {
                return PatternOracle.expect(0, 0);   // phase 3 did not run
            }
            return PatternOracle.expect(1, b == stalledBlock ? STALLED_WRITER : WAITING_WRITER);
        };
        mismatches.addAll(oracle.verify(st.origin, 0, blocks, expected));
        for (final MappedDevice snap : snaps)
        {
            mismatches.addAll(oracle.verify(snap, 0, blocks, b -> PatternOracle.expect(0, 0)));
        }
        if (!mismatches.isEmpty())
        {
            return Verdict.violated(mismatches.size() + " blocks hold the wrong data, first: " + mismatches.get(0));
        }
        for (final Snapshot s : st.origins().snapshots())
        {
            if (!s.isValid())
            {
                return Verdict.violated(s.name() + " became invalid");
            }
        }
        return Verdict.pass(null);
    }

    /**
     * The most copies in flight per snapshot the oracle accepts: the permits the semaphore got when
     * the snapshots were constructed, else the soft limit of the in-progress counter at the
     * threshold in force (which NONE, having no limit, exceeds).
     */
    private static long limitFor(final Throttle variant, final int live, final int atConstruction)
    {
        return variant == Throttle.SEMAPHORE ? atConstruction : live + WRITERS;
    }

    /** One round of writes to runs [firstRun, firstRun + WRITERS x writesEach); null when the oracle held. */
    private static String round(final ScenarioContext ctx, final StressStack st, final SnapshotParameters parameters,
                                final String phase, final long firstRun, final int writesEach, final long bound,
                                final long reserves) throws Exception
    {
        final long t0 = System.nanoTime();
        final List<CompletableFuture<Integer>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++)
        {
            final int writer = w;
            writers.add(ctx.actor(() -> writeAll(st, writer, writesEach, firstRun)));
        }
        for (final CompletableFuture<Integer> f : writers)
        {
            final int status = ctx.await(f, "origin writers (" + phase + ")");
            if (status != BlkStatus.OK)
            {
                return phase + ": an origin write failed with " + BlkStatus.name(status);
            }
        }
        final long nanos = System.nanoTime() - t0;
        long worstPeak = 0;
        String worst = "";
        for (int i = 0; i < SNAPSHOTS; i++)
        {
            final SnapshotStats s = st.snapshot("snap" + i).stats();
            if (s.peakCopiesInFlight() > worstPeak)
            {
                worstPeak = s.peakCopiesInFlight();
                worst = s.name();
            }
        }
        final CopierMemoryStats memory = parameters.copierMemoryStats();
        ctx.report(String.format(Locale.ROOT,
            "%s: %d origin writes of %d KiB, %d snapshots: peak copies in flight %d (%s; bound %d), copier memory "
                + "peak %.1f KiB (%d jobs) mean %.1f KiB, reserves %.1f KiB; writes took %.0f ms",
            phase, WRITERS * writesEach, WRITE_CHUNKS * BlockPattern.BLOCK / 1024, SNAPSHOTS, worstPeak, worst,
            bound, memory.peakBytes() / 1024.0, memory.peakJobs(), memory.meanBytes() / 1024.0,
            reserves / 1024.0, nanos / 1e6));
        if (worstPeak > bound)
        {
            return phase + ": copies in flight of " + worst + " peaked at " + worstPeak + ", above the limit "
                + bound + " in force";
        }
        final long memoryBound = reserves + SNAPSHOTS * bound * COPY_BYTES;
        if (memory.peakBytes() > memoryBound)
        {
            return phase + ": copier memory peaked at " + memory.peakBytes() + " bytes, above the " + memoryBound
                + " that " + bound + " copies per snapshot can hold";
        }
        return null;
    }

    /**
     * Phase 3: threshold 0, every origin read held. One writer's copies stall (one per snapshot);
     * a second writer must wait in the throttle; raising the threshold must let it start its copies
     * although none of the stalled ones has ended. Null when that held.
     */
    private static String raiseWakesWaiter(final ScenarioContext ctx, final StressStack st,
                                           final SnapshotParameters parameters, final long firstBlock)
        throws Exception
    {
        parameters.setCowThreshold(0);
        final FlakeyDevice.Hold hold = st.base.hold(FlakeyDevice.Selector.ops(BioOp.READ));
        final List<CompletableFuture<Integer>> writes = new ArrayList<>();
        try
        {
            writes.add(ctx.actor(() -> writeBlock(st, firstBlock, STALLED_WRITER)));
            ctx.awaitTrue(() -> hold.heldCount() == SNAPSHOTS, "the first writer's copies to stall");
            writes.add(ctx.actor(() -> writeBlock(st, firstBlock + 1, WAITING_WRITER)));
            ctx.awaitTrue(() -> throttleWaiters(st) > 0, "the second writer to wait in the throttle at 0");
            if (hold.heldCount() != SNAPSHOTS)
            {
                return "threshold 0: the second writer started copies while the first writer's were in flight";
            }
            parameters.setCowThreshold(THRESHOLD);
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ctx.waitMillis());
            while (hold.heldCount() < 2 * SNAPSHOTS && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            if (hold.heldCount() < 2 * SNAPSHOTS)
            {
                return "raising cow_threshold from 0 to " + THRESHOLD + " did not wake the writer waiting in the "
                    + "throttle while every copy was stalled (" + hold.heldCount() + " copy reads issued, "
                    + throttleWaiters(st) + " writers still waiting)";
            }
            ctx.report("raising the threshold live from 0 to " + THRESHOLD + " released the waiting writer while "
                + SNAPSHOTS + " copies were stalled; its " + SNAPSHOTS + " copies started");
        }
        finally
        {
            st.base.remove(hold.rule());
            hold.releaseAll();
        }
        for (final CompletableFuture<Integer> f : writes)
        {
            final int status = ctx.await(f, "the phase 3 writers");
            if (status != BlkStatus.OK)
            {
                return "phase 3: an origin write failed with " + BlkStatus.name(status);
            }
        }
        return null;
    }

    private static long copiesInFlight(final StressStack st)
    {
        long n = 0;
        for (int i = 0; i < SNAPSHOTS; i++)
        {
            n += st.snapshot("snap" + i).stats().copiesInFlight();
        }
        return n;
    }

    private static int throttleWaiters(final StressStack st)
    {
        int n = 0;
        for (int i = 0; i < SNAPSHOTS; i++)
        {
            n += st.snapshot("snap" + i).stats().throttleWaiters();
        }
        return n;
    }

    /** Writer w owns the runs w, w + WRITERS, ... of WRITE_CHUNKS blocks each, in both rounds. */
    private static int writerOf(final long block)
    {
        return (int) ((block / WRITE_CHUNKS) % WRITERS);
    }

    private static int writeAll(final StressStack st, final int writer, final int writesEach, final long firstRun)
    {
        final ByteBuffer buf = ByteBuffer.allocateDirect(WRITE_CHUNKS * BlockPattern.BLOCK);
        for (int i = 0; i < writesEach; i++)
        {
            final long run = firstRun + (long) i * WRITERS + writer;
            final long first = run * WRITE_CHUNKS;
            for (int b = 0; b < WRITE_CHUNKS; b++)
            {
                buf.put(b * BlockPattern.BLOCK, BlockPattern.of(first + b, 1, writer));
            }
            final int status = SyncIo.write(st.origin, first * CHUNK, buf);
            if (status != BlkStatus.OK)
            {
                return status;
            }
        }
        return BlkStatus.OK;
    }

    private static int writeBlock(final StressStack st, final long block, final int writer)
    {
        final ByteBuffer buf = ByteBuffer.allocateDirect(BlockPattern.BLOCK);
        buf.put(0, BlockPattern.of(block, 1, writer));
        return SyncIo.write(st.origin, block * CHUNK, buf);
    }
}
