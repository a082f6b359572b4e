package io.dmsnap.bench.fio;

import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * fio's terse output, version 3 ({@code --output-format=terse}, {@code --minimal}): one line of
 * 121 semicolon-separated fields per report entry, in the order of fio's HOWTO ("terse_version_3;
 * fio_version;jobname;groupid;error;read_kb;..."): per direction (read, write) io KiB, bandwidth
 * KiB/s, IOPS, runtime ms, slat/clat min, max, mean, stdev (us), 20 clat percentiles as
 * {@code P%=us} (the default list padded with {@code 0%=0}), lat min, max, mean, stdev, bandwidth
 * samples min, max, percent of the group's aggregate, mean, stdev; then cpu (usr%, sys%, ctx,
 * majf, minf), IO depths (7), latency buckets in us (10) and ms (12). The disk fields are left
 * out, as fio leaves them out without disk statistics.
 */
public final class FioTerseReport
{
    /** Fields per line without disk statistics. */
    public static final int FIELDS = 121;
    private static final int PERCENTILE_FIELDS = 20;

    private FioTerseReport()
    {
    }

    public static void print(final PrintWriter out, final List<FioResult> results)
    {
        final List<FioGroupStatus> groups = FioGroupStatus.of(results);
        for (final FioResult r : results)
        {
            out.println(line(r, FioGroupStatus.find(groups, r.groupId())));
        }
        out.flush();
    }

    static String line(final FioResult r, final FioGroupStatus group)
    {
        final StringBuilder b = new StringBuilder(2048);
        b.append("3;").append(FioJsonReport.FIO_VERSION).append(';').append(r.jobName()).append(';')
            .append(r.groupId()).append(';').append(r.error());
        direction(b, r.read(), group, 0, r.job().percentiles().list());
        direction(b, r.write(), group, 1, r.job().percentiles().list());
        final FioResult.Usage u = r.usage();
        b.append(';').append(f6(u.userPercent())).append('%').append(';').append(f6(u.systemPercent())).append('%')
            .append(';').append(u.contextSwitches()).append(';').append(u.majorFaults()).append(';')
            .append(u.minorFaults());
        for (final double p : FioDepths.percents(u.depthLevels()))
        {
            b.append(';').append(String.format(Locale.ROOT, "%3.1f%%", p));
        }
        final Histogram all = r.read().lat().histogram();
        all.add(r.write().lat().histogram());
        for (final double p : FioLatencyBuckets.percents(all, 1000))
        {
            b.append(';').append(String.format(Locale.ROOT, "%3.2f%%", p));
        }
        for (final double p : FioLatencyBuckets.percents(all, 1_000_000))
        {
            b.append(';').append(String.format(Locale.ROOT, "%3.2f%%", p));
        }
        return b.toString();
    }

    private static void direction(final StringBuilder b, final FioDirectionResult dir, final FioGroupStatus group,
                                  final int d, final double[] ps)
    {
        final long iops = dir.runtimeMillis() == 0 ? 0 : dir.ios() * 1000 / dir.runtimeMillis();
        b.append(';').append(dir.ioBytes() / 1024).append(';').append(dir.bwKib()).append(';').append(iops).append(';')
            .append(dir.runtimeMillis());
        latency(b, dir.slat());
        latency(b, dir.clat());
        for (int i = 0; i < PERCENTILE_FIELDS; i++)
        {
            if (i < ps.length && dir.ios() > 0)
            {
                b.append(';').append(f6(ps[i])).append("%=").append(dir.clatPercentile(ps[i]) / 1000);
            }
            else
            {
                b.append(";0%=0");
            }
        }
        latency(b, dir.lat());
        final IntervalStats bw = dir.bwSamples();
        b.append(';').append((long) bw.min()).append(';').append((long) bw.max()).append(';')
            .append(f6(bw.samples() == 0 ? 0 : group.percentOfAggregate(d, bw.mean()))).append('%').append(';')
            .append(f6(bw.mean())).append(';').append(f6(bw.stdev()));
    }

    /** min;max (whole us);mean;stdev (us, six decimals). */
    private static void latency(final StringBuilder b, final FioLatency lat)
    {
        b.append(';').append(lat.min() / 1000).append(';').append(lat.max() / 1000).append(';')
            .append(f6(lat.mean() / 1000)).append(';').append(f6(lat.stdev() / 1000));
    }

    private static String f6(final double v)
    {
        return String.format(Locale.ROOT, "%f", v);
    }
}
