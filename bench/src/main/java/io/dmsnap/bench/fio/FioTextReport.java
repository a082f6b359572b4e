package io.dmsnap.bench.fio;

import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * fio 3.33's human report ({@code --output-format=normal}): the header lines of every job
 * ("name: (g=0): rw=..., bs=(R) ..., ioengine=..., iodepth=..."; "..." for further clones), the
 * fio version and "Starting N processes"; per report entry the "(groupid=, jobs=)" line, per
 * direction with I/O the IOPS/BW line, slat (when measured), clat and lat lines with the unit fio's
 * display_lat chooses, the clat percentiles with the unit chosen from the percentile values, the
 * bw and iops sample lines (when there are samples); then the lat histogram, cpu, IO depths,
 * submit, complete, issued rwts and latency lines; last one "Run status group N (all jobs)" block
 * per group. Disk stats are left out (no kernel disk).
 */
public final class FioTextReport
{
    private static final String[] DIRECTIONS = {"read", "write"};
    private static final String[] LAT_LABELS = {"2", "4", "10", "20", "50", "100", "250", "500", "750", "1000"};

    private FioTextReport()
    {
    }

    /** The lines fio prints before it runs: one per job (clones as "..."), its version, the thread count. */
    public static void printHeader(final PrintWriter out, final List<FioJob> jobs)
    {
        final int[] groups = FioRunner.groupIds(jobs);
        int threads = 0;
        for (int i = 0; i < jobs.size(); i++)
        {
            final FioJob job = jobs.get(i);
            final BlockSizeSpec r = job.shape().blockSizes(FioWorker.READ);
            final BlockSizeSpec w = job.shape().blockSizes(FioWorker.WRITE);
            final String rbs = FioFormat.binary(r.min()) + "B-" + FioFormat.binary(r.max()) + "B";
            final String wbs = FioFormat.binary(w.min()) + "B-" + FioFormat.binary(w.max()) + "B";
            // fio's trim size carries on from the write size when not given (trims are not modelled here).
            out.printf(Locale.ROOT, "%s: (g=%d): rw=%s, bs=(R) %s, (W) %s, (T) %s, ioengine=%s, iodepth=%d%n", job.name(),
                groups[i], job.rw().fioName(), rbs, wbs, wbs, job.ioengine(), job.iodepth());
            if (job.numjobs() > 1)
            {
                out.println("...");
            }
            threads += job.numjobs();
        }
        out.println(FioJsonReport.FIO_VERSION);
        out.println("Starting " + threads + (threads == 1 ? " process" : " processes"));
        out.println();
    }

    /** The per-entry blocks and the run status of every group. */
    public static void print(final PrintWriter out, final List<FioResult> results)
    {
        final long pid = ProcessHandle.current().pid();
        final String date = FioJsonReport.ctime(System.currentTimeMillis());
        final List<FioGroupStatus> groups = FioGroupStatus.of(results);
        for (final FioResult r : results)
        {
            out.printf(Locale.ROOT, "%s: (groupid=%d, jobs=%d): err=%2d: pid=%d: %s%n", r.jobName(), r.groupId(),
                r.workers(), r.error(), pid, date);
            if (r.errorMessage() != null)
            {
                out.println("  error: " + r.errorMessage());
            }
            if (r.verifyMessage() != null)
            {
                out.println("  " + r.verifyMessage() + " (" + r.verifyFailures() + " bad blocks)");
            }
            final FioGroupStatus group = FioGroupStatus.find(groups, r.groupId());
            for (int d = 0; d < 2; d++)
            {
                final FioDirectionResult dir = d == 0 ? r.read() : r.write();
                if (dir.ios() > 0)
                {
                    printDirection(out, d, dir, group, r.job().percentiles());
                }
            }
            printTail(out, r);
            if (r.verifiedBlocks() > 0)
            {
                out.println("  verify: " + r.verifiedBlocks() + " blocks read back intact");
            }
        }
        for (final FioGroupStatus g : groups)
        {
            out.println();
            out.printf(Locale.ROOT, "Run status group %d (all jobs):%n", g.groupId());
            for (int d = 0; d < 2; d++)
            {
                if (g.hasIo(d))
                {
                    out.printf(Locale.ROOT, "%7s: bw=%s (%s), %s-%s (%s-%s), io=%sB (%sB), run=%d-%dmsec%n",
                        DIRECTIONS[d].toUpperCase(Locale.ROOT), bin(g.aggregateBw(d)), dec(g.aggregateBw(d)),
                        bin(g.minBw(d)), bin(g.maxBw(d)), dec(g.minBw(d)), dec(g.maxBw(d)),
                        FioFormat.binary(g.ioBytes(d)), FioFormat.decimal(g.ioBytes(d)), g.minRunMillis(d),
                        g.maxRunMillis(d));
                }
            }
        }
        out.flush();
    }

