package io.dmsnap.bench.fio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What fio's job files may refer to outside themselves: environment variables ({@code ${VAR}})
 * and fio's reserved keywords {@code $ncpus} (CPUs configured, as sysconf(_SC_NPROCESSORS_CONF)
 * counts them), {@code $pagesize} and {@code $mb_memory} (physical memory in MiB). Immutable.
 */
public final class FioSystem
{
    private static final Pattern CPU_DIR = Pattern.compile("cpu[0-9]+");

    private final Function<String, String> environment;
    private final long ncpus;
    private final long pagesize;
    private final long mbMemory;

    public FioSystem(final Function<String, String> environment, final long ncpus, final long pagesize,
                     final long mbMemory)
    {
        this.environment = environment;
        this.ncpus = ncpus;
        this.pagesize = pagesize;
        this.mbMemory = mbMemory;
    }

    /** This machine and this process's environment (read once: neither changes during a run). */
    public static FioSystem current()
    {
        return Current.INSTANCE;
    }

    /** A fixed system for tests and for parsing without looking at the machine. */
    public static FioSystem of(final Map<String, String> environment, final long ncpus, final long pagesize,
                               final long mbMemory)
    {
        return new FioSystem(environment::get, ncpus, pagesize, mbMemory);
    }

    /** The variable's value, or null when it is not set (fio then substitutes the empty string). */
    public String variable(final String name)
    {
        return environment.apply(name);
    }

    public long ncpus()
    {
        return ncpus;
    }

    public long pagesize()
    {
        return pagesize;
    }

    public long mbMemory()
    {
        return mbMemory;
    }

    private static long cpusConfigured()
    {
        try (Stream<Path> dirs = Files.list(Path.of("/sys/devices/system/cpu")))
        {
            final long n = dirs.filter(d -> CPU_DIR.matcher(d.getFileName().toString()).matches()).count();
            if (n > 0)
            {
                return n;
            }
        }
        catch (final IOException | UnsupportedOperationException e)
        {
            // Not Linux, or no sysfs: the JVM's count is the nearest answer.
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** The kernel page size of this process's first mapping (Linux), else 4096. */
    private static long pageSize()
    {
        return procField(Path.of("/proc/self/smaps"), "KernelPageSize:", 1024, 4096);
    }

    private static long memoryMiB()
    {
        return procField(Path.of("/proc/meminfo"), "MemTotal:", 1024, 0) >> 20;
    }

    /** The first "name: N kB" field of a proc file, times {@code unit}, or {@code fallback}. */
    private static long procField(final Path file, final String name, final long unit, final long fallback)
    {
        try
        {
            final List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            for (final String line : lines)
            {
                if (line.startsWith(name))
                {
                    final String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * unit;
                }
            }
        }
        catch (final IOException | RuntimeException e)
        {
            // No proc file system: use the fallback.
        }
        return fallback;
    }

    /** Lazy holder: the machine is looked at on first use only. */
    private static final class Current
    {
        static final FioSystem INSTANCE = new FioSystem(System::getenv, cpusConfigured(), pageSize(), memoryMiB());
    }
}
