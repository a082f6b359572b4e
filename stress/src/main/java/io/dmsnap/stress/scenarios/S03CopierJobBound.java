package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.copy.Kcopyd;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.engine.snap.SnapshotStats;
import io.dmsnap.stress.Scenario;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Variant;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;
import io.dmsnap.stress.oracle.PatternOracle;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * S03, commit 721b1d98: nothing limited the number of copier jobs, so large origin writes with
 * many snapshots queued jobs (and their memory) without bound (the commit's report: about 10 GB
 * of job objects, an OOM kill and a 27 s workqueue stall).
 *
 * <p>Trigger: 8 snapshots of one origin (N stores, chunk size 4 KiB), {@value #WRITERS} writers each
 * issuing large origin writes ({@value #WRITE_CHUNKS} chunks each); the origin splits them per chunk
 * and each piece starts one copy per snapshot. Every origin read (the copies' source) is delayed in
 * the device, so copies pile up. The COW threshold is set to {@value #THRESHOLD}.
 *
 * <p>Measured: the peak of copies in flight of each snapshot (the engine's counter between
 * account_start_copy and account_end_copy) and the peak copier jobs of each snapshot times the
 * copier's job size estimate ({@link Kcopyd#JOB_BYTES_ESTIMATE}), and the wall time of the writes.
 *
 * <p>Oracle: every snapshot's peak stays within the soft limit, threshold + writers x snapshots
 * (the check and the increment are not atomic and one origin write may start one copy per
 * snapshot after passing the checks, spec §4.5); every write succeeds, the origin holds the new
 * data and every snapshot the old data of every written chunk.
 *
 * <p>Negative control: throttle=NONE: the peak reaches the writes' whole backlog (far above the
 * bound) -> VIOLATED.
 */
public final class S03CopierJobBound implements Scenario
{
    static final int SNAPSHOTS = 8;
    static final int CHUNK = 8;
    static final int THRESHOLD = 16;
    static final int WRITERS = 4;
    static final int WRITE_CHUNKS = 64;
    static final long READ_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    @Override
    public String id()
    {
        return "S03";
    }

    @Override
    public String title()
    {
        return "copies in flight per snapshot stay near the COW threshold under large origin writes";
    }

    @Override
    public String commits()
    {
        return "721b1d98";
    }

    @Override
    public Optional<Variant> buggy()
    {
        return Optional.of(Variant.set("throttle=NONE"));
    }

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final int writesEach = ctx.full() ? 8 : 2;
        final long blocks = (long) WRITERS * writesEach * WRITE_CHUNKS;
        final long sectors = blocks * CHUNK;
        final EngineConfig config = ctx.config().withCowThreshold(THRESHOLD);
        final StressStack st = ctx.stack(sectors, config);
        PatternOracle.stampInitial(st.baseMemory, blocks);
        final List<MappedDevice> snaps = new ArrayList<>();
        for (int i = 0; i < SNAPSHOTS; i++)
        {
            snaps.add(st.addSnapshot("snap" + i, sectors, "N", CHUNK));
        }
        st.base.delay(FlakeyDevice.Selector.ops(BioOp.READ), READ_DELAY_NANOS);

        final long t0 = System.nanoTime();
        final List<CompletableFuture<Integer>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++)
        {
            final int writer = w;
            writers.add(ctx.actor(() -> writeAll(st, writer, writesEach)));
        }
        for (final CompletableFuture<Integer> f : writers)
        {
            final int status = ctx.await(f, "origin writers");
            if (status != BlkStatus.OK)
            {
                return Verdict.violated("an origin write failed with " + BlkStatus.name(status));
            }
        }
        final long nanos = System.nanoTime() - t0;
        st.base.clearRules();

        final long bound = THRESHOLD + (long) WRITERS * SNAPSHOTS;
        long worstPeak = 0;
        long peakJobs = 0;
        String worst = "";
        for (int i = 0; i < SNAPSHOTS; i++)
        {
            final SnapshotStats s = st.snapshot("snap" + i).stats();
            if (s.peakCopiesInFlight() > worstPeak)
            {
                worstPeak = s.peakCopiesInFlight();
                worst = s.name();
            }
            peakJobs += s.peakCopierJobs();
        }
        ctx.report(String.format(Locale.ROOT,
            "%s: %d origin writes of %d KiB, %d snapshots, threshold %d: peak copies in flight %d (%s; bound %d), "
                + "sum of per-snapshot peak copier jobs %d = about %.1f KiB of job objects, writes took %.0f ms",
            config.throttle(), WRITERS * writesEach, WRITE_CHUNKS * BlockPattern.BLOCK / 1024, SNAPSHOTS, THRESHOLD,
            worstPeak, worst, bound, peakJobs, peakJobs * Kcopyd.JOB_BYTES_ESTIMATE / 1024.0, nanos / 1e6));

        final List<String> mismatches = new ArrayList<>();
        final PatternOracle oracle = new PatternOracle();
        mismatches.addAll(oracle.verify(st.origin, 0, blocks, b -> PatternOracle.expect(1, writerOf(b, writesEach))));
        for (final MappedDevice snap : snaps)
        {
            mismatches.addAll(oracle.verify(snap, 0, blocks, b -> PatternOracle.expect(0, 0)));
        }
        if (!mismatches.isEmpty())
        {
            return Verdict.violated(mismatches.size() + " blocks hold the wrong data, first: " + mismatches.get(0));
        }
        if (worstPeak > bound)
        {
            return Verdict.violated("copies in flight of " + worst + " peaked at " + worstPeak + ", above the soft limit "
                + bound + " (threshold " + THRESHOLD + " + " + WRITERS + " writers x " + SNAPSHOTS + " snapshots); "
                + String.join("; ", ctx.figures()));
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

    /** Writer w owns the runs w, w + WRITERS, ... of WRITE_CHUNKS blocks each. */
    private static int writerOf(final long block, final int writesEach)
    {
        return (int) ((block / WRITE_CHUNKS) % WRITERS);
    }

    private static int writeAll(final StressStack st, final int writer, final int writesEach)
    {
        final ByteBuffer buf = ByteBuffer.allocateDirect(WRITE_CHUNKS * BlockPattern.BLOCK);
        for (int i = 0; i < writesEach; i++)
        {
            final long run = (long) i * WRITERS + writer;
            final long first = run * WRITE_CHUNKS;
            for (int b = 0; b < WRITE_CHUNKS; b++)
            {
                buf.put(b * BlockPattern.BLOCK, BlockPattern.of(first + b, 1, writer));
            }
            final int status = io.dmsnap.engine.block.SyncIo.write(st.origin, first * CHUNK, buf);
            if (status != BlkStatus.OK)
            {
                return status;
            }
        }
        return BlkStatus.OK;
    }
}
