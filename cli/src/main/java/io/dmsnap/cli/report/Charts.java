package io.dmsnap.cli.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
        }
        return styler;
    }

    /** The chart as an SVG document. */
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
        return out.toByteArray();
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
