package io.dmsnap.engine.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The timing model on its own, in virtual time: every expectation is computed by hand from the profile. */
class ServiceModelTest
{
    private static final long US = 1_000;
    private static final long MS = 1_000_000;
    private static final long T0 = 5_000_000_000L;

    private static ServiceModel model(final String spec, final long capacitySectors)
    {
        return new ServiceModel(DeviceProfile.parse(spec), capacitySectors, 1);
    }

    @Test
    void tenRequestsAtFourMegabytesPerSecondAndQueueDepthOneAreDueOneTransferApart()
    {
        final ServiceModel m = model("bw=4MB/s,qd=1", 1 << 20);
        final long transfer = 4096L * 1_000_000_000L / 4_000_000L;   // 1.024 ms
        assertEquals(1_024_000, transfer);
        for (int i = 0; i < 10; i++)
        {
            assertEquals(T0 + (i + 1) * transfer, m.admit(BioOp.WRITE, i * 8L, 8, T0), "request " + i);
            assertEquals(T0 + i * transfer, m.lastAdmitNanos(), "admitted when its predecessor is due");
        }
        final TimedDeviceStats s = m.stats(0, 0);
        assertEquals(10, s.writes());
        assertEquals(40_960, s.bytesWritten());
        assertEquals(9, s.queuedWaits(), "all but the first waited for the single slot");
        assertEquals(45 * transfer, s.queueWaitNanos(), "0 + 1 + ... + 9 transfers");
        assertEquals(9, s.maxQueueLength());
        assertEquals(10 * transfer, s.serviceNanos());
        assertEquals(10 * transfer, s.busyNanos());
        assertEquals(T0 + 10 * transfer, s.lastDueNanos());
    }

    @Test
    void serviceTimeIsLatencyPlusTransferAndTransfersShareTheBandwidth()
    {
        final ServiceModel m = model("latency=100us,bw=4MB/s", 1 << 20);
        // No queue-depth limit: latencies overlap, the transfers queue on the one channel.
        assertEquals(T0 + 1_024_000 + 100 * US, m.admit(BioOp.READ, 0, 8, T0));
        assertEquals(T0 + 2 * 1_024_000 + 100 * US, m.admit(BioOp.READ, 8, 8, T0));
        // An idle device later: latency + size / bandwidth again.
        final long later = T0 + 10 * MS;
        assertEquals(later + 512_000 + 100 * US, m.admit(BioOp.WRITE, 0, 4, later));
        final TimedDeviceStats s = m.stats(0, 0);
        assertEquals(0, s.queuedWaits());
        assertEquals(2 * 1_024_000 + 100 * US + 512_000 + 100 * US, s.busyNanos(), "union of the service intervals");
    }

    @Test
    void readAndWriteLatenciesDifferAndFlushCostsAWriteLatency()
    {
        final ServiceModel m = model("read-latency=80us,write-latency=20us", 1 << 20);
        assertEquals(T0 + 80 * US, m.admit(BioOp.READ, 0, 8, T0));
        assertEquals(T0 + 20 * US, m.admit(BioOp.WRITE, 0, 8, T0));
        assertEquals(T0 + 20 * US, m.admit(BioOp.FLUSH, 0, 0, T0));
        assertEquals(T0 + 20 * US, m.admit(BioOp.DISCARD, 0, 2048, T0));
        final TimedDeviceStats s = m.stats(0, 0);
        assertEquals(1, s.reads());
        assertEquals(1, s.writes());
        assertEquals(2, s.others());
        assertEquals(4096, s.bytesRead());
    }

    @Test
    void anIopsLimitSpacesStartsExactly()
    {
        final ServiceModel m = model("latency=10us,iops=1000", 1 << 20);
        for (int i = 0; i < 5; i++)
        {
            assertEquals(T0 + i * MS + 10 * US, m.admit(BioOp.WRITE, 0, 8, T0), "request " + i);
        }
        assertEquals(4, m.stats(0, 0).iopsWaits());
        assertEquals((1 + 2 + 3 + 4) * MS, m.stats(0, 0).iopsWaitNanos());
        // 3 IOPS: slots 333,333,333.3 ns apart; the fraction is carried, so 3 slots take exactly 1 s.
        final ServiceModel third = model("iops=3", 1 << 20);
        final long[] due = new long[7];
        for (int i = 0; i < due.length; i++)
        {
            due[i] = third.admit(BioOp.READ, 0, 8, T0) - T0;
        }
        assertEquals(1_000_000_000L, due[3]);
        assertEquals(2_000_000_000L, due[6]);
        assertTrue(Arrays.stream(new long[] {due[1] - due[0], due[2] - due[1], due[3] - due[2]})
            .allMatch(d -> d == 333_333_333 || d == 333_333_334));
    }

