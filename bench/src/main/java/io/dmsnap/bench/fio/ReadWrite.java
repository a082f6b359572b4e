package io.dmsnap.bench.fio;

import java.util.Locale;

/** fio's {@code rw} values: the direction of a job's I/O and whether offsets are random. */
public enum ReadWrite
{
    READ("read", false, true, false),
    WRITE("write", false, false, true),
    RANDREAD("randread", true, true, false),
    RANDWRITE("randwrite", true, false, true),
    /** Sequential mixed reads and writes ({@code rw} or {@code readwrite}), split by rwmixread. */
    READWRITE("rw", false, true, true),
    /** Random mixed reads and writes, split by rwmixread. */
    RANDRW("randrw", true, true, true);

    private final String fioName;
    private final boolean random;
    private final boolean reads;
    private final boolean writes;

    ReadWrite(final String fioName, final boolean random, final boolean reads, final boolean writes)
    {
        this.fioName = fioName;
        this.random = random;
        this.reads = reads;
        this.writes = writes;
    }

    public static ReadWrite parse(final String key, final String value)
    {
        final String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("readwrite"))
        {
            return READWRITE;
        }
        for (final ReadWrite rw : values())
        {
            if (rw.fioName.equals(v))
            {
                return rw;
            }
        }
        throw FioValues.bad(key, value, "one of read, write, randread, randwrite, rw (readwrite), randrw");
    }

    public String fioName()
    {
        return fioName;
    }

    public boolean isRandom()
    {
        return random;
    }

    public boolean hasReads()
    {
        return reads;
    }

    public boolean hasWrites()
    {
        return writes;
    }

    public boolean isMixed()
    {
        return reads && writes;
    }
}
