package io.dmsnap.cli.changepoint;

/** How a candidate change point is judged real. */
public enum SignificanceMethod
{
    /** Otava's t-test (see the package documentation for its quirk): Otava's default, reproduces its results. */
    T_TEST,
    /** A seeded permutation test on the E-divisive divergence: no assumption about the noise's distribution. */
    PERMUTATION
}
