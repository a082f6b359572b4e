package io.dmsnap.stress.soak;

import java.util.List;

/**
 * The outcome of a soak run: operations done and bytes verified against the shadow model, the
 * control operations performed, and every violation (each names the seed to reproduce it).
 *
 * @param hung            no operation completed for the stall bound; {@code detail} holds the dump
 * @param peakDirectBytes the most direct buffer memory the process held, sampled while it ran
 * @param peakRssBytes    the process's peak resident set (the kernel's VmHWM), -1 where unknown
 */
public record SoakResult(long seed, long ops, long verifiedBytes, long creates, long removes, long handovers,
                         long reloads, List<String> violations, boolean hung, String detail, long peakDirectBytes,
                         long peakRssBytes)
{
    public boolean passed()
    {
        return violations.isEmpty() && !hung;
    }

    /** One paragraph for people. */
    public String summary()
    {
        return String.format(java.util.Locale.ROOT,
            "seed %d: %d I/O operations, %.1f MiB verified against the shadow model; %d snapshots created, %d removed, "
                + "%d handovers, %d crash-reloads; peak direct memory %.1f MiB, peak RSS %s; %s",
            seed, ops, verifiedBytes / 1048576.0, creates, removes, handovers, reloads, peakDirectBytes / 1048576.0,
            peakRssBytes < 0 ? "unknown" : String.format(java.util.Locale.ROOT, "%.1f MiB", peakRssBytes / 1048576.0),
            hung ? "HUNG" : violations.isEmpty() ? "no violation" : violations.size() + " violations");
    }
}
