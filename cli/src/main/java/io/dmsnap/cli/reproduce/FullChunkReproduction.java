package io.dmsnap.cli.reproduce;

import io.dmsnap.bench.fio.FioJob;
import io.dmsnap.bench.fio.FioProgress;
import io.dmsnap.bench.fio.FioResult;
import io.dmsnap.bench.fio.FioRunner;
import io.dmsnap.bench.fio.JobFileParser;
import io.dmsnap.bench.fio.StackFactory;
import io.dmsnap.bench.fio.TargetStack;
import io.dmsnap.bench.stack.SnapshotStackFactory;
import io.dmsnap.cli.result.Direction;
import io.dmsnap.cli.stats.Descriptive;
import io.dmsnap.engine.block.DeviceProfile;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.stress.Scenario;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.scenarios.Scenarios;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * a6e50b40: a snapshot write covering a whole new chunk skips the copy from the origin. dd-like
 * direct sequential 4 KiB writes to a fresh snapshot with 4 KiB chunks (store P, as LVM makes it)
 * through bench's fio model on a stack from {@link SnapshotStackFactory} whose origin and COW
 * devices have the bandwidth-limited profile {@value #PROFILE}, with S11's negative control
 * ({@code fullChunkWrite=COPY}) and today's engine, alternating; then S11 itself, which checks that
 * the origin is never read, on both.
 */
final class FullChunkReproduction implements Reproduction
{
    /** A slow solid-state device: 4 KiB takes 82 us on the wire at 50 MB/s, plus 20 us of latency. */
    static final String PROFILE = "latency=20us,bw=50MB/s,qd=32";
    static final String SCENARIO = "S11";
    private static final double SEED_RATIO = 33.2 / 20.9;
    private static final long ORIGIN_BYTES = 256L << 20;
    private static final int CHUNK_SECTORS = 8;

    @Override
    public String id()
    {
        return "full-chunk";
    }

    @Override
    public String commit()
    {
        return "a6e50b40";
    }

    @Override
    public String claim()
    {
        return "a snapshot write covering a whole chunk skips reading the origin";
    }

    @Override
    public String seedFigure()
    {
        return "4 KiB chunks, dd direct sequential write: 20.9 -> 33.2 MB/s (1.59x)";
    }

    private static int pairs(final Depth depth)
    {
        return depth == Depth.QUICK ? 3 : 5;
    }

    private static String size(final Depth depth)
    {
        return depth == Depth.QUICK ? "8m" : "32m";
    }

    @Override
    public String workload(final Depth depth)
    {
        return "fio seq write, bs=4k, direct, sync, " + size(depth) + " to a fresh snapshot (4 KiB chunks, store P) on "
            + "devices '" + PROFILE + "', " + pairs(depth) + " pairs fullChunkWrite=COPY / current, and " + SCENARIO;
    }

    @Override
    public String limits(final int cores)
    {
        return "one synchronous writer, so the cores do not limit it; the devices are modelled, so the MB/s are the "
            + "profile's and only the ratio compares with the seed's disk";
    }

    @Override
    public double expectedSeconds(final Depth depth)
    {
        return pairs(depth) * (depth == Depth.QUICK ? 3 : 10) + 5;
    }

    @Override
    public Finding run(final Depth depth, final PrintWriter err)
    {
        final Scenario s11 = Scenarios.byId(SCENARIO);
        final EngineConfig after = EngineConfig.current();
        final String variant = s11.buggy().orElseThrow().toString();
        final EngineConfig before = s11.buggy().get().applyTo(after);
        final DeviceProfile profile = DeviceProfile.parse(PROFILE);
        final double[] copy = new double[pairs(depth)];
        final double[] skip = new double[pairs(depth)];
        for (int i = 0; i < pairs(depth); i++)
        {
            copy[i] = bandwidth(before, profile, depth);
            skip[i] = bandwidth(after, profile, depth);
        }
        final double copyMedian = Descriptive.median(copy);
        final double skipMedian = Descriptive.median(skip);
        final double ratio = skipMedian / copyMedian;
        boolean everyPair = true;
        for (int i = 0; i < copy.length; i++)
        {
            everyPair &= skip[i] > copy[i];
        }
        final ScenarioRuns fix = ScenarioRuns.of(s11, "current", after, 1, 1);
        final ScenarioRuns bug = ScenarioRuns.of(s11, variant, before, 1, 1);
        final boolean originRead = fix.all(Verdict.Outcome.PASS) && bug.all(s11.buggyOutcome());
        final boolean shape = everyPair && originRead;
        final String ours = variant + " " + Numbers.megabytesPerSecond(copyMedian) + " -> current "
            + Numbers.megabytesPerSecond(skipMedian) + " (" + Numbers.ratio(ratio) + "); " + SCENARIO + ": origin "
            + (originRead ? "never read by full-chunk writes (read once per chunk with COPY)" : "reads not as expected");
        final List<String> details = new ArrayList<>();
        details.add("MB/s per pair, " + variant + " / current:" + pairsText(copy, skip));
        details.add(SCENARIO + " " + s11.title() + ": current " + fix.describe() + "; " + variant + " " + bug.describe()
            + (bug.firstFailure().isEmpty() ? "" : " (" + bug.firstFailure() + ")"));
        final List<Figure> figures = List.of(
            Figure.of("write_bandwidth", variant, "B/s", Direction.HIGHER_IS_BETTER, copy),
            Figure.of("write_bandwidth", "current", "B/s", Direction.HIGHER_IS_BETTER, skip));
        return new Finding(ours, shape, Effect.of(shape && ratio >= SEED_RATIO), details, figures);
    }

    private static String pairsText(final double[] copy, final double[] skip)
    {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < copy.length; i++)
        {
            b.append(' ').append(String.format(java.util.Locale.ROOT, "%.1f/%.1f", copy[i] / 1e6, skip[i] / 1e6));
        }
        return b.toString();
    }

    /** One fio run on a fresh stack: the write bandwidth in bytes per second. */
    private static double bandwidth(final EngineConfig config, final DeviceProfile profile, final Depth depth)
    {
        final List<FioJob> jobs = JobFileParser.parseArgs(List.of("--name=dd", "--rw=write", "--bs=4k", "--direct=1",
            "--ioengine=sync", "--size=" + size(depth)));
        final TargetStack stack = new SnapshotStackFactory().build(new StackFactory.Spec("snapshot", ORIGIN_BYTES,
            CHUNK_SECTORS, "P", "null", null, 0, config, profile, profile));
        try
        {
            final FioResult r = new FioRunner(stack::device, FioProgress.NONE).run(jobs).get(0);
            if (r.failed())
            {
                throw new IllegalStateException("the fio job failed: " + r.errorMessage());
            }
            return r.write().bwBytes();
        }
        finally
        {
            stack.close();
        }
    }
}
