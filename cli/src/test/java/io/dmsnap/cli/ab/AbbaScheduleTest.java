package io.dmsnap.cli.ab;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class AbbaScheduleTest
{
    @Test
    void evenRoundsRunAFirstOddRoundsBFirst()
    {
        assertEquals(List.of(Side.A, Side.B), AbbaSchedule.order(0));
        assertEquals(List.of(Side.B, Side.A), AbbaSchedule.order(1));
        assertEquals(List.of(Side.A, Side.B), AbbaSchedule.order(2));
        assertEquals(List.of(Side.B, Side.A), AbbaSchedule.order(3));
    }

    @Test
    void roundsAreOutsideRunsAndSidesInside()
    {
        final AbbaSchedule s = AbbaSchedule.of(3, 2);
        final List<String> order = new ArrayList<>();
        for (final AbbaSchedule.Slot slot : s.slots())
        {
            order.add((slot.fork() + 1) + ":" + (slot.run() + 1) + slot.side());
        }
        assertEquals(List.of("1:1A", "1:1B", "1:2A", "1:2B",
            "2:1B", "2:1A", "2:2B", "2:2A",
            "3:1A", "3:1B", "3:2A", "3:2B"), order);
        assertEquals("AB BA AB", s.describe());
    }

    @Test
    void eachRunSeesAbbaAndBothSidesGetEveryForkOnce()
    {
        final AbbaSchedule s = AbbaSchedule.of(4, 3);
        assertEquals(2 * 4 * 3, s.slots().size());
        for (int run = 0; run < 3; run++)
        {
            final StringBuilder sides = new StringBuilder();
            for (final AbbaSchedule.Slot slot : s.slots())
            {
                if (slot.run() == run)
                {
                    sides.append(slot.side());
                }
            }
            assertEquals("ABBAABBA", sides.toString(), "run " + run);
        }
        for (final Side side : Side.values())
        {
            for (int fork = 0; fork < 4; fork++)
            {
                final int f = fork;
                assertEquals(3, s.slots().stream().filter(x -> x.side() == side && x.fork() == f).count());
            }
        }
        // Over an even number of rounds each side runs first equally often: a linear drift cancels.
        final int[] positionSum = new int[2];
        for (int i = 0; i < s.slots().size(); i++)
        {
            positionSum[s.slots().get(i).side().ordinal()] += i;
        }
        assertEquals(positionSum[0], positionSum[1]);
    }

    @Test
    void longSchedulesAreShortenedInTheDescription()
    {
        assertEquals("AB BA AB BA AB BA AB BA ...", AbbaSchedule.of(9, 1).describe());
        assertTrue(AbbaSchedule.of(1, 1).describe().equals("AB"));
    }

    @Test
    void aScheduleNeedsAForkAndARun()
    {
        assertThrows(IllegalArgumentException.class, () -> AbbaSchedule.of(0, 1));
        assertThrows(IllegalArgumentException.class, () -> AbbaSchedule.of(1, 0));
    }
}
