package io.dmsnap.cli.result;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where and how a result was measured: the code (git commit, dirty working tree), the JVM, the
 * machine, the engine configuration and JMH's settings when there was one of each, and when the
 * run started. Every field is {@link Optional}: empty means the source did not record it (a JMH
 * file names no CPU) or it does not apply (no engine configuration for a matrix of two presets,
 * no JMH settings for a fio run). A reader never fills a field with a stand-in such as "unknown".
 * Immutable; build one with {@link #builder()}.
 *
 * <p>{@link #differences(Environment)} says whether two results are comparable; the start time is
 * the one field expected to differ between repeated runs and is never a difference.
 *
 * @param startTime  when the run started (for fio output without {@code job_start}: when fio reported)
 * @param gitCommit  the commit of the code that ran
 * @param gitDirty   whether the working tree had changes against that commit
 * @param jdkVendor  the JVM's vendor ({@code java.vm.vendor})
 * @param jdkVersion the JVM's full version ({@code java.runtime.version}, JMH's {@code vmVersion})
 * @param jvmName    the VM's name ({@code java.vm.name}, JMH's {@code vmName})
 * @param jvmArgs    the JVM's arguments, as the measuring JVM received them
 * @param cpuModel   the processor's model name
 * @param cores      processors available to the JVM
 * @param osName     the operating system's name
 * @param osVersion  the operating system's version
 * @param osArch     the architecture
 * @param kernel     the kernel release ({@code /proc/sys/kernel/osrelease})
 * @param host       the host name
 * @param tool       what wrote the source: {@code dmsnap 0.1.0}, {@code JMH 1.37}, {@code fio-3.33}
 * @param engine     the engine configuration, when the whole run used one
 * @param jmh        JMH's settings, when JMH ran
 */
