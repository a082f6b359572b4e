package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;
import io.dmsnap.stress.oracle.CompletionCounter;
import io.dmsnap.stress.oracle.EngineChecks;
import io.dmsnap.stress.oracle.PatternOracle;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * S16, commit 7c5f78b9: a double free of the shared "primary" pending exception (historical).
 *
 * <p>Bug: when several snapshots shared one origin, an origin write's pending exceptions hung off
 * a primary one with a shared reference count; one path dropped the count under the lock and
 * re-read it later, another dropped it without the lock and freed, so both freed it.
 *
 * <p>Trigger: two snapshots, A with chunk size 16 (8 KiB) and B with chunk size 8; each round
 * takes a fresh chunk X of A: a snapshot write of A's first 4 KiB of X starts a pending
 * exception in A (a partial chunk, so the rest is copied from the origin), and at the same time
 * (after a random spin from the seed) an origin write to X's second 4 KiB races with that
 * exception's completion: it must wait for A's exception and start its own copy in B. Origin
 * reads are delayed a little so the two overlap. Every bio goes through a
 * {@link CompletionCounter}.
 *
 * <p>Oracle: every bio completes exactly once with OK; at the end every pending exception of both
 * snapshots is freed (counts back to 0) and nothing is in flight or parked; A holds its own write
 * in the first half of X and the old origin data in the second half, B and the origin hold what
 * they must.
 *
 * <p>No negative control: the engine has no shared primary exception or shared reference count
 * to switch back to (every snapshot allocates and frees its own pending exceptions, since
 * 6d45d93e's retry design); the historic race cannot be expressed as a switch or preset.
 */
public final class S16EveryBioCompletesOnce implements ScenarioBody
{
    static final int CHUNK_A = 16;
    static final int CHUNK_B = 8;
    static final int SUITE_ROUNDS = 300;
    static final int FULL_ROUNDS = 3_000;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final int rounds = ctx.full() ? FULL_ROUNDS : SUITE_ROUNDS;
        final long blocks = rounds * 2L;
        final long sectors = blocks * CHUNK_B;
        final StressStack st = ctx.stack(sectors);
        PatternOracle.stampInitial(st.baseMemory, blocks);
        final MappedDevice a = st.addSnapshot("a", sectors + 64, "N", CHUNK_A);
        final MappedDevice b = st.addSnapshot("b", sectors + 64, "N", CHUNK_B);
        st.base.delay(FlakeyDevice.Selector.ops(BioOp.READ), TimeUnit.MICROSECONDS.toNanos(300));
        final CompletionCounter counter = new CompletionCounter();
        final List<CompletionCounter.Submission> all = new ArrayList<>();
        for (int r = 0; r < rounds; r++)
        {
            final long first = 2L * r;        // A's chunk r = blocks 2r (snapshot write) and 2r + 1 (origin write)
            final ByteBuffer snapData = ByteBuffer.allocateDirect(BlockPattern.BLOCK).put(0, BlockPattern.of(first, 3, 3));
            final ByteBuffer originData = ByteBuffer.allocateDirect(BlockPattern.BLOCK).put(0, BlockPattern.of(first + 1, 1, 1));
            final int spinMicros = ctx.random().nextInt(400);
            final boolean originFirst = ctx.random().nextInt(8) == 0;
            if (originFirst)
            {
                all.add(counter.submit(st.origin, BioOp.WRITE, (first + 1) * CHUNK_B, originData));
                spin(spinMicros);
                all.add(counter.submit(a, BioOp.WRITE, first * CHUNK_B, snapData));
            }
            else
            {
                all.add(counter.submit(a, BioOp.WRITE, first * CHUNK_B, snapData));
                spin(spinMicros);
                all.add(counter.submit(st.origin, BioOp.WRITE, (first + 1) * CHUNK_B, originData));
            }
            for (int i = all.size() - 2; i < all.size(); i++)
            {
                final int status = ctx.await(all.get(i).status, "completion of round " + r + "'s writes");
                if (status != BlkStatus.OK)
                {
                    return Verdict.violated("round " + r + ": a write failed with " + BlkStatus.name(status));
                }
            }
        }
        st.base.clearRules();
        // A late second completion would arrive after the first; give stragglers a moment.
        Thread.sleep(20);
        final List<String> problems = new ArrayList<>(counter.violations());
        problems.addAll(counter.incomplete());
        final List<Snapshot> snaps = List.of(st.snapshot("a"), st.snapshot("b"));
        problems.addAll(EngineChecks.quiescent(snaps));
        final PatternOracle oracle = new PatternOracle();
        for (long x = 0; x < rounds && problems.size() < 20; x++)
        {
            addIfNotNull(problems, oracle.check(a, 2 * x, PatternOracle.expect(3, 3)));
            addIfNotNull(problems, oracle.check(a, 2 * x + 1, PatternOracle.expect(0, 0)));
            addIfNotNull(problems, oracle.check(b, 2 * x + 1, PatternOracle.expect(0, 0)));
            addIfNotNull(problems, oracle.check(st.origin, 2 * x + 1, PatternOracle.expect(1, 1)));
            addIfNotNull(problems, oracle.check(st.origin, 2 * x, PatternOracle.expect(0, 0)));
        }
        ctx.report(counter.submitted() + " bios over " + rounds + " rounds, each completed once; pending exceptions freed");
        if (!problems.isEmpty())
        {
            return Verdict.violated(problems.size() + " problems, first: " + problems.get(0));
        }
        return Verdict.pass(null);
    }

    private static void addIfNotNull(final List<String> list, final String s)
    {
        if (s != null)
        {
            list.add(s);
        }
    }

    private static void spin(final int micros)
    {
        final long end = System.nanoTime() + micros * 1_000L;
        while (System.nanoTime() < end)
        {
            Thread.onSpinWait();
        }
    }
}
