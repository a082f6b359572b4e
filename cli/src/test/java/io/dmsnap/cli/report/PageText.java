package io.dmsnap.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a reader sees of a rendered page, read with regular expressions (our pages are regular). */
public final class PageText
{
    private static final Pattern ROW = Pattern.compile("<tr[^>]*>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<t[dh][^>]*>(.*?)</t[dh]>", Pattern.DOTALL);
    private static final Pattern HEADING = Pattern.compile("<h([1-3])>(.*?)</h\\1>", Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile("<[^>]+>");

    private PageText()
    {
    }

    /** The cells of every table row of the page, header rows included, in page order. */
    public static List<List<String>> rows(final String html)
    {
        final List<List<String>> rows = new ArrayList<>();
        final Matcher row = ROW.matcher(html);
        while (row.find())
        {
            final List<String> cells = new ArrayList<>();
            final Matcher cell = CELL.matcher(row.group(1));
            while (cell.find())
            {
                cells.add(unescape(cell.group(1)));
            }
            rows.add(cells);
        }
        return rows;
    }

    /** The rows whose tag carries {@code class="<cssClass>"}. */
    public static List<List<String>> rowsOfClass(final String html, final String cssClass)
    {
        final List<List<String>> rows = new ArrayList<>();
        final Matcher row = Pattern.compile("<tr class=\"" + Pattern.quote(cssClass) + "\">(.*?)</tr>", Pattern.DOTALL)
            .matcher(html);
        while (row.find())
        {
            final List<String> cells = new ArrayList<>();
            final Matcher cell = CELL.matcher(row.group(1));
            while (cell.find())
            {
                cells.add(unescape(cell.group(1)));
            }
            rows.add(cells);
        }
        return rows;
    }

    /** Headings as "h2 text", in page order. */
    public static List<String> headings(final String html)
    {
        final List<String> headings = new ArrayList<>();
        final Matcher h = HEADING.matcher(html);
        while (h.find())
        {
            headings.add("h" + h.group(1) + " " + unescape(h.group(2)));
        }
        return headings;
    }

    /** The page's text without tags and with entities resolved: what a reader reads. */
    public static String text(final String html)
    {
        return unescape(TAG.matcher(html).replaceAll(" ")).replaceAll("\\s+", " ");
    }

    /** How many embedded images the page has. */
    public static int images(final String html)
    {
        int n = 0;
        int at = html.indexOf("<img ");
        while (at >= 0)
        {
            n++;
            at = html.indexOf("<img ", at + 1);
        }
        return n;
    }

    private static String unescape(final String text)
    {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
            .replace("&amp;", "&");
    }
}
