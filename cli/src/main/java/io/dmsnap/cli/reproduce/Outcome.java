package io.dmsnap.cli.reproduce;

import java.util.List;

/**
 * One row of the reproduction table: the reproduction, what it found, how long it took.
 *
 * @param reproduction what ran
 * @param finding      what it found
 * @param seconds      how long it took
 */
record Outcome(Reproduction reproduction, Finding finding, double seconds)
{
    /** The table's columns. */
    static final List<String> HEADER = List.of("seed commit", "what it claimed", "the seed's figure", "ours",
        "same shape?", "effect at least the seed's?");

    /** The cells of the table, in the order of {@link #HEADER}. */
    List<String> cells()
    {
        return List.of(reproduction.commit(), reproduction.claim(), reproduction.seedFigure(), finding.ours(),
            finding.sameShapeCell(), finding.atLeastSeed().cell());
    }
}