    @Test
    void queueDepthBoundsHowManyAreInServiceAndTheRestWaitInOrder()
    {
        final ServiceModel m = model("latency=100us,qd=4", 1 << 20);
        final long[] due = new long[10];
        for (int i = 0; i < due.length; i++)
        {
            due[i] = m.admit(BioOp.READ, i * 8L, 8, T0) - T0;
        }
        assertEquals("[100000, 100000, 100000, 100000, 200000, 200000, 200000, 200000, 300000, 300000]",
            Arrays.toString(due));
        // At any instant at most 4 requests are between admission and due.
        for (long t = 0; t <= 300 * US; t += 50 * US)
        {
            int inService = 0;
            for (final long d : due)
            {
                if (d - 100 * US <= t && t < d)
                {
                    inService++;
                }
            }
            assertTrue(inService <= 4, "at " + t + ": " + inService);
        }
        final TimedDeviceStats s = m.stats(0, 0);
        assertEquals(6, s.queuedWaits());
        assertEquals(6, s.maxQueueLength(), "the 6 requests beyond the depth queued at once");
        assertEquals(4 * 100 * US + 2 * 200 * US, s.queueWaitNanos());
        assertEquals(300 * US, s.busyNanos());
        // Once the queue has drained, a new arrival gets a slot at once.
        assertEquals(T0 + 400 * US, m.admit(BioOp.READ, 0, 8, T0 + 300 * US));
        assertEquals(6, m.stats(0, 0).queuedWaits());
    }

    @Test
    void aDiskSeeksFromTheHeadAlongTheCurveAndRotatesWithinOneRevolution()
    {
        final long capacity = 1L << 30;   // sectors: a 512 GiB disk
        final ServiceModel m = model("rpm=7200,seek-t2t=0.5ms,seek-avg=8ms,seek-full=17.35ms,qd=1", capacity);
        final SeekCurve curve = SeekCurve.fit(MS / 2, 8 * MS, 17_350_000);
        final long revolution = 8_333_333;
        long arrival = T0;
        long head = 0;
        long previousSeek = 0;
        for (final double fraction : new double[] {0.001, 0.01, 0.1, 0.2323, 0.5, 0.9, 1.0})
        {
            final long sector = head + (long) (fraction * capacity) - (fraction == 1.0 ? 8 : 0);
            final long target = fraction == 1.0 ? capacity - 8 : sector;
            final long distance = target - head;
            final long due = m.admit(BioOp.READ, target, 8, arrival);
            assertEquals(curve.seekNanos(distance, capacity), m.lastSeekNanos(), "seek at " + fraction);
            assertTrue(m.lastSeekNanos() > previousSeek, "seek grows with distance at " + fraction);
            assertTrue(m.lastRotationNanos() >= 0 && m.lastRotationNanos() < revolution, "rotation " + m.lastRotationNanos());
            assertEquals(arrival + m.lastSeekNanos() + m.lastRotationNanos(), due, "no latency or bandwidth set");
            previousSeek = m.lastSeekNanos();
            head = 0;
            arrival = due + MS;
            m.admit(BioOp.READ, 0, 8, arrival);   // back to the start
            arrival = m.lastDueNanos() + MS;
            head = 8;
        }
        assertEquals(17_350_000, curve.seekNanos(capacity - 16, capacity), 100);
        final TimedDeviceStats s = m.stats(0, 0);
        assertEquals(14, s.seeks());
        assertTrue(s.rotationNanos() > 0 && s.rotationNanos() < 14 * revolution);
    }

