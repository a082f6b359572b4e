package io.dmsnap.cli.stats;

/** The outcome of comparing one row; see {@link VerdictRule} for the rules. */
public enum Verdict
{
    /** A significant change whose whole confidence interval is beyond the band in the bad direction. */
    REGRESSED,
    /** A significant change whose whole confidence interval is beyond the band in the good direction. */
    IMPROVED,
    /** No change of the band's size: the test could have seen one and did not, or the whole interval is inside the band. */
    SAME,
    /** The data cannot tell; more values per side would. */
    INCONCLUSIVE
}
