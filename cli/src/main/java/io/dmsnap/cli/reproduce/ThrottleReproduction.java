package io.dmsnap.cli.reproduce;

import io.dmsnap.cli.result.Direction;
import io.dmsnap.cli.tune.Point;
import io.dmsnap.cli.tune.Sample;
import io.dmsnap.cli.tune.SweepResult;
import io.dmsnap.cli.tune.ThresholdSweep;
import io.dmsnap.cli.tune.Units;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * 721b1d98: a limit on the copies in flight ({@code snapshot_cow_threshold}, default 2048). The
 * seed's run through {@code dmsnap tune cow_threshold}'s machinery ({@link ThresholdSweep}): 8
 * snapshots of a 1 GiB origin, 1 GiB written through a modelled page cache (dirty limit 512 MiB),
 * unlimited against 2048, repeat by repeat on fresh stacks with modelled devices. Memory is the
 * copier's peak (as the kernel allocates it), time is the time to write the amount.
 */
final class ThrottleReproduction implements Reproduction
{
    private static final double SEED_MEMORY_RATIO = 10e9 / 130e6;
    private static final double SEED_TIME_RATIO = (5 * 60 + 20) / (3 * 60 + 26.0);

    /** One sweep: the device profile and the pairs it runs. */
    private record Sweep(String profile, int pairs, double expectedSeconds)
    {
        List<String> arguments()
        {
            return List.of("--values", "unlimited,2048", "--amount", "1g", "--dirty-limit", "512m", "--origin-profile",
                profile, "--cow-profile", profile, "--repeat", Integer.toString(pairs));
        }
    }

    private static List<Sweep> sweeps(final Depth depth)
    {
        return depth == Depth.QUICK ? List.of(new Sweep("nvme", 3, 45))
            : List.of(new Sweep("nvme", 5, 70), new Sweep("sata-ssd", 5, 200));
    }

    @Override
    public String id()
    {
        return "throttle";
    }

    @Override
    public String commit()
    {
        return "721b1d98";
    }

    @Override
    public String claim()
    {
        return "limiting the copies in flight (snapshot_cow_threshold 2048) bounds the copier's memory and speeds the "
            + "writes up (8 snapshots, page-cache writes)";
    }

    @Override
    public String seedFigure()
    {
        return "copier memory 10 GB -> 130 MB (77x), time 5m20s -> 3m26s (1.55x)";
    }

    @Override
    public String workload(final Depth depth)
    {
        final List<String> parts = new ArrayList<>();
        for (final Sweep s : sweeps(depth))
        {
            parts.add(s.pairs() + " pairs on " + s.profile());
        }
        return "dmsnap tune cow_threshold --values unlimited,2048 --amount 1g --dirty-limit 512m (8 snapshots of a 1 GiB "
            + "origin): " + String.join(", ", parts);
    }

    @Override
    public String limits(final int cores)
    {
        return "1 GiB written, not the seed's tens of GB, so the absolute memory is smaller (no OOM); the writer, "
            + "flusher and copier threads share " + Machine.cores(cores) + ", and the time half depends on the device profile "
            + "(docs/tuning.md: on hdd only the memory half shows)";
    }

    @Override
    public double expectedSeconds(final Depth depth)
    {
        return sweeps(depth).stream().mapToDouble(Sweep::expectedSeconds).sum();
    }

    @Override
    public Finding run(final Depth depth, final PrintWriter err) throws InterruptedException
    {
        final List<String> cells = new ArrayList<>();
        final List<String> details = new ArrayList<>();
        final List<Figure> figures = new ArrayList<>();
        boolean shape = true;
        boolean atLeast = true;
        for (final Sweep sweep : sweeps(depth))
        {
            final SweepResult result = ThresholdSweep.run(sweep.arguments(), err);
            final Point unlimited = point(result, true);
            final Point limited = point(result, false);
            final double memoryRatio = unlimited.peakCopyBytes() / limited.peakCopyBytes();
            final double timeRatio = unlimited.seconds() / limited.seconds();
            int slower = 0;
            final int pairs = Math.min(unlimited.samples().size(), limited.samples().size());
            final StringBuilder perPair = new StringBuilder();
            for (int i = 0; i < pairs; i++)
            {
                final Sample u = unlimited.samples().get(i);
                final Sample l = limited.samples().get(i);
                if (u.seconds() > l.seconds())
                {
                    slower++;
                }
                perPair.append(String.format(Locale.ROOT, " %.1f/%.1f", u.seconds(), l.seconds()));
            }
            shape &= memoryRatio > 1 && slower == pairs;
            atLeast &= memoryRatio >= SEED_MEMORY_RATIO && timeRatio >= SEED_TIME_RATIO;
            cells.add(String.format(Locale.ROOT, "%s: memory %s -> %s (%s), time %.1f s -> %.1f s (%s), unlimited slower "
                    + "in %d of %d pairs", sweep.profile(), Units.size(unlimited.peakCopyBytes()),
                Units.size(limited.peakCopyBytes()), Numbers.ratio(memoryRatio), unlimited.seconds(), limited.seconds(),
                Numbers.ratio(timeRatio), slower, pairs));
            details.add(sweep.profile() + ": seconds per pair, unlimited/2048:" + perPair);
            figures.add(figure("peak_copy_bytes", sweep.profile(), "unlimited", "B",
                unlimited.values(Sample::peakCopyBytes)));
            figures.add(figure("peak_copy_bytes", sweep.profile(), "2048", "B", limited.values(Sample::peakCopyBytes)));
            figures.add(figure("seconds", sweep.profile(), "unlimited", "s", unlimited.values(Sample::seconds)));
            figures.add(figure("seconds", sweep.profile(), "2048", "s", limited.values(Sample::seconds)));
        }
        return new Finding(String.join("; ", cells), shape, Effect.of(shape && atLeast), details, figures);
    }

    private static Figure figure(final String metric, final String profile, final String side, final String unit,
                                 final double[] samples)
    {
        final TreeMap<String, String> params = new TreeMap<>();
        params.put("profile", profile);
        return new Figure(metric, side, params, 1, unit, Direction.LOWER_IS_BETTER, samples);
    }

    private static Point point(final SweepResult result, final boolean unlimited)
    {
        for (final Point p : result.points())
        {
            if (p.threshold().unlimited() == unlimited)
            {
                return p;
            }
        }
        throw new IllegalStateException("the sweep measured no " + (unlimited ? "unlimited" : "limited") + " threshold");
    }
}
