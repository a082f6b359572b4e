package io.dmsnap.bench.fio;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a worker thread cost, as fio's "cpu" line reports it from getrusage: user and total CPU
 * time from the JVM's {@link ThreadMXBean} (0 where the JVM does not measure thread CPU time),
 * context switches (voluntary + involuntary) and minor/major page faults from Linux's
 * {@code /proc/thread-self} (0 elsewhere). Read by the thread itself at its start and end,
 * never per I/O. Immutable.
 */
final class ThreadUsage
{
    static final ThreadUsage NONE = new ThreadUsage(0, 0, 0, 0, 0);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Path STATUS = Path.of("/proc/thread-self/status");
    private static final Path STAT = Path.of("/proc/thread-self/stat");

    final long userNanos;
    final long cpuNanos;
    final long contextSwitches;
    final long minorFaults;
    final long majorFaults;

    ThreadUsage(final long userNanos, final long cpuNanos, final long contextSwitches, final long minorFaults,
                final long majorFaults)
    {
        this.userNanos = userNanos;
        this.cpuNanos = cpuNanos;
        this.contextSwitches = contextSwitches;
        this.minorFaults = minorFaults;
        this.majorFaults = majorFaults;
    }

    /** The calling thread's usage so far. */
    static ThreadUsage current()
    {
        final boolean cpu = THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
        final long user = cpu ? Math.max(0, THREADS.getCurrentThreadUserTime()) : 0;
        final long total = cpu ? Math.max(0, THREADS.getCurrentThreadCpuTime()) : 0;
        long ctx = 0;
        long minf = 0;
        long majf = 0;
        try
        {
            for (final String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII))
            {
                if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:"))
                {
                    ctx += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            final String stat = Files.readString(STAT, StandardCharsets.US_ASCII);
            // Fields after the command name (which may hold blanks): state is field 3, minflt 10, majflt 12.
            final String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            minf = Long.parseLong(f[7]);
            majf = Long.parseLong(f[9]);
        }
        catch (final IOException | RuntimeException e)
        {
            // Not Linux, or /proc is not mounted: the counters stay 0, as documented.
            ctx = 0;
            minf = 0;
            majf = 0;
        }
        return new ThreadUsage(user, total, ctx, minf, majf);
    }

    ThreadUsage minus(final ThreadUsage before)
    {
        return new ThreadUsage(userNanos - before.userNanos, cpuNanos - before.cpuNanos,
            contextSwitches - before.contextSwitches, minorFaults - before.minorFaults, majorFaults - before.majorFaults);
    }

    ThreadUsage plus(final ThreadUsage other)
    {
        return new ThreadUsage(userNanos + other.userNanos, cpuNanos + other.cpuNanos,
            contextSwitches + other.contextSwitches, minorFaults + other.minorFaults, majorFaults + other.majorFaults);
    }

    /** System time: total CPU time minus user time. */
    long systemNanos()
    {
        return Math.max(0, cpuNanos - userNanos);
    }
}
