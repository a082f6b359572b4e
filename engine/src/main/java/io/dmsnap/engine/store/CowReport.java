package io.dmsnap.engine.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What {@link CowInspector} found on a COW image: the header, the areas a replay reads, the
 * exceptions (folded into runs), what the kernel would compute after replay, notes, and the
 * invariant violations. Immutable.
 *
 * <p>JSON key set of {@link #toJson()} (stable; new keys are only ever added):
 * <pre>
 * device            {name, sectors, chunks}
 * header            {magic, magicHex, valid, version, chunkSize}   as read from chunk 0
 * chunkSize         chunk size used for the walk (header or override), sectors
 * exceptionsPerArea entries per metadata area
 * areas             [{index, location, entries, full, terminator (null when full), strayEntries}]
 * exceptionCount    number of exceptions replayed
 * runs              [{old, new, length}]  consecutive exceptions folded, in replay order
 * nextFree          chunk the store would allocate next after replay
 * usage             {allocated, total, metadata}  sectors, as the status line prints them
 * status            the status INFO text the kernel would print ("Invalid" or "a/t m")
 * notes             [string]  remarks that are not violations (override, header invalid)
 * violations        [string]  invariant violations, each naming what and where
 * ok                true when violations is empty
 * </pre>
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

    CowReport(final String deviceName, final long deviceSectors, final long deviceChunks, final Header header,
              final int chunkSize, final int exceptionsPerArea, final List<Area> areas, final long[] olds,
              final long[] news, final long nextFree, final long lastArea, final List<String> notes,
              final List<String> violations)
    {
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

    public boolean ok()
    {
        return violations.isEmpty();
    }

    /** A report for a person: header block, areas table, folded runs, usage line, verdict. */
    public String toText()
    {
        final StringBuilder b = new StringBuilder(1024);
        b.append("COW image ").append(deviceName).append(": ").append(deviceSectors).append(" sectors, ")
         .append(deviceChunks).append(" chunks of ").append(chunkSize).append(" sectors\n\n");
        b.append("Header\n");
        b.append(String.format("  magic       0x%08X (\"SnAp\")%n", header.magic()));
        b.append("  valid       ").append(Integer.toUnsignedString(header.valid()))
         .append(header.valid() == 0 ? " (invalidated)" : "").append('\n');
        b.append("  version     ").append(Integer.toUnsignedString(header.version())).append('\n');
        b.append("  chunk size  ").append(header.chunkSize()).append(" sectors")
         .append(header.chunkSize() == chunkSize ? "" : " (walked with " + chunkSize + ")").append('\n');
        b.append("  per area    ").append(exceptionsPerArea).append(" exceptions\n\n");

        b.append("Areas\n");
        b.append(String.format("  %6s %12s %8s  %s%n", "area", "chunk", "entries", "state"));
        for (final Area a : areas)
        {
            final String state = a.full() ? "full" : "terminator at #" + a.terminator()
                + (a.strayEntries() == 0 ? "" : ", " + a.strayEntries()
                   + (a.strayEntries() == 1 ? " stray entry after it" : " stray entries after it"));
            b.append(String.format("  %6d %12d %8d  %s%n", a.index(), a.location(), a.entries(), state));
        }
        b.append('\n');

        b.append("Exceptions: ").append(olds.length).append(" in ").append(runs.size())
         .append(runs.size() == 1 ? " run\n" : " runs\n");
        for (final Run r : runs)
        {
            b.append("  ").append(r).append('\n');
        }
        b.append('\n');
        b.append("next_free   ").append(nextFree).append('\n');
        b.append("usage       ").append(usageLine()).append('\n');
        b.append("status      ").append(statusLine()).append('\n');
        if (!notes.isEmpty())
        {
            b.append("\nNotes\n");
            for (final String n : notes)
            {
                b.append("  - ").append(n).append('\n');
            }
        }
        b.append('\n');
        if (violations.isEmpty())
        {
            b.append("Verdict: OK, no invariant violations\n");
        }
        else
        {
            b.append("Verdict: ").append(violations.size())
             .append(violations.size() == 1 ? " violation\n" : " violations\n");
            for (final String v : violations)
            {
                b.append("  - ").append(v).append('\n');
            }
        }
        return b.toString();
    }

    /** The report as one JSON object; the key set is documented on this class. */
    public String toJson()
    {
        final StringBuilder b = new StringBuilder(1024);
        b.append("{\"device\":{\"name\":");
        string(b, deviceName);
        b.append(",\"sectors\":").append(deviceSectors).append(",\"chunks\":").append(deviceChunks).append('}');
        b.append(",\"header\":{\"magic\":").append(Integer.toUnsignedLong(header.magic()))
         .append(",\"magicHex\":\"").append(String.format("0x%08X", header.magic())).append('"')
         .append(",\"valid\":").append(Integer.toUnsignedLong(header.valid()))
         .append(",\"version\":").append(Integer.toUnsignedLong(header.version()))
         .append(",\"chunkSize\":").append(header.chunkSize()).append('}');
        b.append(",\"chunkSize\":").append(chunkSize);
        b.append(",\"exceptionsPerArea\":").append(exceptionsPerArea);
        b.append(",\"areas\":[");
        for (int i = 0; i < areas.size(); i++)
        {
            final Area a = areas.get(i);
            b.append(i == 0 ? "" : ",").append("{\"index\":").append(a.index())
             .append(",\"location\":").append(a.location())
             .append(",\"entries\":").append(a.entries())
             .append(",\"full\":").append(a.full())
             .append(",\"terminator\":").append(a.full() ? "null" : Integer.toString(a.terminator()))
             .append(",\"strayEntries\":").append(a.strayEntries()).append('}');
        }
        b.append("],\"exceptionCount\":").append(olds.length);
        b.append(",\"runs\":[");
        for (int i = 0; i < runs.size(); i++)
        {
            final Run r = runs.get(i);
            b.append(i == 0 ? "" : ",").append("{\"old\":").append(r.oldStart())
             .append(",\"new\":").append(r.newStart())
             .append(",\"length\":").append(r.length()).append('}');
        }
        b.append("],\"nextFree\":").append(nextFree);
        b.append(",\"usage\":{\"allocated\":").append(allocatedSectors())
         .append(",\"total\":").append(deviceSectors)
         .append(",\"metadata\":").append(metadataSectors()).append('}');
        b.append(",\"status\":");
        string(b, statusLine());
        b.append(",\"notes\":");
        strings(b, notes);
        b.append(",\"violations\":");
        strings(b, violations);
        b.append(",\"ok\":").append(violations.isEmpty()).append('}');
        return b.toString();
    }

    private static void strings(final StringBuilder b, final List<String> list)
    {
        b.append('[');
        for (int i = 0; i < list.size(); i++)
        {
            if (i > 0)
            {
                b.append(',');
            }
            string(b, list.get(i));
        }
        b.append(']');
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped. */
    static void string(final StringBuilder b, final String s)
    {
        b.append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x2028 || c == 0x2029)
                    {
                        b.append(String.format("\\u%04x", (int) c));
                    }
                    else
                    {
                        b.append(c);
                    }
            }
        }
        b.append('"');
    }
}
