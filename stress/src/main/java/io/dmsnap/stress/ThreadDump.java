package io.dmsnap.stress;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.util.function.Predicate;

/**
 * A thread dump for hang reports: every frame (not ThreadInfo.toString()'s first 8), the
 * monitors and ownable synchronizers each thread holds, and what it waits for and who owns it,
 * so a deadlock cycle reads off the "waiting for ... owned by" lines.
 */
public final class ThreadDump
{
    private ThreadDump()
    {
    }

    /** The threads whose name {@code include} accepts. */
    public static String of(final Predicate<String> include)
    {
        final StringBuilder sb = new StringBuilder();
        for (final ThreadInfo ti : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true))
        {
            if (include.test(ti.getThreadName()))
            {
                append(sb, ti);
            }
        }
        return sb.toString();
    }

    /** The threads of stress runs and of the engine (copier, devices, timers). */
    public static String engineAndStressThreads()
    {
        return of(name -> name.startsWith("stress-") || name.startsWith("kcopyd") || name.contains("null-blk")
            || name.contains("historic") || name.contains("flakey"));
    }

    /** An exception with every frame of it and of its causes, for a violation report. */
    public static String of(final Throwable t)
    {
        final StringBuilder sb = new StringBuilder();
        Throwable x = t;
        for (int depth = 0; x != null && depth < 8; depth++, x = x.getCause())
        {
            sb.append(depth == 0 ? "" : "caused by: ").append(x).append('\n');
            for (final StackTraceElement f : x.getStackTrace())
            {
                sb.append("\tat ").append(f).append('\n');
            }
        }
        return sb.toString();
    }

    static void append(final StringBuilder sb, final ThreadInfo ti)
    {
        sb.append('"').append(ti.getThreadName()).append("\" id=").append(ti.getThreadId()).append(' ')
            .append(ti.getThreadState());
        if (ti.getLockName() != null)
        {
            sb.append(" waiting for ").append(ti.getLockName());
        }
        if (ti.getLockOwnerName() != null)
        {
            sb.append(" owned by \"").append(ti.getLockOwnerName()).append("\" id=").append(ti.getLockOwnerId());
        }
        sb.append('\n');
        final StackTraceElement[] frames = ti.getStackTrace();
        final MonitorInfo[] monitors = ti.getLockedMonitors();
        for (int i = 0; i < frames.length; i++)
        {
            sb.append("\tat ").append(frames[i]).append('\n');
            if (i == 0 && ti.getLockInfo() != null)
            {
                sb.append("\t-  ").append(ti.getThreadState() == Thread.State.BLOCKED ? "blocked on " : "waiting on ")
                    .append(ti.getLockInfo()).append('\n');
            }
            for (final MonitorInfo m : monitors)
            {
                if (m.getLockedStackDepth() == i)
                {
                    sb.append("\t-  locked ").append(m).append('\n');
                }
            }
        }
        final LockInfo[] syncs = ti.getLockedSynchronizers();
        if (syncs.length > 0)
        {
            sb.append("\tLocked ownable synchronizers:\n");
            for (final LockInfo l : syncs)
            {
                sb.append("\t-  ").append(l).append('\n');
            }
        }
        sb.append('\n');
    }
}