    private static String bin(final long bytesPerSecond)
    {
        return FioFormat.binary(bytesPerSecond) + "B/s";
    }

    private static String dec(final long bytesPerSecond)
    {
        return FioFormat.decimal(bytesPerSecond) + "B/s";
    }

    private static void printDirection(final PrintWriter out, final int d, final FioDirectionResult dir,
                                       final FioGroupStatus group, final JobPercentiles percentiles)
    {
        out.printf(Locale.ROOT, "  %s: IOPS=%s, BW=%sB/s (%sB/s)(%sB/%dmsec)%s%n", DIRECTIONS[d],
            FioFormat.count(dir.iops()), FioFormat.binary(dir.bwBytes()), FioFormat.decimal(dir.bwBytes()),
            FioFormat.binary(dir.ioBytes()), dir.runtimeMillis(), d == 1 ? "; 0 zone resets" : "");
        if (dir.slat().count() > 0)
        {
            displayLat(out, "slat", dir.slat());
        }
        displayLat(out, "clat", dir.clat());
        displayLat(out, " lat", dir.lat());
        if (percentiles.clat())
        {
            printPercentiles(out, "clat", dir.clat(), percentiles);
        }
        if (percentiles.lat())
        {
            printPercentiles(out, "lat", dir.lat(), percentiles);
        }
        final IntervalStats bw = dir.bwSamples();
        if (bw.samples() > 0)
        {
            double min = bw.min();
            double max = bw.max();
            double mean = bw.mean();
            double dev = bw.stdev();
            String unit = "KiB";
            if (mean > 1024.0 * 1024)
            {
                min /= 1024;
                max /= 1024;
                mean /= 1024;
                dev /= 1024;
                unit = "MiB";
            }
            out.printf(Locale.ROOT, "   bw (%5s/s): min=%5d, max=%5d, per=%3.2f%%, avg=%5.02f, stdev=%5.02f, samples=%d%n",
                unit, (long) min, (long) max, group.percentOfAggregate(d, bw.mean()), mean, dev, bw.samples());
        }
        final IntervalStats iops = dir.iopsSamples();
        if (iops.samples() > 0)
        {
            out.printf(Locale.ROOT, "   iops        : min=%5d, max=%5d, avg=%5.02f, stdev=%5.02f, samples=%d%n",
                (long) iops.min(), (long) iops.max(), iops.mean(), iops.stdev(), iops.samples());
        }
    }

    /** fio's display_lat: usec or msec only when min, max and stdev are all large enough. */
    static void displayLat(final PrintWriter out, final String name, final FioLatency lat)
    {
        double min = lat.min();
        double max = lat.max();
        double mean = lat.mean();
        double dev = lat.stdev();
        String unit = "nsec";
        if (min > 2_000_000 && max > 99_999_999 && dev > 1_000_000)
        {
            min /= 1e6;
            max /= 1e6;
            mean /= 1e6;
            dev /= 1e6;
            unit = "msec";
        }
        else if (min > 2000 && max > 99_999 && dev > 1000)
        {
            min /= 1e3;
            max /= 1e3;
            mean /= 1e3;
            dev /= 1e3;
            unit = "usec";
        }
        out.printf(Locale.ROOT, "    %s (%s): min=%s, max=%s, avg=%5.02f, stdev=%5.02f%n", name, unit,
            sixDigits((long) min), sixDigits((long) max), mean, dev);
    }

    /** fio's num2str(value, 6 digits): up to six digits as they are, else thousands with one decimal. */
    static String sixDigits(final long value)
    {
        final String[] units = {"", "k", "M", "G", "T"};
        double v = value;
        int u = 0;
        while (v >= 1_000_000 && u < units.length - 1)
        {
            v /= 1000;
            u++;
        }
        return u == 0 ? Long.toString(value) : String.format(Locale.ROOT, "%.1f%s", v, units[u]);
    }

