package io.dmsnap.bench.fio;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * fio's human summary ({@code --output-format=normal}) for a list of results: per job group the
 * header line, then per direction that did I/O the IOPS/bandwidth line, clat min/max/avg/stdev
 * and the clat percentiles block, then a closing {@code Run status group} block per group.
 * Latency units are chosen from the magnitude as fio does (nsec, usec, msec). Fields of fio's
 * summary that the model does not measure (slat, cpu, IO depths) are left out.
 */
public final class FioTextReport
{
    private static final int PERCENTILES_PER_LINE = 4;
    private static final String[] DIRECTIONS = {"read", "write"};

    private FioTextReport()
    {
    }

    public static void print(final PrintWriter out, final List<FioResult> results)
    {
        final long pid = ProcessHandle.current().pid();
        final String date = new java.util.Date().toString();
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
            for (int d = 0; d < 2; d++)
            {
                final FioDirectionResult dir = d == 0 ? r.read() : r.write();
                if (dir.ios() > 0)
                {
                    printDirection(out, DIRECTIONS[d], dir);
                }
            }
            if (r.verifiedBlocks() > 0)
            {
                out.println("  verify: " + r.verifiedBlocks() + " blocks read back intact");
            }
        }
        for (final FioResult r : results)
        {
            out.println();
            out.printf(Locale.ROOT, "Run status group %d (all jobs):%n", r.groupId());
            for (int d = 0; d < 2; d++)
            {
                final FioDirectionResult dir = d == 0 ? r.read() : r.write();
                if (dir.ios() > 0)
                {
                    final String bw = FioFormat.binary(dir.bwBytes()) + "B/s (" + FioFormat.decimal(dir.bwBytes()) + "B/s)";
                    out.printf(Locale.ROOT, "%7s: bw=%s, %s-%s, io=%sB (%sB), run=%d-%dmsec%n",
                        DIRECTIONS[d].toUpperCase(Locale.ROOT), bw,
                        FioFormat.binary(dir.bwBytes()) + "B/s", FioFormat.binary(dir.bwBytes()) + "B/s",
                        FioFormat.binary(dir.ioBytes()), FioFormat.decimal(dir.ioBytes()),
                        dir.runtimeMillis(), dir.runtimeMillis());
                }
            }
        }
        out.flush();
    }

    private static void printDirection(final PrintWriter out, final String name, final FioDirectionResult dir)
    {
        out.printf(Locale.ROOT, "  %s: IOPS=%s, BW=%sB/s (%sB/s)(%sB/%dmsec)%n", name, FioFormat.count(dir.iops()),
            FioFormat.binary(dir.bwBytes()), FioFormat.decimal(dir.bwBytes()), FioFormat.binary(dir.ioBytes()),
            dir.runtimeMillis());
        long divisor = 1;
        String unit = "nsec";
        if (dir.clatMin() >= 1000 && dir.clatMean() >= 1000)
        {
            divisor = 1000;
            unit = "usec";
            if (dir.clatMin() >= 1_000_000 && dir.clatMean() >= 1_000_000)
            {
                divisor = 1_000_000;
                unit = "msec";
            }
        }
        out.printf(Locale.ROOT, "    clat (%s): min=%d, max=%d, avg=%.2f, stdev=%.2f%n", unit, dir.clatMin() / divisor,
            dir.clatMax() / divisor, dir.clatMean() / divisor, dir.clatStdev() / divisor);
        printPercentiles(out, dir);
    }

    /** fio's block: the unit from the minimum (usec above 2 us, msec above 2 ms), 4 entries a line. */
    static void printPercentiles(final PrintWriter out, final FioDirectionResult dir)
    {
        long divisor = 1;
        String unit = "nsec";
        if (dir.clatMin() > 2_000_000)
        {
            divisor = 1_000_000;
            unit = "msec";
        }
        else if (dir.clatMin() > 2_000)
        {
            divisor = 1000;
            unit = "usec";
        }
        final double[] ps = FioDirectionResult.PERCENTILES;
        final long[] values = new long[ps.length];
        int width = 5;
        for (int i = 0; i < ps.length; i++)
        {
            values[i] = dir.clatPercentile(ps[i]) / divisor;
            width = Math.max(width, Long.toString(values[i]).length());
        }
        out.printf(Locale.ROOT, "    clat percentiles (%s):%n", unit);
        final StringBuilder line = new StringBuilder();
        for (int i = 0; i < ps.length; i++)
        {
            if (i % PERCENTILES_PER_LINE == 0)
            {
                line.setLength(0);
                line.append("     |");
            }
            line.append(String.format(Locale.ROOT, " %5.2fth=[%" + width + "d]", ps[i], values[i]));
            final boolean last = i == ps.length - 1;
            if (!last)
            {
                line.append(',');
            }
            if (last || i % PERCENTILES_PER_LINE == PERCENTILES_PER_LINE - 1)
            {
                out.println(line);
            }
        }
    }
}
