package io.dmsnap.cli.inspect;

import io.dmsnap.engine.store.CowReport;

/** {@code dmsnap inspect}'s report for a person: header block, areas table, folded runs, usage line, verdict. */
final class CowReportText
{
    private CowReportText()
    {
    }

    static String render(final CowReport report)
    {
        final CowReport.Header header = report.header();
        final StringBuilder b = new StringBuilder(1024);
        b.append("COW image ").append(report.deviceName()).append(": ").append(report.deviceSectors())
         .append(" sectors, ").append(report.deviceChunks()).append(" chunks of ").append(report.chunkSize())
         .append(" sectors\n\n");
        b.append("Header\n");
        b.append(String.format("  magic       0x%08X (\"SnAp\")%n", header.magic()));
        b.append("  valid       ").append(Integer.toUnsignedString(header.valid()))
         .append(header.valid() == 0 ? " (invalidated)" : "").append('\n');
        b.append("  version     ").append(Integer.toUnsignedString(header.version())).append('\n');
        b.append("  chunk size  ").append(header.chunkSize()).append(" sectors")
         .append(header.chunkSize() == report.chunkSize() ? "" : " (walked with " + report.chunkSize() + ")")
         .append('\n');
        b.append("  per area    ").append(report.exceptionsPerArea()).append(" exceptions\n\n");

        b.append("Areas\n");
        b.append(String.format("  %6s %12s %8s  %s%n", "area", "chunk", "entries", "state"));
        for (final CowReport.Area a : report.areas())
        {
            final String state = a.full() ? "full" : "terminator at #" + a.terminator()
                + (a.strayEntries() == 0 ? "" : ", " + a.strayEntries()
                   + (a.strayEntries() == 1 ? " stray entry after it" : " stray entries after it"));
            b.append(String.format("  %6d %12d %8d  %s%n", a.index(), a.location(), a.entries(), state));
        }
        b.append('\n');

        b.append("Exceptions: ").append(report.exceptionCount()).append(" in ").append(report.runs().size())
         .append(report.runs().size() == 1 ? " run\n" : " runs\n");
        for (final CowReport.Run r : report.runs())
        {
            b.append("  ").append(r).append('\n');
        }
        b.append('\n');
        b.append("next_free   ").append(report.nextFree()).append('\n');
        b.append("usage       ").append(report.usageLine()).append('\n');
        b.append("status      ").append(report.statusLine()).append('\n');
        if (!report.notes().isEmpty())
        {
            b.append("\nNotes\n");
            for (final String n : report.notes())
            {
                b.append("  - ").append(n).append('\n');
            }
        }
        b.append('\n');
        if (report.ok())
        {
            b.append("Verdict: OK, no invariant violations\n");
        }
        else
        {
            b.append("Verdict: ").append(report.verify().size())
             .append(report.verify().size() == 1 ? " violation\n" : " violations\n");
            for (final String v : report.verify())
            {
                b.append("  - ").append(v).append('\n');
            }
        }
        return b.toString();
    }
}
