package io.dmsnap.cli.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The charts of every report drawn the same way (XChart): one palette, one font, white
 * background, and two encodings: SVG for HTML pages (sharp at any zoom, embedded as a data URI)
 * and PNG for files people attach to a ticket. XChart draws through AWT, so the JVM runs headless.
 */
public final class Charts
{
    /** Series colours, distinguishable by people with the common colour-vision deficiencies (Okabe-Ito). */
    public static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0xE69F00), new Color(0x56B4E9), new Color(0xF0E442), new Color(0x000000),
    };

    /** The outline data of an SVG shape: XChart draws every letter as one. */
    private static final Pattern PATH_DATA = Pattern.compile(" d=\"([^\"]*)\"");
    /** A coordinate with more than one decimal. */
    private static final Pattern LONG_DECIMAL = Pattern.compile("-?\\d+\\.\\d{2,}");

    /** Grid lines: thin, solid, light. */
    private static final Color GRID = new Color(0xE0E0E0);

    static
    {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts()
    {
    }

    /** Applies the common look to any XChart styler; returns it for chaining. */
    public static <S extends Styler> S style(final S styler)
    {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        styler.setLegendBorderColor(Color.WHITE);
        styler.setSeriesColors(PALETTE);
        styler.setAntiAlias(true);
        if (styler instanceof AxesChartStyler axes)
        {
            // Plain numbers with thousands separators instead of XChart's 5E5.
            axes.setYAxisDecimalPattern("#,##0.##");
            axes.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            axes.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            // Solid grid lines: the SVG encoder writes every dash of a dashed line as a path of its
            // own, which makes a chart several times larger.
            axes.setPlotGridLinesStroke(new BasicStroke(0.5f));
            axes.setPlotGridLinesColor(GRID);
        }
        return styler;
    }

    /**
     * A y-axis number pattern for values up to {@code magnitude}: thousands separated, and enough
     * decimals that ticks of small values (0.0003 B/op) do not all print as 0.
     */
    public static String decimalPattern(final double magnitude)
    {
        if (!(magnitude > 0) || magnitude >= 10 || !Double.isFinite(magnitude))
        {
            return "#,##0.##";
        }
        final int decimals = Math.min(12, 2 - (int) Math.floor(Math.log10(magnitude)));
        return "#,##0." + "#".repeat(decimals);
    }

    /**
     * The chart as an SVG document, its path coordinates rounded to a tenth of a pixel: the text
     * is drawn as outlines with coordinates to six decimals, which doubles the size of a chart
     * without changing a pixel of it.
     */
    public static byte[] svg(final Chart<?, ?> chart)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try
        {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot draw chart '" + chart.getTitle() + "' as SVG", e);
        }
        return compactPathData(out.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    /** Every number with more than one decimal inside a {@code d="..."} attribute, rounded to one. */
    static String compactPathData(final String svg)
    {
        final Matcher path = PATH_DATA.matcher(svg);
        final StringBuilder result = new StringBuilder(svg.length());
        while (path.find())
        {
            final Matcher number = LONG_DECIMAL.matcher(path.group(1));
            final StringBuilder data = new StringBuilder(path.group(1).length());
            while (number.find())
            {
                number.appendReplacement(data, String.format(Locale.ROOT, "%.1f", Double.parseDouble(number.group())));
            }
            number.appendTail(data);
            path.appendReplacement(result, Matcher.quoteReplacement(" d=\"" + data + "\""));
        }
        path.appendTail(result);
        return result.toString();
    }

    /** The chart as a PNG image. */
    public static byte[] png(final Chart<?, ?> chart)
    {
        try
        {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot draw chart '" + chart.getTitle() + "' as PNG", e);
        }
    }

    /** Writes the chart as a PNG file (replacing it), creating the parent directories. */
    public static void writePng(final Chart<?, ?> chart, final Path file) throws IOException
    {
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        Files.write(file, png(chart));
    }
}
