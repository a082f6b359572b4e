package io.dmsnap.cli.stats;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PValueAdjustmentTest
{
    /**
     * By hand, p = (0.01, 0.04, 0.03, 0.005), m = 4. Sorted 0.005, 0.01, 0.03, 0.04.
     * Holm: 4 x 0.005 = 0.02, 3 x 0.01 = 0.03, 2 x 0.03 = 0.06, 1 x 0.04 = 0.04 -> running max 0.06.
     * BH: 0.005 x 4/1 = 0.02, 0.01 x 4/2 = 0.02, 0.03 x 4/3 = 0.04, 0.04 x 4/4 = 0.04 -> running min from the top.
     * (R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") and "BH" give the same.)
     */
    @Test
    void adjustsInTheGivenOrder()
    {
        final double[] p = {0.01, 0.04, 0.03, 0.005};
        assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02}, PValueAdjustment.holm(p), 1e-15);
        assertArrayEquals(new double[] {0.02, 0.04, 0.04, 0.02}, PValueAdjustment.benjaminiHochberg(p), 1e-15);
        assertArrayEquals(new double[] {0.01, 0.04, 0.03, 0.005}, p, "the input is not modified");
    }

    /** R's ?p.adjust: with all p equal, Holm multiplies the smallest by m and carries that maximum up. */
    @Test
    void capsAtOneAndKeepsTies()
    {
        assertArrayEquals(new double[] {1.0, 1.0}, PValueAdjustment.holm(new double[] {0.5, 0.6}));
        assertArrayEquals(new double[] {0.06, 0.06, 0.06}, PValueAdjustment.holm(new double[] {0.02, 0.02, 0.02}), 1e-15);
        assertArrayEquals(new double[] {0.02, 0.02, 0.02},
            PValueAdjustment.benjaminiHochberg(new double[] {0.02, 0.02, 0.02}), 1e-15);
        assertArrayEquals(new double[] {0.3}, PValueAdjustment.holm(new double[] {0.3}));
        assertArrayEquals(new double[0], PValueAdjustment.holm(new double[0]));
    }

    @Test
    void adjustedValuesAreMonotoneAtLeastTheRawValueAndAtMostOne()
    {
        final UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(5L);
        for (int family = 0; family < 50; family++)
        {
            final double[] p = new double[1 + rng.nextInt(40)];
            for (int i = 0; i < p.length; i++)
            {
                p[i] = rng.nextDouble() * rng.nextDouble();
            }
            for (final double[] adjusted : new double[][] {PValueAdjustment.holm(p), PValueAdjustment.benjaminiHochberg(p)})
            {
                for (int i = 0; i < p.length; i++)
                {
                    assertTrue(adjusted[i] >= p[i] && adjusted[i] <= 1.0);
                    for (int j = 0; j < p.length; j++)
                    {
                        assertTrue(p[i] > p[j] || adjusted[i] <= adjusted[j], "order kept");
                    }
                }
            }
            final double[] holm = PValueAdjustment.holm(p);
            final double[] bh = PValueAdjustment.benjaminiHochberg(p);
            for (int i = 0; i < p.length; i++)
            {
                assertTrue(bh[i] <= holm[i], "BH is never stricter than Holm");
            }
        }
    }

    @Test
    void badPValuesAreRejected()
    {
        assertEquals("p-value 1 is NaN: give values in [0, 1]",
            assertThrows(IllegalArgumentException.class, () -> PValueAdjustment.holm(new double[] {0.1, Double.NaN}))
                .getMessage());
        assertEquals("p-value 0 is 1.5: give values in [0, 1]",
            assertThrows(IllegalArgumentException.class, () -> PValueAdjustment.benjaminiHochberg(new double[] {1.5}))
                .getMessage());
        assertThrows(IllegalArgumentException.class, () -> PValueAdjustment.holm(null));
    }
}
