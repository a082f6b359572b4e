package io.dmsnap.bench.jmh.fio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A dmtest fio benchmark name, {@code fio_<target>_<workload>_<type>}, and what it stands for:
 * which device the I/O goes to, the block size, direction and order of the I/O, and how many
 * requests one worker keeps in flight. The JMH benchmark methods carry exactly these names, so the
 * name alone configures a worker and a result row maps back to its dmtest counterpart.
 *
 * <p>Immutable and thread-safe.
 */
public final class FioBenchmarkName
{
    /** The device the I/O goes to. */
    public enum Target
    {
        /** The snapshot-origin device: every first write to a chunk copies it into the snapshot. */
        ORIGIN("origin"),
        /** The writable snapshot device. */
        SNAPSHOT("snapshot"),
        /** The bare data device: the baseline of the stack. */
        RAW_DEVICE("raw_device");

        private final String label;

        Target(final String label)
        {
            this.label = label;
        }

        /** The name as dmtest spells it, also the name {@code SnapshotStack.target} accepts. */
        public String label()
        {
            return label;
        }
    }

    /** The fio rw mode with its block size. */
    public enum Workload
    {
        RANDWRITE(4096, true, true),
        SEQWRITE(256 * 1024, true, false),
        RANDREAD(4096, false, true),
        SEQREAD(256 * 1024, false, false);

        private final int blockBytes;
        private final boolean write;
        private final boolean random;

        Workload(final int blockBytes, final boolean write, final boolean random)
        {
            this.blockBytes = blockBytes;
            this.write = write;
            this.random = random;
        }

        public String label()
        {
            return name().toLowerCase(Locale.ROOT);
        }

        public int blockBytes()
        {
            return blockBytes;
        }

        public boolean isWrite()
        {
            return write;
        }

        public boolean isRandom()
        {
            return random;
        }
    }

    /** Throughput (libaio, iodepth 32) or latency (psync, one request in flight). */
    public enum Type
    {
        THROUGHPUT(32),
        LATENCY(1);

        private final int iodepth;

        Type(final int iodepth)
        {
            this.iodepth = iodepth;
        }

        public String label()
        {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Requests one worker keeps in flight. */
        public int iodepth()
        {
            return iodepth;
        }
    }

    private static final String PREFIX = "fio_";
    private static final List<FioBenchmarkName> ALL = enumerate();

    private final Target target;
    private final Workload workload;
    private final Type type;

    private FioBenchmarkName(final Target target, final Workload workload, final Type type)
    {
        this.target = target;
        this.workload = workload;
        this.type = type;
    }

    public static FioBenchmarkName of(final Target target, final Workload workload, final Type type)
    {
        return new FioBenchmarkName(target, workload, type);
    }

    /**
     * Parses a dmtest name, alone or as the last part of a JMH benchmark name
     * ({@code package.Class.fio_origin_randwrite_throughput}).
     *
     * @throws IllegalArgumentException if it is not {@code fio_<target>_<workload>_<type>}
     */
    public static FioBenchmarkName parse(final String name)
    {
        final String method = name.substring(name.lastIndexOf('.') + 1);
        for (final FioBenchmarkName candidate : ALL)
        {
            if (candidate.name().equals(method))
            {
                return candidate;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a dmtest fio benchmark name "
            + "(fio_{origin,snapshot,raw_device}_{randwrite,seqwrite,randread,seqread}_{throughput,latency})");
    }

    /** Every name of the dmtest matrix: targets, then workloads, then types, in declaration order. */
    public static List<FioBenchmarkName> all()
    {
        return ALL;
    }

    private static List<FioBenchmarkName> enumerate()
    {
        final List<FioBenchmarkName> names = new ArrayList<>();
        for (final Target t : Target.values())
        {
            for (final Workload w : Workload.values())
            {
                for (final Type y : Type.values())
                {
                    names.add(new FioBenchmarkName(t, w, y));
                }
            }
        }
        return Collections.unmodifiableList(names);
    }

    public Target target()
    {
        return target;
    }

    public Workload workload()
    {
        return workload;
    }

    public Type type()
    {
        return type;
    }

    /** {@code fio_<target>_<workload>_<type>}. */
    public String name()
    {
        return PREFIX + target.label() + '_' + workload.label() + '_' + type.label();
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof FioBenchmarkName))
        {
            return false;
        }
        final FioBenchmarkName other = (FioBenchmarkName) o;
        return target == other.target && workload == other.workload && type == other.type;
    }

    @Override
    public int hashCode()
    {
        return (target.ordinal() * 8 + workload.ordinal()) * 2 + type.ordinal();
    }

    @Override
    public String toString()
    {
        return name();
    }
}
