package io.dmsnap.engine.dm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel log of one {@link DeviceMapper} instance (DMERR/DMWARN/DMINFO lines). Constructor
 * details that the target error string hides ("Chunk size is not a power of 2" behind "Couldn't
 * create exception store") and warnings ("Snapshot is marked invalid.") land here, so tools can
 * show them and tests can assert them. Keeps the last {@value #CAPACITY} lines; thread-safe.
 */
public final class DmLog
{
    public static final int CAPACITY = 4096;

    /** Severity of a line. */
    public enum Level { ERR, WARN, INFO }

    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final String prefix;

    public DmLog(final String prefix)
    {
        this.prefix = prefix;
    }

    public void err(final String message)
    {
        add(Level.ERR, message);
    }

    public void warn(final String message)
    {
        add(Level.WARN, message);
    }

    public void info(final String message)
    {
        add(Level.INFO, message);
    }

    private synchronized void add(final Level level, final String message)
    {
        if (lines.size() == CAPACITY)
        {
            lines.removeFirst();
        }
        lines.addLast(level + " " + prefix + ": " + message);
    }

    /** Every line kept, oldest first, as {@code "LEVEL prefix: message"}. */
    public synchronized List<String> lines()
    {
        return new ArrayList<>(lines);
    }

    /** True when some kept line contains {@code text}. */
    public synchronized boolean contains(final String text)
    {
        for (final String l : lines)
        {
            if (l.contains(text))
            {
                return true;
            }
        }
        return false;
    }

    public synchronized void clear()
    {
        lines.clear();
    }
}
