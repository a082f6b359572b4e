package io.dmsnap.stress.soak;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What this process holds, for a soak's report: the direct buffer memory the JVM accounts (the
 * exception tables, copy buffers and memory devices live there) and the resident set's
 * high-water mark as the kernel keeps it. A leak shows in both long before it fails a run.
 */
final class ProcessMemory
{
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory()
    {
    }

    /** Bytes of direct buffers in use now; 0 where the JVM does not report its direct pool. */
    static long directBytes()
    {
        for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
        {
            if (pool.getName().equals("direct"))
            {
                return pool.getMemoryUsed();
            }
        }
        return 0;
    }

    /** The peak resident set size in bytes (VmHWM), or -1 where the kernel does not say (not Linux). */
    static long peakRssBytes()
    {
        try
        {
            return peakRssBytes(Files.readAllLines(STATUS));
        }
        catch (final IOException | RuntimeException e)
        {
            return -1;
        }
    }

    /** VmHWM of a /proc/PID/status text, in bytes; -1 without one. */
    static long peakRssBytes(final List<String> status)
    {
        for (final String line : status)
        {
            if (line.startsWith("VmHWM:"))
            {
                final String[] words = line.substring(6).trim().split("\\s+");
                final long kib = Long.parseLong(words[0]);
                return words.length > 1 && words[1].equals("kB") ? kib * 1024 : -1;
            }
        }
        return -1;
    }
}