    /** The lat histogram, cpu, IO depths, submit/complete, issued and latency-target lines of an entry. */
    private static void printTail(final PrintWriter out, final FioResult r)
    {
        final Histogram all = r.read().lat().histogram();
        all.add(r.write().lat().histogram());
        latLines(out, "nsec", FioLatencyBuckets.percents(all, 1), LAT_LABELS);
        latLines(out, "usec", FioLatencyBuckets.percents(all, 1000), LAT_LABELS);
        latLines(out, "msec", FioLatencyBuckets.percents(all, 1_000_000), FioLatencyBuckets.MS_LABELS);
        if (r.sync().count() > 0)
        {
            // fio's block for fsync/fdatasync: the flushes' latency and percentiles.
            out.println("  fsync/fdatasync/sync_file_range:");
            displayLat(out, "sync", r.sync());
            printPercentiles(out, "sync", r.sync(), r.job().percentiles());
        }
        final FioResult.Usage u = r.usage();
        out.printf(Locale.ROOT, "  cpu          : usr=%.2f%%, sys=%.2f%%, ctx=%d, majf=%d, minf=%d%n", u.userPercent(),
            u.systemPercent(), u.contextSwitches(), u.majorFaults(), u.minorFaults());
        out.println("  IO depths    : " + percents(FioDepths.DEPTH_KEYS, u.depthLevels()));
        out.println("     submit    : " + percents(FioDepths.BATCH_KEYS, u.submitBatches()));
        out.println("     complete  : " + percents(FioDepths.BATCH_KEYS, u.completeBatches()));
        out.printf(Locale.ROOT, "     issued rwts: total=%d,%d,0,%d short=0,0,0,0 dropped=0,0,0,0%n", r.read().ios(),
            r.write().ios(), r.syncs());
        out.printf(Locale.ROOT, "     latency   : target=0, window=0, percentile=100.00%%, depth=%d%n", r.job().iodepth());
    }

    private static String percents(final String[] keys, final long[] counts)
    {
        final double[] p = FioDepths.percents(counts);
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < keys.length; i++)
        {
            b.append(i == 0 ? "" : ", ").append(keys[i]).append('=').append(String.format(Locale.ROOT, "%3.1f%%", p[i]));
        }
        return b.toString();
    }

    /** fio's show_lat: the non-zero buckets of one unit, five a line. */
    private static void latLines(final PrintWriter out, final String unit, final double[] percents, final String[] labels)
    {
        int onLine = 0;
        final StringBuilder line = new StringBuilder();
        for (int i = 0; i < percents.length; i++)
        {
            if (percents[i] <= 0)
            {
                continue;
            }
            if (onLine == 0)
            {
                line.append("  lat (").append(unit).append(")   : ");
            }
            else
            {
                line.append(", ");
            }
            line.append(labels[i]).append('=').append(String.format(Locale.ROOT, "%3.2f%%", percents[i]));
            if (++onLine == 5)
            {
                out.println(line);
                line.setLength(0);
                onLine = 0;
            }
        }
        if (onLine > 0)
        {
            out.println(line);
        }
    }

    /**
     * fio's percentile block ({@code name}: clat, " lat" or sync) for the job's percentile_list:
     * the unit from the percentile values (usec when the smallest is above 2 us and the largest
     * above 99999 ns, msec likewise), labels with the list's precision ({@code 99.90th},
     * {@code 99th}), as many entries a line as fit in 80 columns.
     */
    static void printPercentiles(final PrintWriter out, final String name, final FioLatency latency,
                                 final JobPercentiles percentiles)
    {
        final double[] ps = percentiles.list();
        final int precision = percentiles.precision();
        final long[] raw = new long[ps.length];
        long minv = Long.MAX_VALUE;
        long maxv = 0;
        for (int i = 0; i < ps.length; i++)
        {
            raw[i] = latency.percentile(ps[i]);
            minv = Math.min(minv, raw[i]);
            maxv = Math.max(maxv, raw[i]);
        }
        long divisor = 1;
        String unit = "nsec";
        if (minv > 2_000_000 && maxv > 99_999_999L)
        {
            divisor = 1_000_000;
            unit = "msec";
        }
        else if (minv > 2000 && maxv > 99_999)
        {
            divisor = 1000;
            unit = "usec";
        }
        final long[] values = new long[ps.length];
        int width = 5;
        for (int i = 0; i < ps.length; i++)
        {
            values[i] = raw[i] / divisor;
            width = Math.max(width, Long.toString(values[i]).length());
        }
        // As many entries as fit in 80 columns: " 99.99th=[" + value + "]," is precision + width + 10 wide, after "     |".
        final int perLine = Math.max(1, (80 - 6) / (precision + width + 10));
        out.printf(Locale.ROOT, "    %s percentiles (%s):%n", name, unit);
        final StringBuilder line = new StringBuilder();
        for (int i = 0; i < ps.length; i++)
        {
            if (i % perLine == 0)
            {
                line.setLength(0);
                line.append("     |");
            }
            line.append(String.format(Locale.ROOT, " %" + (precision + 3) + "." + precision + "fth=[%" + width + "d]",
                ps[i], values[i]));
            final boolean last = i == ps.length - 1;
            if (!last)
            {
                line.append(',');
            }
            if (last || i % perLine == perLine - 1)
            {
                out.println(line);
            }
        }
    }
}
