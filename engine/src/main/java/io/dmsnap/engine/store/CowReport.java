package io.dmsnap.engine.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What {@link CowInspector} found on a COW image: the header, the areas a replay reads, the
 * exceptions (folded into runs), what the kernel would compute after replay, notes, and the
 * invariant violations. Immutable. The command line renders it (text and JSON) where it shows it.
 */
public final class CowReport
{
    /** The header fields, as read. */
    public record Header(int magic, int valid, int version, long chunkSize)
    {
    }

    /**
     * One metadata area read by the walk. {@code entries} counts the entries before the
     * terminator ({@code epa} when full); {@code terminator} is the terminator's index or -1 when
     * the area is full; {@code strayEntries} counts non-zero entries after the terminator.
     */
    public record Area(long index, long location, int entries, boolean full, int terminator, int strayEntries)
    {
    }

    /** {@code length} consecutive exceptions {@code old+i -> new+i}. */
    public record Run(long oldStart, long newStart, long length)
    {
        /** "1000-1255 -> 2-257 (256)", or "7 -> 9 (1)" for a single exception. */
        @Override
        public String toString()
        {
            if (length == 1)
            {
                return oldStart + " -> " + newStart + " (1)";
            }
            return oldStart + "-" + (oldStart + length - 1) + " -> " + newStart + "-" + (newStart + length - 1)
                   + " (" + length + ")";
        }
    }

    private final String deviceName;
    private final long deviceSectors;
    private final long deviceChunks;
    private final Header header;
    private final int chunkSize;
    private final int exceptionsPerArea;
    private final List<Area> areas;
    private final long[] olds;
    private final long[] news;
    private final List<Run> runs;
    private final long nextFree;
    private final long lastArea;
    private final List<String> notes;
    private final List<String> violations;
    private final long leakedChunks;

    CowReport(final String deviceName, final long deviceSectors, final long deviceChunks, final Header header,
              final int chunkSize, final int exceptionsPerArea, final List<Area> areas, final long[] olds,
              final long[] news, final long nextFree, final long lastArea, final List<String> notes,
              final List<String> violations, final long leakedChunks)
    {
        this.leakedChunks = leakedChunks;
        this.deviceName = deviceName;
        this.deviceSectors = deviceSectors;
        this.deviceChunks = deviceChunks;
        this.header = header;
        this.chunkSize = chunkSize;
        this.exceptionsPerArea = exceptionsPerArea;
        this.areas = List.copyOf(areas);
        this.olds = olds;
        this.news = news;
        this.runs = fold(olds, news);
        this.nextFree = nextFree;
        this.lastArea = lastArea;
        this.notes = List.copyOf(notes);
        this.violations = List.copyOf(violations);
    }

    private static List<Run> fold(final long[] olds, final long[] news)
    {
        final List<Run> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= olds.length; i++)
        {
            if (i == olds.length || olds[i] != olds[i - 1] + 1 || news[i] != news[i - 1] + 1)
            {
                out.add(new Run(olds[start], news[start], i - start));
                start = i;
            }
        }
        return Collections.unmodifiableList(out);
    }

    public String deviceName()
    {
        return deviceName;
    }

    public long deviceSectors()
    {
        return deviceSectors;
    }

    /** Whole chunks on the device. */
    public long deviceChunks()
    {
        return deviceChunks;
    }

    public Header header()
    {
        return header;
    }

    /** Chunk size used to walk the image (the header's, or the caller's override). */
    public int chunkSize()
    {
        return chunkSize;
    }

    public int exceptionsPerArea()
    {
        return exceptionsPerArea;
    }

    /** Areas in the order read; the last one is the current area (or the one where reading failed). */
    public List<Area> areas()
    {
        return areas;
    }

    public int exceptionCount()
    {
        return olds.length;
    }

    public long oldChunk(final int i)
    {
        return olds[i];
    }

    public long newChunk(final int i)
    {
        return news[i];
    }

    /** Exceptions in replay order with consecutive ones (old and new both +1) folded. */
    public List<Run> runs()
    {
        return runs;
    }

    /** {@code max(2, max(new) + 1)}, stepped over an area location: what a replay leaves. */
    public long nextFree()
    {
        return nextFree;
    }

    public long allocatedSectors()
    {
        return nextFree * chunkSize;
    }

    public long metadataSectors()
    {
        return (lastArea + 2) * chunkSize;
    }

    /** "&lt;allocated&gt;/&lt;total&gt; &lt;metadata&gt;" as the status line prints it after replay. */
    public String usageLine()
    {
        return allocatedSectors() + "/" + deviceSectors + " " + metadataSectors();
    }

    /** The status INFO text: "Invalid" when the header is marked invalid, else {@link #usageLine()}. */
    public String statusLine()
    {
        return header.valid() == 0 ? "Invalid" : usageLine();
    }

    /** Remarks that are not violations. */
    public List<String> notes()
    {
        return notes;
    }

    /**
     * Invariant violations, each naming what and where: metadata chunks referenced as data, COW
     * chunks referenced more than once, leaked chunks below next_free, non-zero entries after a
     * terminator, new chunks beyond the device, a truncated device, unreadable areas. Empty when
     * the image is healthy.
     */
    public List<String> verify()
    {
        return violations;
    }

    /**
     * Chunks below next_free that are neither metadata nor referenced, summed over every leaked
     * run (the verdict names only the first few runs).
     */
    public long leakedChunks()
    {
        return leakedChunks;
    }

    public boolean ok()
    {
        return violations.isEmpty();
    }
}
