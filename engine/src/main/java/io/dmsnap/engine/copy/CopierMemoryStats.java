package io.dmsnap.engine.copy;

/**
 * One reading of a {@link CopierMemory} account: the copier memory the kernel would hold.
 *
 * @param currentBytes  bytes held now: reserves, job objects and pages of running copies
 * @param peakBytes     most bytes held at once in the window
 * @param meanBytes     time-weighted mean of the bytes held over the window
 * @param jobs          jobs submitted and not completed now (queued or running)
 * @param peakJobs      most such jobs at once in the window
 * @param pages         pages held by running copies now (reserves not included)
 * @param reserveBytes  the clients' reserves (job mempools and reserved pages)
 * @param windowNanos   length of the window: since the account was created or its peaks reset
 */
public record CopierMemoryStats(long currentBytes, long peakBytes, double meanBytes, long jobs, long peakJobs,
                                long pages, long reserveBytes, long windowNanos)
{
}
