package io.dmsnap.bench.fio;

import java.util.Arrays;

/**
 * Which latency percentiles a job's reports show, with fio's option names:
 * {@code percentile_list} (up to 20 values from 0 to 100 separated by ':', sorted as fio sorts
 * them; the text report prints them with as many decimals as the most precise one was given
 * with), {@code clat_percentiles} (default on) and {@code lat_percentiles} (default off: with it
 * the total latency gets a percentile block and {@code lat_ns.percentile} too). Immutable.
 */
public final class JobPercentiles
{
    /** fio's FIO_IO_U_LIST_MAX_LEN: at most this many percentiles. */
    public static final int MAX_PERCENTILES = 20;
    /** fio's defaults: its percentile_list, two decimals, clat on, lat off. */
    public static final JobPercentiles DEFAULT = new JobPercentiles(FioDirectionResult.PERCENTILES, 2, true, false);

    private final double[] list;
    private final int precision;
    private final boolean clat;
    private final boolean lat;

    private JobPercentiles(final double[] list, final int precision, final boolean clat, final boolean lat)
    {
        this.list = list.clone();
        this.precision = precision;
        this.clat = clat;
        this.lat = lat;
    }

    /** The percentiles to report, ascending. */
    public double[] list()
    {
        return list.clone();
    }

    /** Decimals of the text report's labels ({@code 99.50th} with 2, {@code 99th} with 0). */
    public int precision()
    {
        return precision;
    }

    /** Whether completion latency percentiles are reported. */
    public boolean clat()
    {
        return clat;
    }

    /** Whether total latency percentiles are reported. */
    public boolean lat()
    {
        return lat;
    }

    /** Collects the percentile keys of one job section. */
    static final class Builder
    {
        private double[] list = FioDirectionResult.PERCENTILES;
        private int precision = 2;
        private boolean clat = true;
        private boolean lat;

        /** Takes {@code key} if it is a percentile key; false for any other key. */
        boolean accept(final String key, final String value)
        {
            switch (key)
            {
                case "percentile_list":
                    parseList(key, value);
                    return true;
                case "clat_percentiles":
                    clat = FioValues.bool(key, value);
                    return true;
                case "lat_percentiles":
                    lat = FioValues.bool(key, value);
                    return true;
                default:
                    return false;
            }
        }

        private void parseList(final String key, final String value)
        {
            final String[] parts = value.trim().split(":", -1);
            if (value.isBlank() || parts.length > MAX_PERCENTILES)
            {
                throw FioValues.bad(key, value, "1 to " + MAX_PERCENTILES + " percentiles from 0 to 100 separated by ':' "
                    + "(e.g. 50:99:99.9)");
            }
            final double[] values = new double[parts.length];
            int decimals = 0;
            for (int i = 0; i < parts.length; i++)
            {
                final String p = parts[i].trim();
                try
                {
                    values[i] = Double.parseDouble(p);
                }
                catch (final NumberFormatException e)
                {
                    values[i] = Double.NaN;
                }
                if (!(values[i] >= 0 && values[i] <= 100) || p.endsWith("d") || p.endsWith("f") || p.endsWith("D")
                    || p.endsWith("F"))
                {
                    throw FioValues.bad(key, value, "percentiles from 0 to 100 separated by ':' (e.g. 50:99:99.9)");
                }
                final int dot = p.indexOf('.');
                decimals = Math.max(decimals, dot < 0 ? 0 : p.length() - dot - 1);
            }
            Arrays.sort(values);
            list = values;
            precision = Math.min(decimals, 6);
        }

        JobPercentiles build()
        {
            return new JobPercentiles(list, precision, clat, lat);
        }
    }
}
