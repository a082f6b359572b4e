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
     * {@code runs/m.html}; a directory {@code history/host} gives {@code history/host.html}; a
     * relative input gives a relative path.
     */
    public static Path htmlNextTo(final Path input)
    {
        Path base = input;
        Path name = input.getFileName();
        if (name == null || name.toString().equals(".") || name.toString().equals(".."))
        {
            base = input.toAbsolutePath().normalize();
            name = base.getFileName();
        }
        if (name == null)
        {
            throw new IllegalArgumentException("cannot name a report after " + input + ": give --output FILE.html");
        }
        final String text = name.toString();
        final int dot = text.lastIndexOf('.');
        return base.resolveSibling((dot > 0 ? text.substring(0, dot) : text) + ".html");
    }
}
