package io.dmsnap.engine.block;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * A write-logging wrapper in the spirit of {@code dm-log-writes}: every bio passes to
 * {@code inner} unchanged, and every successfully completed WRITE, DISCARD and flush is appended
 * to a log in completion order, so any prefix of the history can be rebuilt and crash states of a
 * device with a volatile write cache can be generated from it.
 *
 * <p>The log. Entries are numbered from 0 in the order their bios completed (the log append
 * happens before the submitter's completion callback runs, so anything the submitter does after
 * seeing a completion is logged after it):
 * <ul>
 *   <li>{@link Kind#WRITE}: sector, length, flags and a copy of the payload (null when the bio
 *       carried no buffer; such an entry changes nothing when replayed).</li>
 *   <li>{@link Kind#DISCARD}: sector and length; replayed as zeros.</li>
 *   <li>{@link Kind#FLUSH}: an empty FLUSH, or the preflush of a write with {@link Bio#REQ_PREFLUSH}
 *       (logged just before that write's own entry). {@link Entry#covers()} is the number of log
 *       entries that existed when the flush was submitted: the flush makes exactly the entries
 *       {@code [0, covers)} durable.</li>
 *   <li>{@link Kind#MARK}: a label added by {@link #mark(String)}.</li>
 * </ul>
 * Reads and failed bios are not logged.
 *
 * <p>The crash model of {@link #crashState(Random, int)}: a crash at position {@code c} means the
 * device saw entries {@code [0, c)}. Let {@code K} be the largest {@code covers} of a FLUSH entry
 * before {@code c} (0 if none). A write or discard at index {@code i < c} is <em>durable</em> when
 * {@code i < K} (a flush submitted after it completed has itself completed) or when it carries
 * {@link Bio#REQ_FUA}. Every durable write is present. Every other write before {@code c} is present
 * with probability 1/2. The image is built by walking the log: present non-durable writes collect in
 * a group; at each durable write the group is applied in a random order and emptied, then the durable
 * write is applied; the last group is applied in a random order at the end. So durable writes keep
 * their log order and are never overwritten by an older write, while unflushed writes may be lost,
 * and overlapping unflushed writes may land in either order. Writes are atomic as a whole (no torn
 * writes). The same {@code Random} seed gives the same state.
 *
 * <p>Thread safety: {@link #submit} from any thread; the log is guarded by one lock taken once per
 * logged completion (this is a test device: it copies every payload). Replays are exact only for a
 * quiescent log or a prefix that has already been written.
 */
public final class LogWritesDevice implements BlockDevice
{
    /** The kind of a log entry. */
    public enum Kind
    {
        WRITE,
        DISCARD,
        FLUSH,
        MARK
    }

    private final String name;
    private final BlockDevice inner;
    /** Guarded by itself. */
    private final ArrayList<Entry> log = new ArrayList<>();
    private final DeviceStats stats = new DeviceStats();

    public LogWritesDevice(final String name, final BlockDevice inner)
    {
        this.name = name;
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    public BlockDevice inner()
    {
        return inner;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public long sizeSectors()
    {
        return inner.sizeSectors();
    }

    @Override
    public int logicalBlockSize()
    {
        return inner.logicalBlockSize();
    }

    @Override
    public boolean supportsDiscard()
    {
        return inner.supportsDiscard();
    }

    /** Counts of the bios submitted through this wrapper (whatever the inner device makes of them). */
    public DeviceStats stats()
    {
        return stats;
    }

    @Override
    public void submit(final Bio bio)
    {
        stats.accepted(bio);
        if (bio.op() == BioOp.READ || bio.op() == null)
        {
            inner.submit(bio);
            return;
        }
        final int covers;
        synchronized (log)
        {
            covers = log.size();
        }
        final Interposer interposer = new Interposer(this, bio.endIo(), bio.owner(), covers);
        bio.endIo(interposer, interposer);
        inner.submit(bio);
    }

    /** Append a named marker; returns its index. */
    public int mark(final String label)
    {
        synchronized (log)
        {
            final int index = log.size();
            log.add(new Entry(index, Kind.MARK, 0, 0, 0, null, label, 0));
            return index;
        }
    }

    /** Number of entries logged so far. */
    public int size()
    {
        synchronized (log)
        {
            return log.size();
        }
    }

    /** A snapshot of the log. */
    public List<Entry> entries()
    {
        synchronized (log)
        {
            return Collections.unmodifiableList(new ArrayList<>(log));
        }
    }

    /** Indices of the FLUSH entries, ascending. */
    public int[] flushPoints()
    {
        return indicesOf(true);
    }

    /** Indices of every ordering point: FLUSH entries and writes with {@link Bio#REQ_FUA}, ascending. */
    public int[] orderingPoints()
    {
        return indicesOf(false);
    }

    /** Index of the first MARK with {@code label}, or -1. */
    public int indexOfMark(final String label)
    {
        for (final Entry e : entries())
        {
            if (e.kind == Kind.MARK && e.label.equals(label))
            {
                return e.index;
            }
        }
        return -1;
    }

    /** Drop every entry (for example after setting up the initial state). */
    public void clearLog()
    {
        synchronized (log)
        {
            log.clear();
        }
    }

    /** The state of a zeroed device that saw exactly the first {@code entryCount} entries, in log order. */
    public MemoryDevice materialise(final int entryCount)
    {
        return materialise(null, entryCount);
    }

    /** Like {@link #materialise(int)}, starting from a copy of {@code base} (not modified) instead of zeros. */
    public MemoryDevice materialise(final MemoryDevice base, final int entryCount)
    {
        final List<Entry> entries = prefix(entryCount);
        final MemoryDevice image = newImage(base, "@" + entryCount);
        for (final Entry e : entries)
        {
            e.applyTo(image);
        }
        return image;
    }

    /**
     * The worst crash state at log position {@code crashEntry}: every durable write is present (in
     * log order) and every write not yet durable is lost. One of the states {@link #crashState}
     * may return, chosen without randomness, for oracles that must see a missing flush every time.
     * Starts from a copy of {@code base} (not modified), or zeros when it is null.
     */
    public MemoryDevice durableState(final MemoryDevice base, final int crashEntry)
    {
        final List<Entry> entries = prefix(crashEntry);
        int durablePrefix = 0;
        for (final Entry e : entries)
        {
            if (e.kind == Kind.FLUSH)
            {
                durablePrefix = Math.max(durablePrefix, e.covers);
            }
        }
        final MemoryDevice image = newImage(base, "@durable" + crashEntry);
        for (final Entry e : entries)
        {
            if ((e.kind == Kind.WRITE || e.kind == Kind.DISCARD) && (e.index < durablePrefix || e.isFua()))
            {
                e.applyTo(image);
            }
        }
        return image;
    }

    /** A crash state at log position {@code crashEntry} of a zeroed device (model in the class comment). */
    public MemoryDevice crashState(final Random rnd, final int crashEntry)
    {
        return crashState(null, rnd, crashEntry);
    }

    /** Like {@link #crashState(Random, int)}, starting from a copy of {@code base} (not modified). */
    public MemoryDevice crashState(final MemoryDevice base, final Random rnd, final int crashEntry)
    {
        final List<Entry> entries = prefix(crashEntry);
        int durablePrefix = 0;
        for (final Entry e : entries)
        {
            if (e.kind == Kind.FLUSH)
            {
                durablePrefix = Math.max(durablePrefix, e.covers);
            }
        }
        final MemoryDevice image = newImage(base, "@crash" + crashEntry);
        // java.util.Random's first outputs barely differ between consecutive seeds; a mixed
        // generator seeded from it makes crashState(new Random(i)) vary for i = 0, 1, 2, ...
        final SplittableRandom mixed = new SplittableRandom(rnd.nextLong());
        final ArrayList<Entry> group = new ArrayList<>();
        for (final Entry e : entries)
        {
            if (e.kind != Kind.WRITE && e.kind != Kind.DISCARD)
            {
                continue;
            }
            if (e.index < durablePrefix || e.isFua())
            {
                applyShuffled(group, mixed, image);
                e.applyTo(image);
            }
            else if (mixed.nextBoolean())
            {
                group.add(e);
            }
        }
        applyShuffled(group, mixed, image);
        return image;
    }

    @Override
    public String toString()
    {
        return "log-writes " + name + " over " + inner.name() + ", " + size() + " entries";
    }

    private static void applyShuffled(final ArrayList<Entry> group, final SplittableRandom rnd,
                                      final MemoryDevice image)
    {
        for (int i = group.size() - 1; i > 0; i--)
        {
            Collections.swap(group, i, rnd.nextInt(i + 1));
        }
        for (final Entry e : group)
        {
            e.applyTo(image);
        }
        group.clear();
    }

    private List<Entry> prefix(final int entryCount)
    {
        synchronized (log)
        {
            if (entryCount < 0 || entryCount > log.size())
            {
                throw new IllegalArgumentException("entry count " + entryCount + " outside [0, " + log.size() + "]");
            }
            return new ArrayList<>(log.subList(0, entryCount));
        }
    }

    private MemoryDevice newImage(final MemoryDevice base, final String suffix)
    {
        if (base == null)
        {
            return new MemoryDevice(name + suffix, inner.sizeSectors(), inner.logicalBlockSize());
        }
        return base.copy(name + suffix);
    }

    private int[] indicesOf(final boolean flushesOnly)
    {
        synchronized (log)
        {
            return log.stream()
                .filter(e -> e.kind == Kind.FLUSH || (!flushesOnly && e.kind == Kind.WRITE && e.isFua()))
                .mapToInt(e -> e.index)
                .toArray();
        }
    }

    /** Completion hook: append the bio's entries, then hand the bio back to its submitter. */
    private void logged(final Bio bio, final int covers)
    {
        final boolean preflush = bio.op() == BioOp.FLUSH || bio.hasFlag(Bio.REQ_PREFLUSH);
        byte[] payload = null;
        if (bio.op() == BioOp.WRITE && bio.data() != null)
        {
            payload = new byte[(int) bio.bytes()];
            bio.data().get(bio.dataOffset(), payload);
        }
        synchronized (log)
        {
            if (preflush)
            {
                log.add(new Entry(log.size(), Kind.FLUSH, 0, 0, bio.flags(), null, null, covers));
            }
            if (bio.op() == BioOp.WRITE)
            {
                log.add(new Entry(log.size(), Kind.WRITE, bio.sector(), bio.sectors(), bio.flags(), payload, null, 0));
            }
            else if (bio.op() == BioOp.DISCARD)
            {
                log.add(new Entry(log.size(), Kind.DISCARD, bio.sector(), bio.sectors(), bio.flags(), null, null, 0));
            }
        }
    }

    /** Per-bio completion interposer: remembers the submitter's callback. Allocated per logged bio. */
    private static final class Interposer implements BioEndIo
    {
        private final LogWritesDevice device;
        private final BioEndIo endIo;
        private final Object owner;
        private final int covers;

        Interposer(final LogWritesDevice device, final BioEndIo endIo, final Object owner, final int covers)
        {
            this.device = device;
            this.endIo = endIo;
            this.owner = owner;
            this.covers = covers;
        }

        @Override
        public void endIo(final Bio bio, final int status)
        {
            bio.endIo(endIo, owner);
            if (status == BlkStatus.OK)
            {
                device.logged(bio, covers);
            }
            bio.complete(status);
        }
    }

    /** One log entry. Immutable; {@link #data()} returns the logged array itself, do not modify it. */
    public static final class Entry
    {
        private final int index;
        private final Kind kind;
        private final long sector;
        private final int sectors;
        private final int flags;
        private final byte[] data;
        private final String label;
        private final int covers;

        Entry(final int index, final Kind kind, final long sector, final int sectors, final int flags,
              final byte[] data, final String label, final int covers)
        {
            this.index = index;
            this.kind = kind;
            this.sector = sector;
            this.sectors = sectors;
            this.flags = flags;
            this.data = data;
            this.label = label;
            this.covers = covers;
        }

        public int index()
        {
            return index;
        }

        public Kind kind()
        {
            return kind;
        }

        public long sector()
        {
            return sector;
        }

        public int sectors()
        {
            return sectors;
        }

        public int flags()
        {
            return flags;
        }

        public boolean isFua()
        {
            return (flags & Bio.REQ_FUA) != 0;
        }

        /** The written payload of a WRITE, or null. */
        public byte[] data()
        {
            return data;
        }

        /** The label of a MARK, or null. */
        public String label()
        {
            return label;
        }

        /** For a FLUSH: entries {@code [0, covers)} are durable once it completed. */
        public int covers()
        {
            return covers;
        }

        void applyTo(final MemoryDevice image)
        {
            if (kind == Kind.WRITE && data != null)
            {
                image.write(sector, ByteBuffer.wrap(data), 0, sectors);
            }
            else if (kind == Kind.DISCARD)
            {
                image.zero(sector, sectors);
            }
        }

        @Override
        public String toString()
        {
            switch (kind)
            {
                case MARK:
                    return index + " MARK " + label;
                case FLUSH:
                    return index + " FLUSH covers " + covers;
                default:
                    return index + " " + kind + " " + sector + "+" + sectors + (isFua() ? " FUA" : "");
            }
        }
    }
}
