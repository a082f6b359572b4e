package io.dmsnap.cli.ab;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ETA on a clock the test moves: estimates first, then each kind corrected by what it took. */
final class AbProgressTest
{
    private static final long SECOND = 1_000_000_000L;

    @Test
    void theEtaStartsFromTheEstimatesAndFollowsTheMeasuredPace()
    {
        final AtomicLong clock = new AtomicLong();
        final StringWriter text = new StringWriter();
        final AbProgress progress = new AbProgress(new PrintWriter(text), false, clock::get);
        final int build = progress.add(AbProgress.Kind.BUILD, "build A 1a2b3c4", 100);
        final int[] forks = new int[4];
        for (int i = 0; i < forks.length; i++)
        {
            forks[i] = progress.add(AbProgress.Kind.FORK, "[" + (i + 1) + "/4] fork", 10);
        }
        assertEquals(140, progress.etaSeconds());

        progress.start(build);
        clock.addAndGet(30 * SECOND);
        assertEquals(70 + 40, progress.etaSeconds(), "what is left of the build, then the forks");
        clock.addAndGet(30 * SECOND);
        progress.finish(build, "built");
        assertEquals(0.6, progress.pace(AbProgress.Kind.BUILD), 1e-9);
        assertEquals(1.0, progress.pace(AbProgress.Kind.FORK), 1e-9, "a build's pace says nothing of the forks'");
        assertEquals(40, progress.etaSeconds());

        progress.start(forks[0]);
        clock.addAndGet(20 * SECOND);
        assertEquals(30, progress.etaSeconds(), "a fork over its estimate counts as about to end");
        progress.finish(forks[0], "");
        assertEquals(2.0, progress.pace(AbProgress.Kind.FORK), 1e-9);
        assertEquals(60, progress.etaSeconds(), "three forks left at twice their estimate");

        progress.start(forks[1]);
        clock.addAndGet(5 * SECOND);
        assertEquals(15 + 40, progress.etaSeconds());
        clock.addAndGet(15 * SECOND);
        progress.finish(forks[1], "");
        assertEquals(2, progress.remaining(), "two forks left");

        final String lines = text.toString();
        assertTrue(lines.contains("build A 1a2b3c4: built, 1 min 0 s; ETA 40 s"), lines);
        assertTrue(lines.contains("[1/4] fork: 20.0 s; ETA 1 min 0 s"), lines);
        assertTrue(lines.contains("[2/4] fork: 20.0 s; ETA 40 s"), lines);
        assertFalse(lines.contains("\r"), "no live line without a console");
    }

    @Test
    void theLiveLineIsRedrawnInPlaceAndClearedForMessages()
    {
        final AtomicLong clock = new AtomicLong();
        final StringWriter text = new StringWriter();
        final AbProgress progress = new AbProgress(new PrintWriter(text), true, clock::get);
        final int task = progress.add(AbProgress.Kind.FORK, "[1/1] fork 1/1 A", 10);
        progress.start(task);
        clock.addAndGet(4 * SECOND);
        progress.phase("ThrottleBench.startEndCopy warm-up 1/3");
        assertTrue(text.toString().endsWith("\r[1/1] fork 1/1 A, ThrottleBench.startEndCopy warm-up 1/3, 4.0 s, ETA 6 s"),
            text::toString);
        progress.message("hello");
        assertTrue(text.toString().endsWith(" \rhello" + System.lineSeparator()), text::toString);
    }

    @Test
    void onlyTheTaskUnderWayCanFinish()
    {
        final AbProgress progress = new AbProgress(new PrintWriter(new StringWriter()), false, () -> 0L);
        final int a = progress.add(AbProgress.Kind.FORK, "a", 1);
        final int b = progress.add(AbProgress.Kind.FORK, "b", 1);
        progress.start(a);
        assertThrows(IllegalStateException.class, () -> progress.finish(b, ""));
    }

    @Test
    void durationsReadLikeTheMatrixS()
    {
        assertEquals("45 s", AbProgress.duration(45));
        assertEquals("4 min 10 s", AbProgress.duration(250));
        assertEquals("2 h 5 min", AbProgress.duration(7500));
        assertEquals("12.3 s", AbProgress.seconds(12.34));
    }
}
