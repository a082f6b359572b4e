package io.dmsnap.bench.fio;

import java.util.List;
import java.util.Locale;

/**
 * What a job does per I/O beyond direction and depth: block sizes per direction ({@code bs},
 * {@code bsrange}, {@code bssplit}, {@code bs=r,w}), passes ({@code loops}), rate limits per
 * direction ({@code rate}, {@code rate_iops}, {@code io_submit_mode}), the random distribution,
 * flushes ({@code fsync}, {@code fdatasync}, {@code end_fsync}), sizes relative to the device
 * ({@code size=N%}, {@code offset=N%}, {@code filesize}, {@code fill_device}) and
 * {@code do_verify}. Immutable; built by {@link FioJob} through {@link Builder}.
 */
public final class JobShape
{
    static final int READ = 0;
    static final int WRITE = 1;

    private final BlockSizeSpec[] blockSizes;
    private final long loops;
    private final long[] rateBytes;
    private final boolean quiesceForRate;
    private final RandomDistribution.Spec distribution;
    private final long flushEvery;
    private final boolean endFsync;
    private final int sizePercent;
    private final int offsetPercent;
    private final long filesize;
    private final boolean fillDevice;
    private final boolean doVerify;

    private JobShape(final Builder b)
    {
        this.blockSizes = b.blockSizes.clone();
        this.loops = b.loops;
        this.rateBytes = new long[2];
        for (int d = 0; d < 2; d++)
        {
            rateBytes[d] = b.rate[d] > 0 ? b.rate[d] : b.rateIops[d] * blockSizes[d].min();
        }
        this.quiesceForRate = b.quiesce;
        this.distribution = b.distribution;
        this.flushEvery = b.fsync > 0 ? b.fsync : b.fdatasync;
        this.endFsync = b.endFsync;
        this.sizePercent = b.sizePercent;
        this.offsetPercent = b.offsetPercent;
        this.filesize = b.filesize;
        this.fillDevice = b.fillDevice;
        this.doVerify = b.doVerify;
    }

    /** Block sizes of direction {@code dir} (0 read, 1 write). */
    public BlockSizeSpec blockSizes(final int dir)
    {
        return blockSizes[dir];
    }

    /** The smallest block size of both directions: the unit of offsets and of the random map (fio's range size). */
    public int grain()
    {
        return Math.min(blockSizes[READ].min(), blockSizes[WRITE].min());
    }

    /** Whether every I/O, read or write, has one size. */
    public boolean fixedBlockSize()
    {
        return blockSizes[READ].isFixed() && blockSizes[WRITE].isFixed() && blockSizes[READ].min() == blockSizes[WRITE].min();
    }

    /** The largest block size of both directions: the size of the worker's buffers. */
    public int maxBlockSize()
    {
        return Math.max(blockSizes[READ].max(), blockSizes[WRITE].max());
    }

    /** "4096", or "read,write" when they differ. */
    public String describeBlockSizes()
    {
        final String r = blockSizes[READ].toString();
        final String w = blockSizes[WRITE].toString();
        return r.equals(w) ? r : r + "," + w;
    }

    /** Passes over the region (fio's {@code loops}), 1 by default. */
    public long loops()
    {
        return loops;
    }

    /** Bytes per second for direction {@code dir}, 0 for no limit (rate_iops converted with the smallest bs). */
    public long rateBytes(final int dir)
    {
        return rateBytes[dir];
    }

    /** Whether any direction is rate-limited. */
    public boolean rateLimited()
    {
        return rateBytes[READ] > 0 || rateBytes[WRITE] > 0;
    }

    /** io_submit_mode=inline (the default): drain the I/O in flight before waiting for the rate. */
    public boolean quiesceForRate()
    {
        return quiesceForRate;
    }

    public RandomDistribution.Spec distribution()
    {
        return distribution;
    }

    /** Writes between flushes (fsync or fdatasync), 0 for none. */
    public long flushEvery()
    {
        return flushEvery;
    }

    /** Whether the job ends with a flush (end_fsync). */
    public boolean endFsync()
    {
        return endFsync;
    }

    /** Whether a write job reads its blocks back when verify is set (fio's do_verify, default 1). */
    public boolean doVerify()
    {
        return doVerify;
    }

    /**
     * The job's size on a device of {@code deviceBytes}: {@code size} when given (> 0), else
     * {@code size=N%} of the device, else {@code filesize}, else the whole device for
     * {@code fill_device}; -1 when none is set.
     */
    long sizeBytes(final long size, final long deviceBytes)
    {
        if (size > 0)
        {
            return size;
        }
        if (sizePercent >= 0)
        {
            return deviceBytes * sizePercent / 100;
        }
        if (filesize > 0)
        {
            return filesize;
        }
        return fillDevice ? deviceBytes : -1;
    }

    /** The start offset {@code offset=N%} adds on a device of {@code deviceBytes}, rounded down to the grain (fio aligns it to the minimum bs). */
    long offsetBytes(final long deviceBytes, final int grain)
    {
        if (offsetPercent < 0)
        {
            return 0;
        }
        final long bytes = deviceBytes * offsetPercent / 100;
        return bytes - bytes % grain;
    }

