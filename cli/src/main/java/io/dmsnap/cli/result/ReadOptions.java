package io.dmsnap.cli.result;

/**
 * How strictly {@link ResultFiles#read(java.nio.file.Path, ReadOptions)} merges a directory.
 *
 * @param allowEnvironmentMismatch merge a directory's files even when their environments differ
 *                                 (the differing fields become unknown and are listed in the
 *                                 result set's notes); by default that is an error naming both files
 */
public record ReadOptions(boolean allowEnvironmentMismatch)
{
    /** Files of a directory must agree on their environment. */
    public static final ReadOptions STRICT = new ReadOptions(false);
    /** Files of a directory may differ in their environment. */
    public static final ReadOptions ALLOW_ENVIRONMENT_MISMATCH = new ReadOptions(true);
}