    @Test
    void sequentialRequestsOnADiskNeitherSeekNorRotateAndPayTheZoneRate()
    {
        final long capacity = 1L << 21;   // sectors: 1 GiB
        final ServiceModel m = model("latency=200us,bw=250MB/s,inner-bw=125MB/s,rpm=7200,seek-t2t=0.5ms,seek-avg=8ms,"
            + "seek-full=17.35ms,write-settle=0.4ms", capacity);
        // Sector 0, where the head starts: no seek, the outer rate.
        long due = m.admit(BioOp.WRITE, 0, 2048, T0);   // 1 MiB
        assertEquals(T0 + 200 * US + ServiceModel.transferNanos(1 << 20, 250_000_000), due);
        assertEquals(0, m.lastSeekNanos());
        // Right behind it: still no seek; the rate has fallen by 2048 / capacity of the difference.
        final long next = m.admit(BioOp.WRITE, 2048, 2048, T0);
        final double rate = 250e6 - 125e6 * 2048.0 / capacity;
        assertEquals(due + 200 * US + (long) Math.ceil((1 << 20) * 1e9 / rate), next, "served after the first: one actuator");
        // Halfway: a write seek with its settle time, at the middle zone's rate.
        final long mid = capacity / 2;
        due = m.admit(BioOp.WRITE, mid, 8, next + MS);
        final long seek = SeekCurve.fit(MS / 2, 8 * MS, 17_350_000).seekNanos(mid - 4096, capacity) + 400 * US;
        assertEquals(seek, m.lastSeekNanos());
        assertEquals(next + MS + 200 * US + seek + m.lastRotationNanos() + (long) Math.ceil(4096 * 1e9 / 187.5e6), due);
        // A FLUSH does not move the head: the next request at mid + 8 is sequential.
        m.admit(BioOp.FLUSH, 0, 0, due);
        m.admit(BioOp.READ, mid + 8, 8, due);
        assertEquals(0, m.lastSeekNanos());
        assertEquals(1, m.stats(0, 0).seeks());
        assertEquals(mid - 4096, m.stats(0, 0).seekDistanceSectors());
    }

    @Test
    void aDiskWithoutZonesTransfersEachDirectionAtItsOwnRate()
    {
        final ServiceModel m = model("read-bw=200MB/s,write-bw=100MB/s,rpm=7200,seek-t2t=0.5ms,seek-avg=8ms,"
            + "seek-full=17.35ms", 1L << 21);
        assertEquals(T0 + 20_971_520, m.admit(BioOp.READ, 0, 8192, T0), "4 MiB at 200 MB/s, no seek");
        final long next = m.lastDueNanos();
        assertEquals(next + 41_943_040, m.admit(BioOp.WRITE, 8192, 8192, next), "4 MiB at 100 MB/s, sequential");
    }

    @Test
    void lognormalLatenciesHaveTheRequestedMeanAndSpreadAndRepeatWithTheSeed()
    {
        final double[] stats = latencyMoments("latency=100us,dist=lognormal,spread=50%", 1);
        assertEquals(100_000, stats[0], 1_500, "mean");
        assertEquals(50_000, stats[1], 3_000, "standard deviation");
        assertTrue(stats[2] >= 0);
        assertEquals(Arrays.toString(latencyMoments("latency=100us,dist=lognormal,spread=50%", 1)), Arrays.toString(stats),
            "the same seed draws the same latencies");
        final double[] other = latencyMoments("latency=100us,dist=lognormal,spread=50%", 2);
        assertTrue(other[0] != stats[0], "another seed draws others");
    }

    @Test
    void uniformLatenciesStayInsideTheirInterval()
    {
        final double[] stats = latencyMoments("latency=100us,dist=uniform,spread=20%", 3);
        final double half = Math.sqrt(3) * 20_000;
        assertEquals(100_000, stats[0], 800);
        assertEquals(20_000, stats[1], 600);
        assertTrue(stats[2] >= 100_000 - half - 1 && stats[3] <= 100_000 + half + 1, stats[2] + " .. " + stats[3]);
    }

    /** Mean, standard deviation, min and max of 20,000 latencies (no other cost, no queue). */
    private static double[] latencyMoments(final String spec, final long seed)
    {
        final ServiceModel m = new ServiceModel(DeviceProfile.parse(spec), 1 << 20, seed);
        final int n = 20_000;
        double sum = 0;
        double sumSquares = 0;
        double min = Double.MAX_VALUE;
        double max = 0;
        for (int i = 0; i < n; i++)
        {
            final long arrival = T0 + i * 10 * MS;
            final double latency = m.admit(BioOp.READ, 0, 8, arrival) - arrival;
            sum += latency;
            sumSquares += latency * latency;
            min = Math.min(min, latency);
            max = Math.max(max, latency);
        }
        final double mean = sum / n;
        return new double[] {mean, Math.sqrt(sumSquares / n - mean * mean), min, max};
    }

    @Test
    void arrivalsAreNeverTakenAsEarlierThanThePreviousOne()
    {
        final ServiceModel m = model("latency=1ms", 1 << 20);
        m.admit(BioOp.READ, 0, 8, T0 + MS);
        assertEquals(T0 + 2 * MS, m.admit(BioOp.READ, 0, 8, T0), "a stale clock reading counts as the latest arrival");
    }
}
