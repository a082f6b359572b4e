package io.dmsnap.bench.jmh.micro;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What a thread hand-off costs on this machine: the platform number behind every latency figure
 * at iodepth 1. A copy-on-write write crosses threads twice (worker to copier, copier back to the
 * worker), and whether the waiting side spins or sleeps decides whether a crossing costs a cache
 * line transfer or a scheduler wake-up. On a virtual machine a wake-up can cost tens of
 * microseconds, several times the whole copy-on-write path, so it is worth knowing before
 * reading a latency table. A plain program, not a JMH benchmark: the quantities are one-off
 * events between two threads, reported as percentiles.
 *
 * <p>Three measurements, {@code rounds} hand-offs each, between this thread (the waker) and a
 * partner thread:
 * <ol>
 *   <li><b>spin hand-off</b>: both sides spin on a volatile; the time from publishing a turn to
 *       seeing the partner's answer (a round trip, two crossings);</li>
 *   <li><b>unpark of a parked thread</b>: the partner has parked (the waker waits 50 µs first);
 *       the time {@link LockSupport#unpark} itself takes on the waker's side, which on the copier
 *       thread delays every other completion behind it;</li>
 *   <li><b>wake-to-run</b>: from that unpark until the partner runs and answers.</li>
 * </ol>
 *
 * <p>HOW TO RUN:
 * <pre>
 *   java -cp bench/target/benchmarks.jar io.dmsnap.bench.jmh.micro.WakeUpCost [rounds]
 * </pre>
 */
public final class WakeUpCost
{
    private static final long SETTLE_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    /** Whose turn it is: 1 = the partner's, 0 = the waker's. Volatile: the hand-off itself. */
    private static volatile int turn;
    private static volatile boolean stop;

    private WakeUpCost()
    {
    }

    /** Samples in nanoseconds, one per round, in run order. */
    record Samples(long[] spinRoundTrip, long[] unparkParked, long[] wakeToRun)
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        final Samples s = measure(rounds);
        System.out.println("thread hand-offs, " + rounds + " rounds each, " + Runtime.getRuntime().availableProcessors()
            + " cpus (ns): p50 / p90 / p99 / mean");
        System.out.println(line("spin hand-off, round trip", s.spinRoundTrip()));
        System.out.println(line("unpark of a parked thread (waker's cost)", s.unparkParked()));
        System.out.println(line("wake-to-run after unpark", s.wakeToRun()));
    }

    /** Run the three measurements, {@code rounds} hand-offs each. */
    static Samples measure(final int rounds) throws InterruptedException
    {
        if (rounds < 1)
        {
            throw new IllegalArgumentException("rounds < 1: " + rounds);
        }
        final long[] spin = spinHandOffs(rounds);
        final long[][] parked = parkedHandOffs(rounds);
        return new Samples(spin, parked[0], parked[1]);
    }

    private static long[] spinHandOffs(final int rounds) throws InterruptedException
    {
        stop = false;
        final Thread partner = new Thread(() ->
        {
            while (!stop)
            {
                if (turn == 1)
                {
                    turn = 0;
                }
                Thread.onSpinWait();
            }
        }, "wake-up-partner-spin");
        partner.setDaemon(true);
        partner.start();
        final long[] t = new long[rounds];
        for (int i = 0; i < rounds; i++)
        {
            final long start = System.nanoTime();
            turn = 1;
            while (turn != 0)
            {
                Thread.onSpinWait();
            }
            t[i] = System.nanoTime() - start;
        }
        stop = true;
        partner.join();
        return t;
    }

    private static long[][] parkedHandOffs(final int rounds) throws InterruptedException
    {
        stop = false;
        turn = 0;
        final Thread partner = new Thread(() ->
        {
            while (!stop)
            {
                if (turn == 1)
                {
                    turn = 0;
                }
                else
                {
                    LockSupport.park();
                }
            }
        }, "wake-up-partner-park");
        partner.setDaemon(true);
        partner.start();
        final long[] unpark = new long[rounds];
        final long[] wake = new long[rounds];
        for (int i = 0; i < rounds; i++)
        {
            final long settle = System.nanoTime() + SETTLE_NANOS;
            while (System.nanoTime() < settle)
            {
                Thread.onSpinWait();   // long enough for the partner to be parked again
            }
            turn = 1;
            final long start = System.nanoTime();
            LockSupport.unpark(partner);
            final long unparked = System.nanoTime();
            while (turn != 0)
            {
                Thread.onSpinWait();
            }
            unpark[i] = unparked - start;
            wake[i] = System.nanoTime() - unparked;
        }
        stop = true;
        LockSupport.unpark(partner);
        partner.join();
        return new long[][] {unpark, wake};
    }

    static String line(final String what, final long[] samples)
    {
        final long[] s = samples.clone();
        Arrays.sort(s);
        final double mean = Arrays.stream(s).average().orElse(Double.NaN);
        return String.format(Locale.ROOT, "  %-42s %8d / %8d / %8d / %10.0f", what, s[s.length / 2],
            s[(int) (s.length * 0.9)], s[(int) (s.length * 0.99)], mean);
    }
}
