package io.dmsnap.engine.dm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The kernel log of one {@link DeviceMapper} instance (DMERR/DMWARN/DMINFO lines). Constructor
 * details that the target error string hides ("Chunk size is not a power of 2" behind "Couldn't
 * create exception store") and warnings ("Snapshot is marked invalid.") land here, so tools can
 * show them and tests can assert them. Keeps the last {@value #CAPACITY} lines; thread-safe.
 *
 * <p>A sink ({@link #forwardTo}) also gets every line as it is logged, as the kernel's lines reach
 * the console: on the logging thread, which may be an engine thread (the copier invalidating a
 * snapshot), after the line was kept and outside this log's lock. Lines are rare (constructor
 * errors, invalidations, merge and handover events), none per I/O.
 */
public final class DmLog
{
    public static final int CAPACITY = 4096;

    /** Severity of a line. */
    public enum Level { ERR, WARN, INFO }

    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final String prefix;
    /** Where lines go as they are logged, or null; volatile so that a sink set on any thread is seen by every logger. */
    private volatile Consumer<String> sink;

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

    private void add(final Level level, final String message)
    {
        final String line = level + " " + prefix + ": " + message;
        synchronized (this)
        {
            if (lines.size() == CAPACITY)
            {
                lines.removeFirst();
            }
            lines.addLast(line);
        }
        final Consumer<String> s = sink;
        if (s != null)
        {
            s.accept(line);
        }
    }

    /** Send every line logged from now on to {@code to} too (null: stop); it must not block for long. */
    public void forwardTo(final Consumer<String> to)
    {
        sink = to;
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
