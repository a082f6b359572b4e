package io.dmsnap.engine.block;

import java.util.Locale;

/**
 * A point-in-time view of one {@link TimedDevice}'s accounting. Every time is virtual: computed by
 * the timing model from the profile, not measured, so it is exact and the same on any machine
 * (given the same arrival times).
 *
 * @param reads               READ requests accepted
 * @param writes              WRITE requests accepted
 * @param others              FLUSH and DISCARD requests accepted
 * @param bytesRead           bytes of the reads
 * @param bytesWritten        bytes of the writes
 * @param queuedWaits         requests that found all {@code qd} slots taken and waited in the FIFO queue
 * @param queueWaitNanos      their total wait for a slot
 * @param iopsWaits           requests whose start the IOPS limit delayed
 * @param iopsWaitNanos       their total delay
 * @param serviceNanos        total time from admission (a slot) to due, over all requests
 * @param busyNanos           time during which at least one request was being served
 * @param seeks               head movements of a rotating disk
 * @param seekDistanceSectors their total distance
 * @param seekNanos           their total seek time (with write settle)
 * @param rotationNanos       total rotational delay
 * @param maxQueueLength      most requests waiting for a slot at once
 * @param lastDueNanos        due time of the latest request, on the device clock (0 before the first)
 * @param delivered           requests completed back to their submitter so far
 * @param latenessNanos       total time by which delivered completions ran after their due time
 *                            (the timer's wake-up delay; not part of the model)
 */
public record TimedDeviceStats(long reads, long writes, long others, long bytesRead, long bytesWritten, long queuedWaits,
                               long queueWaitNanos, long iopsWaits, long iopsWaitNanos, long serviceNanos, long busyNanos,
                               long seeks, long seekDistanceSectors, long seekNanos, long rotationNanos,
                               int maxQueueLength, long lastDueNanos, long delivered, long latenessNanos)
{
    /** All requests accepted. */
    public long requests()
    {
        return reads + writes + others;
    }

    /** Requests accepted and not yet delivered. */
    public long inFlight()
    {
        return requests() - delivered;
    }

    /** One line: requests, bytes, waits, busy and service time, seeks. */
    public String summary()
    {
        final StringBuilder b = new StringBuilder(160);
        b.append("requests=").append(requests()).append(" (reads=").append(reads).append(", writes=").append(writes)
            .append(", other=").append(others).append("), read ").append(bytesRead).append(" B, written ")
            .append(bytesWritten).append(" B, queued waits=").append(queuedWaits).append(", max queue=")
            .append(maxQueueLength);
        if (iopsWaits > 0)
        {
            b.append(", iops waits=").append(iopsWaits);
        }
        b.append(", busy=").append(millis(busyNanos)).append(", service=").append(millis(serviceNanos));
        if (seeks > 0)
        {
            b.append(", seeks=").append(seeks).append(" (distance ").append(seekDistanceSectors).append(" sectors, ")
                .append(millis(seekNanos)).append(", rotation ").append(millis(rotationNanos)).append(')');
        }
        return b.toString();
    }

    private static String millis(final long nanos)
    {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }
}
