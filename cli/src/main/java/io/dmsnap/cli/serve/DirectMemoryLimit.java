package io.dmsnap.cli.serve;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;

/**
 * The JVM's limit on direct memory, where {@code memory:SIZE} devices keep their pages: the value of
 * {@code -XX:MaxDirectMemorySize}, or, when it is not set, the heap's maximum (the JVM's default).
 * Memory devices are sparse, so a table may name more than the limit; only what is written counts.
 */
final class DirectMemoryLimit
{
    private DirectMemoryLimit()
    {
    }

    /** The limit in bytes. */
    static long bytes()
    {
        final HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        final long set = vm == null ? 0 : Long.parseLong(vm.getVMOption("MaxDirectMemorySize").getValue());
        return set > 0 ? set : Runtime.getRuntime().maxMemory();
    }

    /**
     * The warning for memory devices of {@code memoryBytes} in all under a limit of {@code limit}
     * bytes, or null when they fit.
     */
    static String warning(final long memoryBytes, final long limit)
    {
        if (memoryBytes <= limit)
        {
            return null;
        }
        return "memory devices total " + memoryBytes + " bytes, above this JVM's direct-memory limit of " + limit
            + " bytes: a write that needs memory past the limit fails with ENOMEM; start the JVM with "
            + "-XX:MaxDirectMemorySize=" + ((memoryBytes >>> 30) + 1) + "g (scripts/dmsnap: DMSNAP_JAVA_OPTS)";
    }
}
