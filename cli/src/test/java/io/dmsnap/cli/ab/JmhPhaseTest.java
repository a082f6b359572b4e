package io.dmsnap.cli.ab;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class JmhPhaseTest
{
    @Test
    void followsPointsAndIterationsInJmhOutput()
    {
        final JmhPhase phase = new JmhPhase();
        assertEquals("starting", phase.text());
        for (final String line : List.of("# JMH version: 1.37", "# Warmup: 3 iterations, 1 s each",
            "# Measurement: 5 iterations, 1 s each", "# Benchmark: io.dmsnap.bench.jmh.micro.ThrottleBench.startEndCopy",
            "# Parameters: (throttle = NONE)", "", "# Fork: 1 of 1"))
        {
            phase.accept(line);
        }
        assertEquals("ThrottleBench.startEndCopy {throttle=NONE} starting", phase.text());
        assertTrue(phase.accept("# Warmup Iteration   2: 10.359 ns/op"));
        assertEquals("ThrottleBench.startEndCopy {throttle=NONE} warm-up 2/3", phase.text());
        assertTrue(phase.accept("Iteration   4: 5.962 ns/op"));
        assertEquals("ThrottleBench.startEndCopy {throttle=NONE} iteration 4/5", phase.text());
        assertFalse(phase.accept("Result \"io.dmsnap.bench.jmh.micro.ThrottleBench.startEndCopy\":"));
        phase.accept("# Benchmark: io.dmsnap.bench.jmh.micro.ReorderBench.inOrder");
        assertEquals("ReorderBench.inOrder starting", phase.text());
        assertEquals(2, phase.points());
    }
}
