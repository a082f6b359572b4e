package io.dmsnap.bench.fio;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * fio's "Run status group N (all jobs)" figures of one group and direction, over the group's
 * report entries that did I/O in that direction: bytes, the aggregate bandwidth (all bytes over
 * the longest runtime), the lowest and highest entry bandwidth and runtime. Also the base of
 * {@code bw_agg} (an entry's mean bandwidth sample in percent of the aggregate). Immutable.
 */
public final class FioGroupStatus
{
    private final int groupId;
    private final long[] ioBytes = new long[2];
    private final long[] minRunMillis = {Long.MAX_VALUE, Long.MAX_VALUE};
    private final long[] maxRunMillis = new long[2];
    private final long[] minBw = {Long.MAX_VALUE, Long.MAX_VALUE};
    private final long[] maxBw = new long[2];

    private FioGroupStatus(final int groupId, final List<FioResult> entries)
    {
        this.groupId = groupId;
        for (final FioResult r : entries)
        {
            for (int d = 0; d < 2; d++)
            {
                final FioDirectionResult dir = d == 0 ? r.read() : r.write();
                if (dir.runtimeMillis() == 0)
                {
                    continue;
                }
                ioBytes[d] += dir.ioBytes();
                minRunMillis[d] = Math.min(minRunMillis[d], dir.runtimeMillis());
                maxRunMillis[d] = Math.max(maxRunMillis[d], dir.runtimeMillis());
                minBw[d] = Math.min(minBw[d], dir.bwBytes());
                maxBw[d] = Math.max(maxBw[d], dir.bwBytes());
            }
        }
    }

    /** One status per group id, in id order. */
    public static List<FioGroupStatus> of(final List<FioResult> results)
    {
        final Map<Integer, List<FioResult>> byGroup = new TreeMap<>();
        for (final FioResult r : results)
        {
            byGroup.computeIfAbsent(r.groupId(), g -> new ArrayList<>()).add(r);
        }
        final List<FioGroupStatus> groups = new ArrayList<>();
        byGroup.forEach((g, rs) -> groups.add(new FioGroupStatus(g, rs)));
        return groups;
    }

    /** The status of {@code groupId} among {@code groups}. */
    public static FioGroupStatus find(final List<FioGroupStatus> groups, final int groupId)
    {
        for (final FioGroupStatus g : groups)
        {
            if (g.groupId == groupId)
            {
                return g;
            }
        }
        throw new IllegalArgumentException("no group " + groupId);
    }

    public int groupId()
    {
        return groupId;
    }

    /** Whether an entry of the group did I/O in direction {@code d} (0 read, 1 write). */
    public boolean hasIo(final int d)
    {
        return maxRunMillis[d] > 0;
    }

    public long ioBytes(final int d)
    {
        return ioBytes[d];
    }

    /** fio's aggregate bandwidth: all bytes over the longest runtime, bytes/s. */
    public long aggregateBw(final int d)
    {
        return maxRunMillis[d] == 0 ? 0 : (long) (ioBytes[d] * 1000.0 / maxRunMillis[d]);
    }

    public long minBw(final int d)
    {
        return hasIo(d) ? minBw[d] : 0;
    }

    public long maxBw(final int d)
    {
        return maxBw[d];
    }

    public long minRunMillis(final int d)
    {
        return hasIo(d) ? minRunMillis[d] : 0;
    }

    public long maxRunMillis(final int d)
    {
        return maxRunMillis[d];
    }

    /** fio's bw_agg / "per=": a mean bandwidth sample (KiB/s) in percent of the aggregate, at most 100. */
    public double percentOfAggregate(final int d, final double meanKib)
    {
        final long aggKib = aggregateBw(d) / 1024;
        return aggKib == 0 ? 0 : Math.min(100.0, meanKib * 100 / aggKib);
    }
}
