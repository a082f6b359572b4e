package io.dmsnap.bench.fio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The sizes of a job's I/Os in one direction, from fio's {@code bs}, {@code bsrange} or
 * {@code bssplit}: one size, a range (sizes from min to max in steps of min, uniformly, as fio
 * aligns them to the minimum), or a weighted split. Immutable.
 *
 * <p>Choosing is allocation-free: {@link #pick(long)} maps 64 random bits to a size through a
 * 100-entry table built once (a split's percentages, cumulative as fio walks them; percentages
 * left blank share what remains evenly; a total under 100 leaves the remainder to the entry with
 * the largest share, the one fio's lookup ends on).
 */
public final class BlockSizeSpec
{
    private static final int MAX_BLOCK_SIZE = 64 << 20;

    private final int min;
    private final int max;
    /** Sizes by percentile (a split), or null for a single size or a range. */
    private final int[] table;
    private final String text;

    private BlockSizeSpec(final int min, final int max, final int[] table, final String text)
    {
        this.min = min;
        this.max = max;
        this.table = table;
        this.text = text;
    }

    /** One size. */
    public static BlockSizeSpec fixed(final int size)
    {
        return new BlockSizeSpec(size, size, null, Integer.toString(size));
    }

    /** A {@code bs} value for one direction: a single size. */
    static BlockSizeSpec size(final String key, final String value, final int kbBase)
    {
        return fixed(checked(key, value, FioValues.size(key, value, kbBase)));
    }

    /** A {@code bsrange} value for one direction: {@code min-max} or {@code min:max} (swapped when reversed). */
    static BlockSizeSpec range(final String key, final String value, final int kbBase)
    {
        final String v = value.trim();
        int sep = v.indexOf(':');
        if (sep < 0)
        {
            sep = v.indexOf('-');
        }
        if (sep < 0)
        {
            return size(key, v, kbBase);
        }
        final int a = checked(key, value, FioValues.size(key, v.substring(0, sep), kbBase));
        final int b = checked(key, value, FioValues.size(key, v.substring(sep + 1), kbBase));
        final int lo = Math.min(a, b);
        final int hi = Math.max(a, b);
        return new BlockSizeSpec(lo, hi, null, lo + "-" + hi);
    }

    /** A {@code bssplit} value for one direction: {@code size/percent:size/percent...}. */
    static BlockSizeSpec split(final String key, final String value, final int kbBase)
    {
        final List<int[]> entries = new ArrayList<>();
        int given = 0;
        int missing = 0;
        for (final String part : value.trim().split(":"))
        {
            if (part.isBlank())
            {
                continue;
            }
            final int slash = part.indexOf('/');
            final int size = checked(key, value, FioValues.size(key, slash < 0 ? part : part.substring(0, slash), kbBase));
            final String p = slash < 0 ? "" : part.substring(slash + 1).trim();
            final int percent = p.isEmpty() ? -1 : (int) FioValues.integer(key, p, 0, 100);
            if (percent < 0)
            {
                missing++;
            }
            else
            {
                given += percent;
            }
            entries.add(new int[] {size, percent});
        }
        if (entries.isEmpty())
        {
            throw FioValues.bad(key, value, "size/percent pairs separated by ':', e.g. 4k/50:64k/50");
        }
        if (given > 100 && missing > 1)
        {
            throw FioValues.bad(key, value, "percentages that add up to at most 100");
        }
        if (missing > 0)
        {
            final int share = (missing == 1 && entries.size() == 1 ? 100 : 100 - given) / missing;
            for (final int[] e : entries)
            {
                if (e[1] < 0)
                {
                    e[1] = Math.max(0, share);
                }
            }
        }
        // Ascending by percentage: the lookup walks the cumulative shares and ends on the largest.
        entries.sort((x, y) -> Integer.compare(x[1], y[1]));
        final int[] table = new int[100];
        int at = 0;
        int lo = Integer.MAX_VALUE;
        int hi = 0;
        for (final int[] e : entries)
        {
            lo = Math.min(lo, e[0]);
            hi = Math.max(hi, e[0]);
            for (int i = 0; i < e[1] && at < 100; i++)
            {
                table[at++] = e[0];
            }
        }
        Arrays.fill(table, at, 100, entries.get(entries.size() - 1)[0]);
        return new BlockSizeSpec(lo, hi, table, value.trim());
    }

    private static int checked(final String key, final String value, final long bs)
    {
        if (bs < 512 || bs > MAX_BLOCK_SIZE || bs % 512 != 0)
        {
            throw FioValues.bad(key, value, "block sizes that are multiples of 512 bytes from 512 to 64m");
        }
        return (int) bs;
    }

    /** The size of one I/O for 64 random bits. Allocation-free. */
    public int pick(final long random)
    {
        if (table != null)
        {
            return table[(int) Long.remainderUnsigned(random, 100)];
        }
        if (min == max)
        {
            return min;
        }
        final long steps = (max - min) / min + 1;
        return (int) Math.min(max, min + Long.remainderUnsigned(random, steps) * min);
    }

    public int min()
    {
        return min;
    }

    public int max()
    {
        return max;
    }

    /** Whether every I/O has the same size. */
    public boolean isFixed()
    {
        return min == max;
    }

    /** The share (0 to 100) of I/Os of {@code size} in a split, or -1 for a single size or range. */
    public int percentOf(final int size)
    {
        if (table == null)
        {
            return -1;
        }
        int n = 0;
        for (final int s : table)
        {
            n += s == size ? 1 : 0;
        }
        return n;
    }

    @Override
    public String toString()
    {
        return text;
    }

    /**
     * fio's per-direction lists ({@code bs=r,w,t}): a value not ending in a comma carries on to
     * the later directions, an empty one keeps the default. Returns {read, write}.
     */
    static String[] perDirection(final String value)
    {
        final String[] parts = value.split(",", -1);
        final String[] out = new String[2];
        String last = null;
        for (int d = 0; d < 2; d++)
        {
            if (d < parts.length)
            {
                final String p = parts[d].trim();
                out[d] = p.isEmpty() ? null : p;
                last = d == parts.length - 1 ? out[d] : null;
            }
            else
            {
                out[d] = last;
            }
        }
        return out;
    }
}