    /** Builds a shape from a job's options; FioJob's constructor only. */
    static final class Builder
    {
        private final int kbBase;
        private final BlockSizeSpec[] blockSizes = {
            BlockSizeSpec.fixed(FioJob.DEFAULT_BLOCK_SIZE), BlockSizeSpec.fixed(FioJob.DEFAULT_BLOCK_SIZE)};
        private long loops = 1;
        private final long[] rate = new long[2];
        private final long[] rateIops = new long[2];
        private boolean quiesce = true;
        private RandomDistribution.Spec distribution = RandomDistribution.Spec.UNIFORM;
        private long fsync;
        private long fdatasync;
        private boolean endFsync;
        private int sizePercent = -1;
        private int offsetPercent = -1;
        private long filesize = -1;
        private boolean fillDevice;
        private boolean doVerify = true;

        Builder(final int kbBase)
        {
            this.kbBase = kbBase;
        }

        void blockSizes(final String key, final String value)
        {
            final String[] dirs = BlockSizeSpec.perDirection(value);
            for (int d = 0; d < 2; d++)
            {
                if (dirs[d] == null)
                {
                    continue;
                }
                switch (key)
                {
                    case "bs":
                    case "blocksize":
                        blockSizes[d] = BlockSizeSpec.size(key, dirs[d], kbBase);
                        break;
                    case "bsrange":
                    case "blocksize_range":
                        blockSizes[d] = BlockSizeSpec.range(key, dirs[d], kbBase);
                        break;
                    default:
                        blockSizes[d] = BlockSizeSpec.split(key, dirs[d], kbBase);
                        break;
                }
            }
        }

        /** size=N%: true when the value was a percentage (then size stays unset). */
        boolean sizePercent(final String key, final String value)
        {
            final int p = FioValues.percent(key, value);
            if (p == 0)
            {
                throw FioValues.bad(key, value, "a size above 0");
            }
            sizePercent = p;
            return p > 0;
        }

        boolean offsetPercent(final String key, final String value)
        {
            offsetPercent = FioValues.percent(key, value);
            return offsetPercent >= 0;
        }

        void option(final String key, final String value, final List<String> notes)
        {
            switch (key)
            {
                case "kb_base":
                    break;   // read first, by FioJob
                case "loops":
                    loops = FioValues.integer(key, value, 1, 1_000_000_000L);
                    break;
                case "rate":
                case "rate_iops":
                {
                    final String[] dirs = BlockSizeSpec.perDirection(value);
                    for (int d = 0; d < 2; d++)
                    {
                        if (dirs[d] != null)
                        {
                            if (key.equals("rate"))
                            {
                                rate[d] = FioValues.size(key, dirs[d], kbBase);
                            }
                            else
                            {
                                rateIops[d] = FioValues.integer(key, dirs[d], 0, Integer.MAX_VALUE);
                            }
                        }
                    }
                    break;
                }
                case "io_submit_mode":
                    switch (value.trim().toLowerCase(Locale.ROOT))
                    {
                        case "inline":
                            quiesce = true;
                            break;
                        case "offload":
                            quiesce = false;
                            break;
                        default:
                            throw FioValues.bad(key, value, "inline or offload");
                    }
                    break;
                case "random_distribution":
                    distribution = RandomDistribution.parse(key, value);
                    break;
                case "fsync":
                    fsync = FioValues.integer(key, value.isEmpty() ? "1" : value, 0, Long.MAX_VALUE);
                    break;
                case "fdatasync":
                    fdatasync = FioValues.integer(key, value.isEmpty() ? "1" : value, 0, Long.MAX_VALUE);
                    break;
                case "end_fsync":
                    endFsync = FioValues.bool(key, value);
                    break;
                case "do_verify":
                    doVerify = FioValues.bool(key, value);
                    break;
                case "fill_device":
                    fillDevice = FioValues.bool(key, value);
                    break;
                case "filesize":
                    if (value.indexOf('-') > 0 || value.indexOf(':') > 0)
                    {
                        throw FioValues.bad(key, value, "one size (a range of file sizes needs several files; "
                            + "a job here has one device)");
                    }
                    filesize = FioValues.size(key, value, kbBase);
                    break;
                default:
                    throw new IllegalStateException("not a shape option: " + key);
            }
        }

        /** Checks that need every option. */
        void check(final String job, final ReadWrite rw)
        {
            if (fsync > 0 && fdatasync > 0 && fsync != fdatasync)
            {
                throw new IllegalArgumentException("job [" + job + "]: fsync=" + fsync + " and fdatasync=" + fdatasync
                    + " both set: a flush here is one operation; give one of them");
            }
            if (!distribution.isUniform() && !rw.isRandom())
            {
                distribution = RandomDistribution.Spec.UNIFORM;   // fio applies it to random offsets only
            }
        }

        int grain()
        {
            return Math.min(blockSizes[READ].min(), blockSizes[WRITE].min());
        }

        boolean fixedBlockSize()
        {
            return blockSizes[READ].isFixed() && blockSizes[WRITE].isFixed()
                && blockSizes[READ].min() == blockSizes[WRITE].min();
        }

        String describeBlockSizes()
        {
            final String r = blockSizes[READ].toString();
            final String w = blockSizes[WRITE].toString();
            return r.equals(w) ? r : r + "," + w;
        }

        JobShape build()
        {
            return new JobShape(this);
        }
    }
}
