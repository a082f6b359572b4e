package io.dmsnap.engine.dm;

import io.dmsnap.engine.config.TargetVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test target type that records what dm does to its targets. Table line arguments:
 * {@code <id> [dev=<name>] [maxio=<n>] [flush=<n>] [discard=<n>] [accept=<n>] [mode=remap|complete|hold|kill]}.
 * Lifecycle calls land in {@link #events()} as {@code "<hook> <id>"}, mapped clones in
 * {@link #seen()} as {@code "<id> <op> <sector>+<sectors> #<targetBioNr>"}.
 */
final class ProbeType implements TargetType
{
    private final String name;
    private final List<String> events = new ArrayList<>();
    private final List<String> seen = new ArrayList<>();
    final Set<String> failConstructor = ConcurrentHashMap.newKeySet();
    final Set<String> failPreresume = ConcurrentHashMap.newKeySet();
    /** Hook ordering or quiescence broken: a map while quiesced, or clones outstanding at postsuspend. */
    final AtomicInteger violations = new AtomicInteger();
    final AtomicInteger endIos = new AtomicInteger();
    private volatile boolean recordSeen = true;

    ProbeType()
    {
        this("probe");
    }

    ProbeType(final String name)
    {
        this.name = name;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public TargetVersion version()
    {
        return TargetVersion.of(0, 1, 0);
    }

    @Override
    public Target construct(final DmTarget ti, final String[] args) throws DmException
    {
        if (args.length < 1)
        {
            throw new DmException("probe: id required");
        }
        final ProbeTarget t = new ProbeTarget(this, args[0]);
        for (int i = 1; i < args.length; i++)
        {
            final int eq = args[i].indexOf('=');
            final String key = args[i].substring(0, eq);
            final String value = args[i].substring(eq + 1);
            switch (key)
            {
                case "dev":
                    t.device = ti.getDevice(value);
                    break;
                case "maxio":
                    ti.maxIoLen(Long.parseLong(value));
                    break;
                case "flush":
                    ti.numFlushBios(Integer.parseInt(value));
                    break;
                case "discard":
                    ti.numDiscardBios(Integer.parseInt(value));
                    break;
                case "accept":
                    t.acceptBoundary = Integer.parseInt(value);
                    break;
                case "mode":
                    t.mode = value;
                    break;
                default:
                    throw new DmException("probe: unknown option " + key);
            }
        }
        if (failConstructor.contains(args[0]))
        {
            throw new DmException("probe " + args[0] + " refused");
        }
        event("ctr " + args[0]);
        return t;
    }

    void event(final String e)
    {
        synchronized (events)
        {
            events.add(e);
        }
    }

    void saw(final String s)
    {
        if (recordSeen)
        {
            synchronized (seen)
            {
                seen.add(s);
            }
        }
    }

    /** Stop recording mapped clones (for loops that must not allocate). */
    ProbeType quiet()
    {
        recordSeen = false;
        return this;
    }

    List<String> events()
    {
        synchronized (events)
        {
            return new ArrayList<>(events);
        }
    }

    List<String> seen()
    {
        synchronized (seen)
        {
            return new ArrayList<>(seen);
        }
    }

    void clear()
    {
        synchronized (events)
        {
            events.clear();
        }
        synchronized (seen)
        {
            seen.clear();
        }
    }
}
