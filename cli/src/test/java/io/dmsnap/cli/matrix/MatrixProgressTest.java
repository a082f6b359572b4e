package io.dmsnap.cli.matrix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
final class MatrixProgressTest
{
    private static final long SECOND = 1_000_000_000L;

    @Test
    void etaStartsFromTheEstimateAndThenFollowsTheMeasuredRate()
    {
        final AtomicLong clock = new AtomicLong(0);
        final MatrixProgress progress = new MatrixProgress(new PrintWriter(new StringWriter()), false, false, 10, 8.0,
            clock::get);
        assertEquals(80, progress.etaSeconds());
        progress.endBenchmark(null);
        clock.set(4 * SECOND);
        progress.endBenchmark(null);
        clock.set(6 * SECOND);
        // Two points in 6 s: 3 s each, eight left.
        assertEquals(24, progress.etaSeconds());
        assertEquals(2, progress.finished());
    }

    @Test
    void jmhTextIsKeptAsATailAndOnlyPassedThroughWhenVerbose()
    {
        final StringWriter quiet = new StringWriter();
        final MatrixProgress progress = new MatrixProgress(new PrintWriter(quiet), false, false, 1, 1.0, System::nanoTime);
        for (int i = 0; i < 100; i++)
        {
            progress.println("line " + i);
        }
        progress.print("partial");
        progress.flush();
        assertEquals("", quiet.toString());
        assertEquals(61, progress.tail().size());
        assertEquals("line 40", progress.tail().get(0));
        assertEquals("partial", progress.tail().get(60));

        final StringWriter loud = new StringWriter();
        final MatrixProgress verbose = new MatrixProgress(new PrintWriter(loud), false, true, 1, 1.0, System::nanoTime);
        verbose.println("# Fork: 1 of 1");
        verbose.flush();
        assertEquals("# Fork: 1 of 1\n", loud.toString());
    }

    @Test
    void theLiveLineShowsPointPhaseAndEtaAndIsErasedBeforeTheFinishedLine()
    {
        final StringWriter text = new StringWriter();
        final AtomicLong clock = new AtomicLong();
        final MatrixProgress live = new MatrixProgress(new PrintWriter(text), true, false, 4, 2.0, clock::get);
        live.startPoint("fio_origin_randwrite_latency workers=2");
        assertEquals("\r[1/4] fio_origin_randwrite_latency workers=2 starting, ETA 8 s", text.toString());
        text.getBuffer().setLength(0);
        clock.set(SECOND);
        live.phase("warmup 1/1");
        assertEquals("\r[1/4] fio_origin_randwrite_latency workers=2 warmup 1/1, ETA 7 s", text.toString());
        text.getBuffer().setLength(0);
        clock.set(3 * SECOND);
        live.endBenchmark(null);
        final String blank = " ".repeat("[1/4] fio_origin_randwrite_latency workers=2 warmup 1/1, ETA 7 s".length());
        assertEquals("\r" + blank + "\r[1/4] fio_origin_randwrite_latency workers=2 (3.0 s)\n", text.toString());
    }

    @Test
    void withoutAConsoleOnlyFinishedPointsArePrinted()
    {
        final StringWriter text = new StringWriter();
        final AtomicLong clock = new AtomicLong();
        final MatrixProgress progress = new MatrixProgress(new PrintWriter(text), false, false, 2, 2.0, clock::get);
        progress.startPoint("a");
        progress.phase("measurement 1/2");
        clock.set(SECOND / 2);
        progress.endBenchmark(null);
        progress.startPoint("b");
        progress.endBenchmark(null);
        progress.close();
        assertEquals("[1/2] a (0.5 s)\n[2/2] b (0.0 s)\n", text.toString());
        assertFalse(text.toString().contains("\r"));
    }

    @Test
    void scoresAndDurationsAreReadable()
    {
        assertEquals("57708 ops/s", MatrixProgress.score(57708.4, "ops/s"));
        assertEquals("13.27 us/op", MatrixProgress.score(13.2712, "us/op"));
        assertEquals("NaN ops/s", MatrixProgress.score(Double.NaN, "ops/s"));
        assertEquals("45 s", MatrixProgress.duration(45));
        assertEquals("4 min 10 s", MatrixProgress.duration(250));
        assertEquals("2 h 5 min", MatrixProgress.duration(7500));
        assertTrue(MatrixProgress.duration(0).startsWith("0"));
    }
}
