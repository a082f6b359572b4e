package io.dmsnap.cli.reproduce;

import java.io.PrintWriter;

/**
 * One headline result of the seeds and the workload that shows it. An implementation calls the
 * bench and stress libraries that measure it; it does not measure anything itself.
 */
public interface Reproduction
{
    /** The id {@code --only} takes, e.g. {@code locking}. */
    String id();

    /** The seed's kernel commit(s), e.g. {@code 3f1637f2}. */
    String commit();

    /** What the commit claimed, one line. */
    String claim();

    /** The seed's figure, one line. */
    String seedFigure();

    /** What this reproduction runs at the depth, one line (sizes, repeats, devices). */
    String workload(Depth depth);

    /** What a machine with {@code cores} cores cannot show of the seed's effect; one line. */
    String limits(int cores);

    /** Seconds the reproduction is expected to take at the depth on 2 cores. */
    double expectedSeconds(Depth depth);

    /**
     * Runs the workload. Progress of long steps goes to {@code err}.
     *
     * @throws Exception when the workload could not run; the command reports it in the row
     */
    Finding run(Depth depth, PrintWriter err) throws Exception;
}
