package io.dmsnap.cli.result;

/**
 * How much independent repetition a {@link Measurement} holds, which decides what a comparison may
 * treat as independent samples.
 */
public enum Replication
{
    /** Two or more replicates (forks or runs): one value per replicate is an independent sample. */
    REPLICATED,
    /**
     * One replicate with two or more samples: only iterations of one fork. A comparison can pool
     * them, but its confidence is optimistic, since iterations of one JVM are not independent.
     */
    ITERATIONS_ONLY,
    /** One replicate with one sample: a single number, nothing to estimate noise from. */
    SINGLE_VALUE
}
