package io.dmsnap.engine.block;

/**
 * Completion callback of a {@link Bio} ({@code bi_end_io}).
 *
 * <p>Called exactly once per submission, from whichever thread completes the I/O: the submitter
 * itself (inline devices), a device's completion thread, or a copier thread. Implementations must
 * not block and must not throw.
 */
@FunctionalInterface
public interface BioEndIo
{
    void endIo(Bio bio, int status);
}
