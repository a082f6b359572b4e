package io.dmsnap.cli.suite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The suite's progress lines and ETA, on a clock the test moves. */
@Timeout(10)
final class SuiteProgressTest
{
    private static final long SECOND = 1_000_000_000L;

    @Test
    void theEtaIsThePlansEstimateAtThePaceMeasuredSoFar()
    {
        // Two entries: 3 points of 1 x (1 s + 2.5 s JVM start) = 3.5 s, then 1 point of 2 x 3.5 s = 7 s.
        final SuitePlan plan = SuitePlan.of(SuiteFile.parse("s", "jmh ThrottleBench -f 1 -wi 0 -i 1 -r 1s\n"
            + "jmh ThrottleBench -p throttle=NONE -t 2 -f 2 -wi 0 -i 1 -r 1s\n"));
        assertEquals(3 * 3.5 + 7, plan.estimatedSeconds(), 1e-9);
        final AtomicLong now = new AtomicLong(100 * SECOND);
        final StringWriter text = new StringWriter();
        final SuiteProgress progress = new SuiteProgress(new PrintWriter(text), false, false, plan, now::get);

        progress.startRun(0);
        assertEquals(18, progress.etaSeconds(), "17.5 s before anything ran, at the estimate's pace");
        progress.startPoint("a");
        now.addAndGet(7 * SECOND);
        assertEquals(14, progress.etaSeconds(), "7 s into a point estimated at 3.5, overdue: the 14 s of the rest");
        progress.endBenchmark(null);
        // The first point took 7 s for an estimated 3.5: the pace is 2, so the 14 s left become 28.
        assertEquals(28, progress.etaSeconds());
        progress.startPoint("b");
        now.addAndGet(7 * SECOND);
        progress.endBenchmark(null);
        progress.startPoint("c");
        now.addAndGet(7 * SECOND);
        progress.endBenchmark(null);
        progress.startRun(1);
        assertEquals(14, progress.etaSeconds(), "the last point's 7 s at pace 2");
        progress.startPoint("d");
        now.addAndGet(4 * SECOND);
        assertEquals(10, progress.etaSeconds(), "14 s expected, 4 spent");
        now.addAndGet(20 * SECOND);
        assertEquals(0, progress.etaSeconds(), "never negative");
        progress.endBenchmark(null);
        assertEquals(4, progress.finished());

        final String[] lines = text.toString().split("\n");
        assertEquals(6, lines.length, text::toString);
        assertTrue(lines[0].startsWith("entry 1/2, line 1: jmh ThrottleBench -f 1 -wi 0 -i 1 -r 1s (3 points), ETA 18 s"),
            lines[0]);
        assertEquals("[1/4] a (7.0 s), ETA 28 s", lines[1]);
        assertEquals("[3/4] c (7.0 s), ETA 14 s", lines[3]);
        assertTrue(lines[4].startsWith("entry 2/2, line 2: "), lines[4]);
        assertEquals("[4/4] d (24.0 s)", lines[5], "no ETA after the last point");
    }

    @Test
    void scoresAndDurationsAreShort()
    {
        assertEquals("123456 ops/s", SuiteProgress.score(123456.4, "ops/s"));
        assertEquals("999.9 ns/op", SuiteProgress.score(999.94, "ns/op"));
        assertEquals("1000 ns/op", SuiteProgress.score(999.96, "ns/op"));
        assertEquals("42.42 ns/op", SuiteProgress.score(42.4242, "ns/op"));
        assertEquals("1.234 us/op", SuiteProgress.score(1.2344, "us/op"));
        assertEquals("0.0123 s/op", SuiteProgress.score(0.012345, "s/op"));
        assertEquals("NaN ops/s", SuiteProgress.score(Double.NaN, "ops/s"));
        assertEquals("59 s", SuiteProgress.duration(59));
        assertEquals("12 min 18 s", SuiteProgress.duration(738));
        assertEquals("2 h 5 min", SuiteProgress.duration(7500));
    }
}
