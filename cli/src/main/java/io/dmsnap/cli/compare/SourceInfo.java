package io.dmsnap.cli.compare;

import io.dmsnap.cli.result.ResultSet;

/**
 * Where one side of a comparison came from.
 *
 * @param source    the file or directory as given on the command line
 * @param kind      the kind of its files ({@code dmsnap}, {@code jmh}, {@code fio})
 * @param files     how many files were read
 * @param commit    the git commit of the code, null when unknown
 * @param dirty     whether the working tree had changes; null when unknown
 * @param startTime when the run started (ISO-8601), null when unknown
 */
public record SourceInfo(String source, String kind, int files, String commit, Boolean dirty, String startTime)
{
    static SourceInfo of(final ResultSet set)
    {
        return new SourceInfo(set.source().toString(), set.kind().label(), set.files().size(),
            set.environment().gitCommit().orElse(null), set.environment().gitDirty().orElse(null),
            set.environment().startTime().map(Object::toString).orElse(null));
    }

    /** {@code a.json (commit abc1234, dirty, 2026-12-06T09:22:31Z)}: what a report's header shows. */
    String describe()
    {
        final StringBuilder s = new StringBuilder(source);
        s.append(" (").append(files == 1 ? "1 file" : files + " files");
        s.append(", commit ").append(commit == null ? "unknown" : commit.length() > 12 ? commit.substring(0, 12) : commit);
        if (Boolean.TRUE.equals(dirty))
        {
            s.append(" with uncommitted changes");
        }
        if (startTime != null)
        {
            s.append(", started ").append(startTime.length() > 19 ? startTime.substring(0, 19) + "Z" : startTime);
        }
        return s.append(')').toString();
    }
}
