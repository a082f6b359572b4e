package io.dmsnap.cli.report;

import org.knowm.xchart.internal.chartpart.Chart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A self-contained HTML page: one file with its style and its charts inside (SVG data URIs), no
 * script, nothing fetched, so it opens the same from a CI artifact, a mail or a file system.
 * Every text is escaped here; callers pass plain strings. Built top to bottom; not thread-safe.
 */
public final class HtmlPage
{
    private static final String STYLE = String.join("\n",
        "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:72em;"
            + "padding:0 1em;color:#222;line-height:1.4}",
        "h1{font-size:1.6em}h2{font-size:1.3em;margin-top:1.6em;border-bottom:1px solid #ddd}h3{font-size:1.1em}",
        "table{border-collapse:collapse;margin:.8em 0;font-size:.92em}",
        "th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right;vertical-align:top}",
        "th{background:#f3f3f3}td.text,th.text{text-align:left}",
        "table.fields th{text-align:left;font-weight:normal;color:#444}table.fields td{text-align:left}",
        "tr.oversubscribed td{color:#666;font-style:italic}",
        "tr.regressed td{background:#fde2e1}tr.improved td{background:#e0f4e4}tr.inconclusive td{background:#fff6d5}",
        // inline-table with the caption as a table caption: the caption wraps at the chart's width,
        // so two charts stand side by side however long their captions are.
        "figure{display:inline-table;vertical-align:top;margin:.5em .5em .5em 0}",
        "figcaption{display:table-caption;caption-side:bottom;font-size:.85em;color:#555}",
        "img.chart{max-width:100%;height:auto}",
        ".meta{color:#555;font-size:.9em}.verdict{font-size:1.15em;font-weight:bold}",
        "details{margin:.6em 0}summary{cursor:pointer}",
        "code,pre{font-family:ui-monospace,monospace;font-size:.9em}",
        "ul.notes{font-size:.9em;color:#444;padding-left:1.4em}");

    private final StringBuilder body = new StringBuilder(64 * 1024);
    private final String title;
    /** Every chart embedded so far, in page order: for writing them as PNG files too. */
    private final List<Chart<?, ?>> charts = new ArrayList<>();

    public HtmlPage(final String title)
    {
        this.title = title;
        heading(1, title);
    }

    /** {@code <h1>}..{@code <h3>}. */
    public HtmlPage heading(final int level, final String text)
    {
        final int h = Math.max(1, Math.min(3, level));
        body.append("<h").append(h).append('>').append(escape(text)).append("</h").append(h).append(">\n");
        return this;
    }

    public HtmlPage paragraph(final String text)
    {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A paragraph with a CSS class ({@code meta}, {@code verdict}). */
    public HtmlPage paragraph(final String cssClass, final String text)
    {
        body.append("<p class=\"").append(escape(cssClass)).append("\">").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A bulleted list of short notes. */
    public HtmlPage notes(final List<String> items)
    {
        if (items.isEmpty())
        {
            return this;
        }
        body.append("<ul class=\"notes\">\n");
        for (final String item : items)
        {
            body.append("<li>").append(escape(item)).append("</li>\n");
        }
        body.append("</ul>\n");
        return this;
    }

    /** A two-column table of named values (an environment, settings), names left, values left-aligned. */
    public HtmlPage fields(final List<Map.Entry<String, String>> fields)
    {
        body.append("<table class=\"fields\">\n");
        for (final Map.Entry<String, String> f : fields)
        {
            body.append("<tr><th>").append(escape(f.getKey())).append("</th><td>").append(escape(f.getValue()))
                .append("</td></tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** Preformatted text (a command line, a table printed for a terminal). */
    public HtmlPage preformatted(final String text)
    {
        body.append("<pre>").append(escape(text)).append("</pre>\n");
        return this;
    }

    /**
     * A table; the first column is left-aligned text, the others right-aligned. {@code rowClasses}
     * may be null, or give a CSS class per row ({@code regressed}, {@code improved}, ...; null for none).
     */
    public HtmlPage table(final List<String> header, final List<List<String>> rows, final List<String> rowClasses)
    {
        return table(header, rows, rowClasses, 1);
    }

    /** A table whose first {@code textColumns} columns are left-aligned text, the others right-aligned (figures). */
    public HtmlPage table(final List<String> header, final List<List<String>> rows, final List<String> rowClasses,
                          final int textColumns)
    {
        body.append("<table>\n<tr>");
        for (int c = 0; c < header.size(); c++)
        {
            body.append(c < textColumns ? "<th class=\"text\">" : "<th>").append(escape(header.get(c))).append("</th>");
        }
        body.append("</tr>\n");
        for (int r = 0; r < rows.size(); r++)
        {
            final String cls = rowClasses == null ? null : rowClasses.get(r);
            body.append(cls == null ? "<tr>" : "<tr class=\"" + escape(cls) + "\">");
            final List<String> row = rows.get(r);
            for (int c = 0; c < row.size(); c++)
            {
                body.append(c < textColumns ? "<td class=\"text\">" : "<td>").append(escape(row.get(c))).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** A chart drawn as SVG and embedded, with its caption. */
    public HtmlPage chart(final Chart<?, ?> chart, final String caption)
    {
        charts.add(chart);
        final String alt = chart.getTitle() == null || chart.getTitle().isEmpty() ? caption : chart.getTitle();
        body.append("<figure><img class=\"chart\" alt=\"").append(escape(alt))
            .append("\" width=\"").append(chart.getWidth()).append("\" height=\"").append(chart.getHeight())
            .append("\" src=\"data:image/svg+xml;base64,")
            .append(Base64.getEncoder().encodeToString(Charts.svg(chart))).append("\">");
        if (caption != null && !caption.isEmpty())
        {
            body.append("<figcaption>").append(escape(caption)).append("</figcaption>");
        }
        body.append("</figure>\n");
        return this;
    }

    /** Opens a collapsed section; close it with {@link #endDetails()}. */
    public HtmlPage beginDetails(final String summary)
    {
        body.append("<details><summary>").append(escape(summary)).append("</summary>\n");
        return this;
    }

    public HtmlPage endDetails()
    {
        body.append("</details>\n");
        return this;
    }

    /** The charts embedded so far, in page order; read-only. */
    public List<Chart<?, ?>> charts()
    {
        return Collections.unmodifiableList(charts);
    }

    /** The whole document. */
    public String render()
    {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<title>" + escape(title) + "</title>\n<style>\n" + STYLE + "\n</style>\n</head>\n<body>\n"
            + body + "</body>\n</html>\n";
    }

    /** Writes the page atomically (temporary file, then moved into place). */
    public void write(final Path file) throws IOException
    {
        final Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        final Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try
        {
            Files.writeString(tmp, render(), StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        finally
        {
            Files.deleteIfExists(tmp);
        }
    }

    /** Text with the five HTML special characters escaped. */
    public static String escape(final String text)
    {
        if (text == null)
        {
            return "";
        }
        final StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
