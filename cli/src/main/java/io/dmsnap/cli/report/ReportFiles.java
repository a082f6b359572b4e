package io.dmsnap.cli.report;

import java.nio.file.Path;

/** Where a report goes by default. Stateless. */
public final class ReportFiles
{
    private ReportFiles()
    {
    }

    /**
     * The HTML file next to {@code input} with the same base name: {@code runs/m.json} gives
     * {@code runs/m.html}; a directory {@code history/host} gives {@code history/host.html}.
     */
    public static Path htmlNextTo(final Path input)
    {
        final Path absolute = input.toAbsolutePath().normalize();
        final Path name = absolute.getFileName();
        if (name == null)
        {
            throw new IllegalArgumentException("cannot name a report after " + input + ": give --output FILE.html");
        }
        final String text = name.toString();
        final int dot = text.lastIndexOf('.');
        final String base = dot > 0 ? text.substring(0, dot) : text;
        return absolute.resolveSibling(base + ".html");
    }
}
