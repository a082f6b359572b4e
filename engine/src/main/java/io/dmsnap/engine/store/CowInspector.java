package io.dmsnap.engine.store;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.SyncIo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a persistent-store COW image offline and checks it ({@code dmsnap inspect}).
 *
 * <p>This is a second, independent reading of the on-disk format ({@code area_location}, {@code read_header}, {@code read_exceptions}): it shares no
 * code with {@link PersistentStore}, so that a mistake in one shows up as a disagreement with the
 * other in tests. It walks the areas the way a replay does (stop at the first area that is not
 * full), computes what the kernel would compute after that replay (next free chunk, status
 * numbers), and then checks the invariants a healthy image keeps (see {@link CowReport#verify()}).
 *
 * <p>The device must not be written while it is inspected. Reads are synchronous, one chunk at a
 * time, on the calling thread.
 */
public final class CowInspector
{
    static final int MAGIC = 0x70416E53;
    static final int VERSION = 1;
    static final int ENTRY_BYTES = 16;
    static final long MAX_CHUNK_SECTORS = Integer.MAX_VALUE >> Bio.SECTOR_SHIFT;

    private CowInspector()
    {
    }

    /**
     * Inspect {@code cow}. {@code chunkSizeOverride}, when not null, is used instead of the header's
     * chunk size (for an image whose header field is damaged); a disagreement becomes a note.
     *
     * @throws InspectException when the image cannot be interpreted (blank, wrong magic or
     *         version, illegal chunk size, unreadable header)
     */
    public static CowReport inspect(final BlockDevice cow, final Integer chunkSizeOverride) throws InspectException
    {
        final long sectors = cow.sizeSectors();
        final int block = Math.max(Bio.SECTOR_SIZE, cow.logicalBlockSize());
        if (sectors < block >> Bio.SECTOR_SHIFT)
        {
            throw new InspectException("device " + cow.name() + " has " + sectors + " sectors: too small for a header");
        }
        final ByteBuffer head = ByteBuffer.allocate(block).order(ByteOrder.LITTLE_ENDIAN);
        final int status = readQuietly(cow, 0, head);
        if (status != BlkStatus.OK)
        {
            throw new InspectException("cannot read the header (chunk 0, sector 0): " + BlkStatus.name(status));
        }
        final int magic = head.getInt(0);
        final int valid = head.getInt(4);
        final int version = head.getInt(8);
        final long headerChunk = Integer.toUnsignedLong(head.getInt(12));
        if (magic == 0)
        {
            throw new InspectException("no snapshot header: magic at byte 0 is 0 (a blank COW device; "
                                       + "the kernel would initialise it as a new snapshot)");
        }
        if (magic != MAGIC)
        {
            throw new InspectException(String.format("wrong magic 0x%08X at byte 0: expected 0x%08X (\"SnAp\"), "
                                                     + "not a persistent snapshot COW device", magic, MAGIC));
        }
        if (version != VERSION)
        {
            throw new InspectException("unsupported on-disk version " + Integer.toUnsignedString(version)
                                       + " at byte 8: only version " + VERSION + " exists");
        }
        final List<String> notes = new ArrayList<>();
        final long chunk;
        if (chunkSizeOverride != null)
        {
            chunk = chunkSizeOverride;
            checkChunkSize(chunk, cow, "chunk size override " + chunk);
            if (chunk != headerChunk)
            {
                notes.add("chunk size " + chunk + " given by the caller; the header says " + headerChunk);
            }
        }
        else
        {
            chunk = headerChunk;
            checkChunkSize(chunk, cow, "chunk size " + headerChunk + " in the header (byte 12)");
        }
        final ViolationList violations = new ViolationList();
        if (valid == 0)
        {
            // A violation, not a remark: such a snapshot can only be removed, whatever its areas say.
            violations.add("invalid header", "the header marks the snapshot invalid (valid = 0 at byte 4): the kernel "
                           + "loads no exceptions and reports the status \"Invalid\"");
        }
        final Walk walk = new Walk(cow, (int) chunk, violations);
        final CowReport report = walk.run(new CowReport.Header(magic, valid, version, headerChunk), notes,
                                          chunkSizeOverride == null);
        return report;
    }

    private static void checkChunkSize(final long chunk, final BlockDevice cow, final String what)
        throws InspectException
    {
        final long blockSectors = Math.max(1, cow.logicalBlockSize() >> Bio.SECTOR_SHIFT);
        if (chunk <= 0 || Long.bitCount(chunk) != 1)
        {
            throw new InspectException(what + " is not a power of 2");
        }
        if (chunk % blockSectors != 0)
        {
            throw new InspectException(what + " is not a multiple of the device block (" + blockSectors + " sectors)");
        }
        if (chunk > MAX_CHUNK_SECTORS)
        {
            throw new InspectException(what + " is above the largest legal chunk (" + MAX_CHUNK_SECTORS + " sectors)");
        }
    }

    private static int readQuietly(final BlockDevice cow, final long sector, final ByteBuffer buf)
    {
        try
        {
            return SyncIo.read(cow, sector, buf);
        }
        catch (final RuntimeException e)
        {
            return BlkStatus.IOERR;
        }
    }

    /** One pass over the areas, then the invariant checks. */
    private static final class Walk
    {
        private final BlockDevice cow;
        private final int chunk;
        private final int epa;
        private final long stride;
        private final long deviceChunks;
        private final List<CowReport.Area> areas = new ArrayList<>();
        private final ViolationList violations;
        private long leaked;
        private long[] olds = new long[1024];
        private long[] news = new long[1024];
        private int count;

        Walk(final BlockDevice cow, final int chunk, final ViolationList violations)
        {
            this.cow = cow;
            this.chunk = chunk;
            this.epa = (int) (((long) chunk << Bio.SECTOR_SHIFT) / ENTRY_BYTES);
            this.stride = epa + 1L;
            this.deviceChunks = cow.sizeSectors() / chunk;
            this.violations = violations;
        }

        /**
         * Walk the areas, check the references; {@code probeChunkSizes}: when the header's chunk
         * size finds no exception, look for areas that fit another chunk size.
         */
        CowReport run(final CowReport.Header header, final List<String> notes, final boolean probeChunkSizes)
        {
            ByteBuffer buf = null;   // allocated once the device is known to hold area 0: a chunk can be 1 GiB
            long maxNew = 0;
            long lastArea = 0;
            for (long a = 0; ; a++)
            {
                final long location = 1 + stride * a;
                if (location >= deviceChunks)
                {
                    violations.add("truncated device", "truncated device: area " + a + " belongs at chunk " + location
                                   + " but the device has only " + deviceChunks + " chunks"
                                   + (a == 0 ? "" : " (area " + (a - 1) + " is full, so replay needs area " + a + ")"));
                    break;
                }
                lastArea = a;
                if (buf == null)
                {
                    buf = ByteBuffer.allocate(chunk << Bio.SECTOR_SHIFT).order(ByteOrder.LITTLE_ENDIAN);
                }
                final int status = readQuietly(cow, location * chunk, buf);
                if (status != BlkStatus.OK)
                {
                    violations.add("unreadable area", "area " + a + " (chunk " + location + "): read error: "
                                   + BlkStatus.name(status));
                    break;
                }
                int terminator = -1;
                for (int i = 0; i < epa; i++)
                {
                    final long nu = buf.getLong(i * ENTRY_BYTES + 8);
                    if (nu == 0)
                    {
                        terminator = i;
                        break;
                    }
                    add(buf.getLong(i * ENTRY_BYTES), nu);
                    if (Long.compareUnsigned(nu, deviceChunks) < 0)
                    {
                        maxNew = Math.max(maxNew, nu);   // on the device: below 2^63, a signed max is exact
                    }
                }
                int stray = 0;
                int firstStray = -1;
                for (int i = terminator + 1; terminator >= 0 && i < epa; i++)
                {
                    if (buf.getLong(i * ENTRY_BYTES) != 0 || buf.getLong(i * ENTRY_BYTES + 8) != 0)
                    {
                        stray++;
                        firstStray = firstStray < 0 ? i : firstStray;
                    }
                }
                areas.add(new CowReport.Area(a, location, terminator < 0 ? epa : terminator, terminator < 0,
                                             terminator, stray));
                if (stray > 0)
                {
                    violations.add("stray entries", "area " + a + " (chunk " + location + "): " + stray
                                   + (stray == 1 ? " non-zero entry" : " non-zero entries")
                                   + " after the terminator at #" + terminator
                                   + " (first at #" + firstStray + "); replay ignores them");
                }
                if (terminator >= 0)
                {
                    break;
                }
            }
            long nextFree = Math.max(2, maxNew + 1);
            if (nextFree % stride == 1)
            {
                nextFree++;
            }
            checkReferences(nextFree);
            if (probeChunkSizes && count == 0 && buf != null)
            {
                probeOtherChunkSizes();
            }
            final long[] o = Arrays.copyOf(olds, count);
            final long[] n = Arrays.copyOf(news, count);
            return new CowReport(cow.name(), cow.sizeSectors(), deviceChunks, header, chunk, epa, areas, o, n,
                                 nextFree, lastArea, notes, violations.lines(), leaked);
        }

        /**
         * A header whose chunk size was changed to another legal one walks the wrong sectors: area 0
         * of the real geometry is not where this walk looked, so every exception is lost without
         * another violation. Look at area 0 of every other legal chunk size (one block each) and
         * flag the first whose first entry is a data chunk of that geometry.
         */
        private void probeOtherChunkSizes()
        {
            final int block = Math.max(Bio.SECTOR_SIZE, cow.logicalBlockSize());
            final ByteBuffer probe = ByteBuffer.allocate(block).order(ByteOrder.LITTLE_ENDIAN);
            final long sectors = cow.sizeSectors();
            for (long c = Math.max(1, block >> Bio.SECTOR_SHIFT); c <= MAX_CHUNK_SECTORS && 2 * c <= sectors; c <<= 1)
            {
                if (c == chunk || readQuietly(cow, c, probe) != BlkStatus.OK)
                {
                    continue;
                }
                final long otherStride = (c << Bio.SECTOR_SHIFT) / ENTRY_BYTES + 1;
                final long otherChunks = sectors / c;
                int fitting = 0;
                for (int i = 0; i < block / ENTRY_BYTES; i++)
                {
                    final long nu = probe.getLong(i * ENTRY_BYTES + 8);
                    if (nu == 0 || Long.compareUnsigned(nu, otherChunks) >= 0 || nu % otherStride == 1)
                    {
                        break;
                    }
                    fitting++;
                }
                if (fitting > 0)
                {
                    violations.add("chunk size inconsistent with the areas", "chunk size " + chunk
                                   + " in the header does not fit the metadata: its area 0 (chunk 1, sector " + chunk
                                   + ") holds no exception, but sector " + c + " starts with " + fitting
                                   + (fitting == 1 ? " exception" : " exceptions") + " that fit a chunk size of " + c
                                   + " sectors (try --chunk-size " + c + ")");
                    return;
                }
            }
        }

        private void add(final long old, final long nu)
        {
            if (count == olds.length)
            {
                olds = Arrays.copyOf(olds, count * 2);
                news = Arrays.copyOf(news, count * 2);
            }
            olds[count] = old;
            news[count] = nu;
            count++;
        }

        /** Where the g-th replayed entry lives: every area before the last is full. */
        private String where(final int g)
        {
            return "area " + (g / epa) + " entry #" + (g % epa);
        }

        private void checkReferences(final long nextFree)
        {
            for (int g = 0; g < count; g++)
            {
                final long nu = news[g];
                if (Long.compareUnsigned(nu, deviceChunks) >= 0)
                {
                    violations.add("new chunks beyond the device", where(g) + ": new chunk " + Long.toUnsignedString(nu)
                                   + " lies beyond the device (" + deviceChunks + " chunks)");
                }
                else if (nu % stride == 1)
                {
                    violations.add("metadata chunks referenced as data", where(g) + ": new chunk " + nu
                                   + " is the location of metadata area " + (nu / stride)
                                   + " (a metadata chunk referenced as data)");
                }
            }
            final long[] sorted = Arrays.copyOf(news, count);
            Arrays.sort(sorted);
            reportRepeats(news, sorted, "COW chunks referenced more than once", "COW chunk ", " referenced ", "");
            final long[] sortedOld = Arrays.copyOf(olds, count);
            Arrays.sort(sortedOld);
            reportRepeats(olds, sortedOld, "old chunks replayed more than once", "old chunk ", " replayed ",
                          " (the kernel adds each; which one a read finds depends on its exception table)");
            findLeaks(nextFree, sorted);
        }

        /** One violation per value that {@code values} holds more than once, naming its first places. */
        private void reportRepeats(final long[] values, final long[] sorted, final String title, final String what,
                                   final String verb, final String suffix)
        {
            final Map<Long, List<Integer>> repeated = new LinkedHashMap<>();
            for (int k = 1; k < count; k++)
            {
                if (sorted[k] == sorted[k - 1])
                {
                    repeated.put(sorted[k], new ArrayList<>());
                }
            }
            if (repeated.isEmpty())
            {
                return;
            }
            final int[] times = new int[repeated.size()];
            final Map<Long, Integer> slot = new LinkedHashMap<>();
            for (final Long v : repeated.keySet())
            {
                slot.put(v, slot.size());
            }
            for (int g = 0; g < count; g++)
            {
                final List<Integer> at = repeated.get(values[g]);
                if (at != null)
                {
                    times[slot.get(values[g])]++;
                    if (at.size() < ViolationList.PLACES)
                    {
                        at.add(g);
                    }
                }
            }
            for (final Map.Entry<Long, List<Integer>> e : repeated.entrySet())
            {
                final int n = times[slot.get(e.getKey())];
                final StringBuilder places = new StringBuilder();
                for (final int g : e.getValue())
                {
                    places.append(places.length() == 0 ? "" : ", ").append(where(g));
                }
                if (n > e.getValue().size())
                {
                    places.append(" and ").append(n - e.getValue().size()).append(" more");
                }
                violations.add(title, what + Long.toUnsignedString(e.getKey()) + verb + n + " times: " + places + suffix);
            }
        }

        /** Runs of chunks in [2, next_free) that are neither an area nor some entry's new chunk. */
        private void findLeaks(final long nextFree, final long[] sorted)
        {
            final long limit = Math.min(nextFree, deviceChunks);
            int k = 0;
            long leakStart = -1;
            for (long c = 2; c < limit; c++)
            {
                while (k < sorted.length && sorted[k] < c)
                {
                    k++;
                }
                final boolean used = c % stride == 1 || (k < sorted.length && sorted[k] == c);
                if (!used && leakStart < 0)
                {
                    leakStart = c;
                }
                else if (used && leakStart >= 0)
                {
                    leak(leakStart, c - 1, nextFree);
                    leakStart = -1;
                }
            }
            if (leakStart >= 0)
            {
                leak(leakStart, limit - 1, nextFree);
            }
        }

        private void leak(final long from, final long to, final long nextFree)
        {
            leaked += to - from + 1;
            violations.add("leaks below next_free " + nextFree, "leak: chunks " + range(from, to) + " (" + (to - from + 1) + ") below next_free "
                           + nextFree + " are neither metadata nor referenced");
        }

        private static String range(final long from, final long to)
        {
            return from == to ? Long.toString(from) : from + "-" + to;
        }
    }
}
