package io.dmsnap.engine.block;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * The timing state of one modelled device: turns each request's arrival into the time it is due
 * to complete, in virtual nanoseconds, and counts what happened. It needs no completion events:
 * requests are served in FIFO order and every earlier request's due time is known when the next
 * one arrives, so admission to a queue slot, the IOPS slot, the shared transfer channel and the
 * head position all follow from the requests seen so far.
 *
 * <p>For one request arriving at {@code t}:
 * <ol>
 *   <li>queue depth {@code qd}: it is admitted at {@code t} when fewer than {@code qd} earlier
 *       requests are still in service, else when the earliest of them is due (FIFO: nobody
 *       overtakes);</li>
 *   <li>IOPS: it starts at the later of admission and the next IOPS slot; slots are
 *       {@code 1 / iops} apart (exactly: the remainder of the division is carried);</li>
 *   <li>a solid-state device: its transfer takes {@code bytes / bandwidth} on a channel shared by
 *       all requests, starting when both the request and the channel are ready; the latency
 *       (fixed or drawn) follows and overlaps other requests:
 *       {@code due = max(start, channelFree) + bytes / bw + latency};</li>
 *   <li>a rotating disk serves one request at a time: when the actuator is free it pays the
 *       latency (controller overhead), the seek from the head's position (none when the request
 *       starts where the last one ended), a write's settle time, a rotational delay uniform in one
 *       revolution (none for a sequential request) and the transfer at the zone's rate, which
 *       falls linearly from {@code bw} at sector 0 to {@code inner-bw} at the end of the capacity.</li>
 * </ol>
 * FLUSH and DISCARD move no data: they pay a write's latency (and IOPS slot) only, and on a disk
 * they do not move the head.
 *
 * <p>Accounting: requests and bytes by direction; queue waits (admission later than arrival)
 * and their total; IOPS waits; the total service time (due minus admission); busy time (the
 * union of the intervals from start to due, exact because starts never decrease); seeks, their
 * total distance and time, the rotational delays; the longest FIFO queue; the last due time.
 *
 * <p>Not thread-safe: {@link TimedDevice} calls it under its lock. {@link #admit} allocates
 * nothing unless the FIFO queue outgrows its array (it doubles, so a steady state allocates nothing).
 */
final class ServiceModel
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long FREE = Long.MIN_VALUE;

    private final DeviceProfile profile;
    private final long capacitySectors;
    private final UniformRandomProvider rng;
    private final LatencySampler readLatency;
    private final LatencySampler writeLatency;
    private final long revolutionNanos;

    /** Min-heap of the due times of the (at most qd) requests holding a queue slot; null without a qd limit. */
    private final long[] inService;
    private int inServiceCount;
    /** Admission times of the requests waiting for a slot, oldest first (non-decreasing); a ring. */
    private long[] waiting = new long[16];
    private int waitingHead;
    private int waitingCount;

    private long nextIopsSlot = FREE;
    private long readIopsCarry;
    private long writeIopsCarry;
    private long channelFree = FREE;
    private long actuatorFree = FREE;
    private long headSector;
    private long lastArrival = FREE;
    private long busyUntil = FREE;

    // ---- counters ----
    private long reads;
    private long writes;
    private long others;
    private long bytesRead;
    private long bytesWritten;
    private long queuedWaits;
    private long queueWaitNanos;
    private long iopsWaits;
    private long iopsWaitNanos;
    private long serviceNanos;
    private long busyNanos;
    private long seeks;
    private long seekDistanceSectors;
    private long seekNanos;
    private long rotationNanos;
    private int maxQueueLength;
    private long lastDueNanos = FREE;

    // ---- the last request's parts, for tests and for TimedDevice's checks ----
    private long lastAdmitNanos;
    private long lastStartNanos;
    private long lastSeekNanos;
    private long lastRotationNanos;

    /**
     * @param capacitySectors size the seek curve and zones are relative to (used only by rotating disks)
     * @param seed            seed of the latency and rotation draws
     */
    ServiceModel(final DeviceProfile profile, final long capacitySectors, final long seed)
    {
        this.profile = profile;
        this.capacitySectors = Math.max(1, capacitySectors);
        this.rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        this.readLatency = new LatencySampler(profile.distribution(), profile.readLatencyNanos(), profile.spread(), rng);
        this.writeLatency = new LatencySampler(profile.distribution(), profile.writeLatencyNanos(), profile.spread(), rng);
        this.revolutionNanos = profile.revolutionNanos();
        this.inService = profile.queueDepth() > 0 ? new long[profile.queueDepth()] : null;
    }

    /**
     * Account one request arriving at {@code arrivalNanos} (not earlier than the previous arrival;
     * an earlier value is taken as the previous one) and return when it is due.
     */
    long admit(final BioOp op, final long sector, final int sectors, final long arrivalNanos)
    {
        final long arrival = Math.max(arrivalNanos, lastArrival);
        lastArrival = arrival;
        final long bytes = op == BioOp.READ || op == BioOp.WRITE ? (long) sectors << Bio.SECTOR_SHIFT : 0;
        count(op, bytes);

        final long admitted = admitToSlot(arrival);
        final long start = takeIopsSlot(op, admitted);
        final long due = profile.rotational() ? diskService(op, sector, sectors, bytes, start)
            : solidStateService(op, bytes, start);

        if (inService != null)
        {
            heapPush(due);
        }
        serviceNanos += due - admitted;
        if (start >= busyUntil)
        {
            busyNanos += due - start;
        }
        else if (due > busyUntil)
        {
            busyNanos += due - busyUntil;
        }
        busyUntil = Math.max(busyUntil, due);
        lastAdmitNanos = admitted;
        lastStartNanos = start;
        lastDueNanos = due;
        return due;
    }

    private void count(final BioOp op, final long bytes)
    {
        if (op == BioOp.READ)
        {
            reads++;
            bytesRead += bytes;
        }
        else if (op == BioOp.WRITE)
        {
            writes++;
            bytesWritten += bytes;
        }
        else
        {
            others++;
        }
    }

    /** The queue-depth rule: when the request gets a slot. Updates the FIFO queue's accounting. */
    private long admitToSlot(final long arrival)
    {
        if (inService == null)
        {
            return arrival;
        }
        // Requests admitted by now have left the FIFO queue.
        while (waitingCount > 0 && waiting[waitingHead] <= arrival)
        {
            waitingHead = (waitingHead + 1) & (waiting.length - 1);
            waitingCount--;
        }
        if (inServiceCount < inService.length)
        {
            return arrival;
        }
        // All slots taken: the earliest due request frees the next one (it may be free already).
        final long admitted = Math.max(arrival, heapPop());
        if (admitted > arrival)
        {
            queuedWaits++;
            queueWaitNanos += admitted - arrival;
            enqueueWaiting(admitted);
            maxQueueLength = Math.max(maxQueueLength, waitingCount);
        }
        return admitted;
    }

    /** The IOPS rule: starts are at least 1 / iops apart. */
    private long takeIopsSlot(final BioOp op, final long admitted)
    {
        final long iops = profile.iops(op);
        if (iops == 0)
        {
            return admitted;
        }
        final long start = Math.max(admitted, nextIopsSlot);
        if (start > admitted)
        {
            iopsWaits++;
            iopsWaitNanos += start - admitted;
        }
        long interval = NANOS_PER_SECOND / iops;
        final long remainder = NANOS_PER_SECOND % iops;
        if (remainder != 0)
        {
            // Carry the fraction of a nanosecond so that n slots take exactly n / iops seconds.
            if (op == BioOp.READ)
            {
                readIopsCarry += remainder;
                if (readIopsCarry >= iops)
                {
                    readIopsCarry -= iops;
                    interval++;
                }
            }
            else
            {
                writeIopsCarry += remainder;
                if (writeIopsCarry >= iops)
                {
                    writeIopsCarry -= iops;
                    interval++;
                }
            }
        }
        nextIopsSlot = start + interval;
        return start;
    }

    private long solidStateService(final BioOp op, final long bytes, final long start)
    {
        final long latency = latency(op);
        final long bw = profile.bytesPerSecond(op);
        if (bw == 0 || bytes == 0)
        {
            return start + latency;
        }
        final long transferEnd = Math.max(start, channelFree) + transferNanos(bytes, bw);
        channelFree = transferEnd;
        return transferEnd + latency;
    }

    private long diskService(final BioOp op, final long sector, final int sectors, final long bytes, final long start)
    {
        final long begin = Math.max(start, actuatorFree);
        long service = latency(op);
        lastSeekNanos = 0;
        lastRotationNanos = 0;
        if (bytes > 0)
        {
            final long distance = Math.abs(sector - headSector);
            if (distance > 0)
            {
                long seek = profile.seekCurve().seekNanos(distance, capacitySectors);
                if (op == BioOp.WRITE)
                {
                    seek += profile.writeSettleNanos();
                }
                final long rotation = (long) (rng.nextDouble() * revolutionNanos);
                seeks++;
                seekDistanceSectors += distance;
                seekNanos += seek;
                rotationNanos += rotation;
                lastSeekNanos = seek;
                lastRotationNanos = rotation;
                service += seek + rotation;
            }
            headSector = sector + sectors;
            service += zoneTransferNanos(op, sector, bytes);
        }
        final long due = begin + service;
        actuatorFree = due;
        return due;
    }

    private long latency(final BioOp op)
    {
        return op == BioOp.READ ? readLatency.sampleNanos() : writeLatency.sampleNanos();
    }

    /**
     * Transfer time at the zone's rate: linear from the outer rate at sector 0 to the inner rate at
     * the capacity (with zones, one rate for reads and writes: the profile checks it).
     */
    private long zoneTransferNanos(final BioOp op, final long sector, final long bytes)
    {
        final long outer = profile.bytesPerSecond(op);
        if (outer == 0 || bytes == 0)
        {
            return 0;
        }
        final long inner = profile.innerBytesPerSecond();
        if (inner == 0)
        {
            return transferNanos(bytes, outer);   // no zones: the same rate everywhere
        }
        final double position = Math.min(1.0, (double) sector / capacitySectors);
        final double rate = outer - (outer - inner) * position;
        return (long) Math.ceil(bytes * 1e9 / rate);
    }

    /** {@code ceil(bytes * 1e9 / bytesPerSecond)}, exact in integers while the product fits. */
    static long transferNanos(final long bytes, final long bytesPerSecond)
    {
        if (bytes <= Long.MAX_VALUE / NANOS_PER_SECOND)
        {
            return (bytes * NANOS_PER_SECOND + bytesPerSecond - 1) / bytesPerSecond;
        }
        return (long) Math.ceil(bytes * 1e9 / bytesPerSecond);
    }

    // ---- the in-service min-heap of due times (size <= qd) ----

    private void heapPush(final long due)
    {
        int i = inServiceCount++;
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            if (inService[parent] <= due)
            {
                break;
            }
            inService[i] = inService[parent];
            i = parent;
        }
        inService[i] = due;
    }

    private long heapPop()
    {
        final long min = inService[0];
        final long last = inService[--inServiceCount];
        int i = 0;
        final int n = inServiceCount;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= n)
            {
                break;
            }
            if (child + 1 < n && inService[child + 1] < inService[child])
            {
                child++;
            }
            if (inService[child] >= last)
            {
                break;
            }
            inService[i] = inService[child];
            i = child;
        }
        if (n > 0)
        {
            inService[i] = last;
        }
        return min;
    }

    private void enqueueWaiting(final long admitted)
    {
        if (waitingCount == waiting.length)
        {
            final long[] bigger = new long[waiting.length * 2];
            for (int i = 0; i < waitingCount; i++)
            {
                bigger[i] = waiting[(waitingHead + i) & (waiting.length - 1)];
            }
            waiting = bigger;
            waitingHead = 0;
        }
        waiting[(waitingHead + waitingCount) & (waiting.length - 1)] = admitted;
        waitingCount++;
    }

    // ---- results ----

    /** The counters as they are now (the caller holds the device's lock). */
    TimedDeviceStats stats(final long delivered, final long latenessNanos)
    {
        return new TimedDeviceStats(reads, writes, others, bytesRead, bytesWritten, queuedWaits, queueWaitNanos, iopsWaits,
            iopsWaitNanos, serviceNanos, busyNanos, seeks, seekDistanceSectors, seekNanos, rotationNanos, maxQueueLength,
            lastDueNanos == FREE ? 0 : lastDueNanos, delivered, latenessNanos);
    }

    long lastDueNanos()
    {
        return lastDueNanos;
    }

    long lastAdmitNanos()
    {
        return lastAdmitNanos;
    }

    long lastStartNanos()
    {
        return lastStartNanos;
    }

    long lastSeekNanos()
    {
        return lastSeekNanos;
    }

    long lastRotationNanos()
    {
        return lastRotationNanos;
    }

    long headSector()
    {
        return headSector;
    }
}
