package io.dmsnap.engine.block;

/** Test helper: a device clock that moves only when the test says so. */
final class ManualClock implements DeviceClock
{
    private volatile long now;

    ManualClock(final long start)
    {
        this.now = start;
    }

    @Override
    public long nanoTime()
    {
        return now;
    }

    void set(final long nanos)
    {
        if (nanos < now)
        {
            throw new IllegalArgumentException("a clock never goes back: " + nanos + " < " + now);
        }
        now = nanos;
    }

    void advance(final long nanos)
    {
        set(now + nanos);
    }
}
