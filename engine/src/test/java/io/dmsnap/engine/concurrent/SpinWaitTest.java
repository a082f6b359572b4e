package io.dmsnap.engine.concurrent;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpinWaitTest
{
    @Test
    void countsSpinRoundsThenStaysInTheYieldPhase()
    {
        int round = 0;
        for (int i = 0; i < SpinWait.SPINS; i++)
        {
            assertEquals(i, round);
            round = SpinWait.pause(round);
        }
        assertEquals(SpinWait.SPINS, round, "after SPINS pauses the waiter is in the yield phase");
        assertEquals(SpinWait.SPINS, SpinWait.pause(round), "yield rounds do not count further (no overflow on long waits)");
    }
}
