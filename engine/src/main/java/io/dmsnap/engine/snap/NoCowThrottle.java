package io.dmsnap.engine.snap;

/**
 * No limit on copies in flight (before 721b1d98): copier jobs and their memory grow with the load.
 * The {@code cow_threshold} parameter did not exist then; this throttle never reads it.
 */
final class NoCowThrottle extends CowThrottle
{
    @Override
    public boolean waitsBeforeLocking()
    {
        return false;
    }

    @Override
    public int waiters()
    {
        return 0;
    }

    @Override
    public long limit()
    {
        return -1;
    }

    @Override
    public String describe()
    {
        return "throttle NONE inFlight=" + inFlight() + " peak=" + peakInFlight();
    }
}