public record Environment(Optional<Instant> startTime, Optional<String> gitCommit, Optional<Boolean> gitDirty,
                          Optional<String> jdkVendor, Optional<String> jdkVersion, Optional<String> jvmName,
                          Optional<List<String>> jvmArgs, Optional<String> cpuModel, Optional<Integer> cores,
                          Optional<String> osName, Optional<String> osVersion, Optional<String> osArch,
                          Optional<String> kernel, Optional<String> host, Optional<String> tool,
                          Optional<EngineSetup> engine, Optional<JmhSettings> jmh)
{
    /** Nothing known. */
    public static final Environment UNKNOWN = builder().build();

    /** A field of an environment that must agree for two results to be comparable. */
    private record Field(String name, Function<Environment, Optional<?>> value)
    {
    }

    /** Every field but the start time, in the order differences are reported. */
    private static final List<Field> COMPARED = List.of(
        new Field("git.commit", Environment::gitCommit),
        new Field("git.dirty", Environment::gitDirty),
        new Field("jdk.vendor", Environment::jdkVendor),
        new Field("jdk.version", Environment::jdkVersion),
        new Field("jdk.vm", Environment::jvmName),
        new Field("jdk.jvmArgs", Environment::jvmArgs),
        new Field("cpu.model", Environment::cpuModel),
        new Field("cpu.cores", Environment::cores),
        new Field("os.name", Environment::osName),
        new Field("os.version", Environment::osVersion),
        new Field("os.arch", Environment::osArch),
        new Field("os.kernel", Environment::kernel),
        new Field("host", Environment::host),
        new Field("tool", Environment::tool),
        new Field("engine", Environment::engine),
        new Field("jmh", Environment::jmh));

    /**
     * A field known on both sides with different values.
     *
     * @param field the field's name as in the result file ({@code cpu.model}, {@code jdk.version})
     * @param left  its value on this side
     * @param right its value on the other side
     */
    public record Difference(String field, String left, String right)
    {
        @Override
        public String toString()
        {
            return field + ": " + left + " vs " + right;
        }
    }

    public Environment
    {
        Objects.requireNonNull(startTime);
        Objects.requireNonNull(gitCommit);
        Objects.requireNonNull(gitDirty);
        Objects.requireNonNull(jdkVendor);
        Objects.requireNonNull(jdkVersion);
        Objects.requireNonNull(jvmName);
        Objects.requireNonNull(cpuModel);
        Objects.requireNonNull(cores);
        Objects.requireNonNull(osName);
        Objects.requireNonNull(osVersion);
        Objects.requireNonNull(osArch);
        Objects.requireNonNull(kernel);
        Objects.requireNonNull(host);
        Objects.requireNonNull(tool);
        Objects.requireNonNull(engine);
        Objects.requireNonNull(jmh);
        jvmArgs = jvmArgs.map(List::copyOf);
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /** A builder holding this environment's values, to change some of them. */
    public Builder toBuilder()
    {
        final Builder b = new Builder();
        b.startTime = startTime.orElse(null);
        b.gitCommit = gitCommit.orElse(null);
        b.gitDirty = gitDirty.orElse(null);
        b.jdkVendor = jdkVendor.orElse(null);
        b.jdkVersion = jdkVersion.orElse(null);
        b.jvmName = jvmName.orElse(null);
        b.jvmArgs = jvmArgs.orElse(null);
        b.cpuModel = cpuModel.orElse(null);
        b.cores = cores.orElse(null);
        b.osName = osName.orElse(null);
        b.osVersion = osVersion.orElse(null);
        b.osArch = osArch.orElse(null);
        b.kernel = kernel.orElse(null);
        b.host = host.orElse(null);
        b.tool = tool.orElse(null);
        b.engine = engine.orElse(null);
        b.jmh = jmh.orElse(null);
        return b;
    }

    /**
     * The fields that are known on both sides and differ, start time excluded. A field known on one
     * side only is not a difference: nothing says the other side was different.
     */
    public List<Difference> differences(final Environment other)
    {
        final List<Difference> differences = new ArrayList<>();
        for (final Field f : COMPARED)
        {
            final Optional<?> a = f.value.apply(this);
            final Optional<?> b = f.value.apply(other);
            if (a.isPresent() && b.isPresent() && !a.get().equals(b.get()))
            {
                differences.add(new Difference(f.name, String.valueOf(a.get()), String.valueOf(b.get())));
            }
        }
        return differences;
    }

    /**
     * The environment of this result and {@code other} taken together: each field known on either
     * side and equal where both know it; a field the two disagree on becomes unknown (the caller
     * allowed the disagreement and reports it); the earlier start time.
     */
    public Environment mergedWith(final Environment other)
    {
        final Builder b = new Builder();
        b.startTime = earliest(startTime, other.startTime).orElse(null);
        b.gitCommit = agreed(gitCommit, other.gitCommit);
        b.gitDirty = agreed(gitDirty, other.gitDirty);
        b.jdkVendor = agreed(jdkVendor, other.jdkVendor);
        b.jdkVersion = agreed(jdkVersion, other.jdkVersion);
        b.jvmName = agreed(jvmName, other.jvmName);
        b.jvmArgs = agreed(jvmArgs, other.jvmArgs);
        b.cpuModel = agreed(cpuModel, other.cpuModel);
        b.cores = agreed(cores, other.cores);
        b.osName = agreed(osName, other.osName);
        b.osVersion = agreed(osVersion, other.osVersion);
        b.osArch = agreed(osArch, other.osArch);
        b.kernel = agreed(kernel, other.kernel);
        b.host = agreed(host, other.host);
        b.tool = agreed(tool, other.tool);
        b.engine = agreed(engine, other.engine);
        b.jmh = agreed(jmh, other.jmh);
        return b.build();
    }

    private static <T> T agreed(final Optional<T> a, final Optional<T> b)
    {
        if (a.isEmpty())
        {
            return b.orElse(null);
        }
        if (b.isEmpty() || a.get().equals(b.get()))
        {
            return a.get();
        }
        return null;
    }

    private static Optional<Instant> earliest(final Optional<Instant> a, final Optional<Instant> b)
    {
        if (a.isEmpty())
        {
            return b;
        }
        if (b.isEmpty())
        {
            return a;
        }
        return a.get().isBefore(b.get()) ? a : b;
    }

    /** Collects the known fields; a null or unset field is unknown. Not thread-safe. */
    public static final class Builder
    {
        private Instant startTime;
        private String gitCommit;
        private Boolean gitDirty;
        private String jdkVendor;
        private String jdkVersion;
        private String jvmName;
        private List<String> jvmArgs;
        private String cpuModel;
        private Integer cores;
        private String osName;
        private String osVersion;
        private String osArch;
        private String kernel;
        private String host;
        private String tool;
        private EngineSetup engine;
        private JmhSettings jmh;

        private Builder()
        {
        }

        public Builder startTime(final Instant value)
        {
            startTime = value;
            return this;
        }

        public Builder gitCommit(final String value)
        {
            gitCommit = text(value);
            return this;
        }

        public Builder gitDirty(final Boolean value)
        {
            gitDirty = value;
            return this;
        }

        public Builder jdkVendor(final String value)
        {
            jdkVendor = text(value);
            return this;
        }

        public Builder jdkVersion(final String value)
        {
            jdkVersion = text(value);
            return this;
        }

        public Builder jvmName(final String value)
        {
            jvmName = text(value);
            return this;
        }

        public Builder jvmArgs(final List<String> value)
        {
            jvmArgs = value;
            return this;
        }

        public Builder cpuModel(final String value)
        {
            cpuModel = text(value);
            return this;
        }

        public Builder cores(final Integer value)
        {
            if (value != null && value < 1)
            {
                throw new IllegalArgumentException("cores must be at least 1, got " + value);
            }
            cores = value;
            return this;
        }

        public Builder osName(final String value)
        {
            osName = text(value);
            return this;
        }

        public Builder osVersion(final String value)
        {
            osVersion = text(value);
            return this;
        }

        public Builder osArch(final String value)
        {
            osArch = text(value);
            return this;
        }

        public Builder kernel(final String value)
        {
            kernel = text(value);
            return this;
        }

        public Builder host(final String value)
        {
            host = text(value);
            return this;
        }

        public Builder tool(final String value)
        {
            tool = text(value);
            return this;
        }

        public Builder engine(final EngineSetup value)
        {
            engine = value;
            return this;
        }

        public Builder jmh(final JmhSettings value)
        {
            jmh = value;
            return this;
        }

        public Environment build()
        {
            return new Environment(Optional.ofNullable(startTime), Optional.ofNullable(gitCommit),
                Optional.ofNullable(gitDirty), Optional.ofNullable(jdkVendor), Optional.ofNullable(jdkVersion),
                Optional.ofNullable(jvmName), Optional.ofNullable(jvmArgs), Optional.ofNullable(cpuModel),
                Optional.ofNullable(cores), Optional.ofNullable(osName), Optional.ofNullable(osVersion),
                Optional.ofNullable(osArch), Optional.ofNullable(kernel), Optional.ofNullable(host),
                Optional.ofNullable(tool), Optional.ofNullable(engine), Optional.ofNullable(jmh));
        }

        /** Blank text is no value: a source's empty string does not pretend to know something. */
        private static String text(final String value)
        {
            return value == null || value.isBlank() ? null : value.trim();
        }
    }
}
