package io.dmsnap.bench.fio;

import java.util.List;

/**
 * The log files of a job and the sample periods of its per-interval statistics, with fio's
 * option names: {@code write_lat_log}, {@code write_bw_log}, {@code write_iops_log} (a prefix;
 * a bare flag uses the job's name, as fio does), {@code log_avg_msec} (0: one line per I/O),
 * {@code log_offset}, {@code write_hist_log} with {@code log_hist_msec} (0: the file stays
 * empty, as in fio) and {@code log_hist_coarseness}, {@code bw_avg_time} and
 * {@code iops_avg_time} (500 ms). dmsnap's own {@code write_hdr_log=PREFIX} writes HdrHistogram
 * interval logs ({@code PREFIX_clat_hdr.N.hlog}) every log_hist_msec (else 1 s). Immutable.
 */
public final class JobLogs
{
    private final String latLog;
    private final String bwLog;
    private final String iopsLog;
    private final String histLog;
    private final String hdrLog;
    private final int logAvgMsec;
    private final boolean logOffset;
    private final int logHistMsec;
    private final int logHistCoarseness;
    private final int bwAvgMsec;
    private final int iopsAvgMsec;

    private JobLogs(final Builder b)
    {
        this.latLog = b.latLog;
        this.bwLog = b.bwLog;
        this.iopsLog = b.iopsLog;
        this.histLog = b.histLog;
        this.hdrLog = b.hdrLog;
        this.logAvgMsec = b.logAvgMsec;
        this.logOffset = b.logOffset;
        this.logHistMsec = b.logHistMsec;
        this.logHistCoarseness = b.logHistCoarseness;
        this.bwAvgMsec = b.bwAvgMsec;
        this.iopsAvgMsec = b.iopsAvgMsec;
    }

    /** Prefix of PREFIX_lat.N.log, _clat and _slat, or null. */
    public String latLog()
    {
        return latLog;
    }

    /** Prefix of PREFIX_bw.N.log, or null. */
    public String bwLog()
    {
        return bwLog;
    }

    /** Prefix of PREFIX_iops.N.log, or null. */
    public String iopsLog()
    {
        return iopsLog;
    }

    /** Prefix of fio's histogram log PREFIX_clat_hist.N.log, or null. */
    public String histLog()
    {
        return histLog;
    }

    /** Prefix of dmsnap's HdrHistogram log PREFIX_clat_hdr.N.hlog, or null. */
    public String hdrLog()
    {
        return hdrLog;
    }

    /** Window of the lat/bw/iops logs in ms; 0 logs every I/O. */
    public int logAvgMsec()
    {
        return logAvgMsec;
    }

    /** Whether per-I/O log lines carry the offset column. */
    public boolean logOffset()
    {
        return logOffset;
    }

    /** Interval of the histogram log in ms; 0 writes none (fio's default). */
    public int logHistMsec()
    {
        return logHistMsec;
    }

    /** 0..6: each step halves the number of bins of a histogram log line. */
    public int logHistCoarseness()
    {
        return logHistCoarseness;
    }

    /** Period of the bandwidth samples (bw_min ... bw_samples), ms. */
    public int bwAvgMsec()
    {
        return bwAvgMsec;
    }

    /** Period of the IOPS samples (iops_min ... iops_samples), ms. */
    public int iopsAvgMsec()
    {
        return iopsAvgMsec;
    }

    /** Interval of the HdrHistogram log in ms. */
    public int hdrLogMsec()
    {
        return logHistMsec > 0 ? logHistMsec : logAvgMsec > 0 ? logAvgMsec : FioJob.DEFAULT_HDR_LOG_MSEC;
    }

    /** Whether any lat, bw or iops log is written. */
    public boolean anyCsvLog()
    {
        return latLog != null || bwLog != null || iopsLog != null;
    }

    /** Collects the log keys of one job section. */
    static final class Builder
    {
        private static final int MAX_MSEC = 3_600_000;
        private final String jobName;
        private String latLog;
        private String bwLog;
        private String iopsLog;
        private String histLog;
        private String hdrLog;
        private int logAvgMsec;
        private boolean logOffset;
        private int logHistMsec;
        private int logHistCoarseness;
        private int bwAvgMsec = FioJob.DEFAULT_AVG_MSEC;
        private int iopsAvgMsec = FioJob.DEFAULT_AVG_MSEC;

        Builder(final String jobName)
        {
            this.jobName = jobName;
        }

        /** Takes {@code key} if it is a log key; false for any other key. */
        boolean accept(final String key, final String value)
        {
            switch (key)
            {
                case "write_lat_log":
                    latLog = prefix(value);
                    return true;
                case "write_bw_log":
                    bwLog = prefix(value);
                    return true;
                case "write_iops_log":
                    iopsLog = prefix(value);
                    return true;
                case "write_hist_log":
                    histLog = prefix(value);
                    return true;
                case "write_hdr_log":
                    if (value.isBlank())
                    {
                        throw FioValues.bad(key, value, "a file name prefix");
                    }
                    hdrLog = value.trim();
                    return true;
                case "log_avg_msec":
                    logAvgMsec = (int) FioValues.integer(key, value, 0, MAX_MSEC);
                    return true;
                case "log_offset":
                    logOffset = FioValues.bool(key, value);
                    return true;
                case "log_hist_msec":
                    logHistMsec = (int) FioValues.integer(key, value, 0, MAX_MSEC);
                    return true;
                case "log_hist_coarseness":
                    logHistCoarseness = (int) FioValues.integer(key, value, 0, FioLatencyBins.MAX_COARSENESS);
                    return true;
                case "bw_avg_time":
                    bwAvgMsec = (int) FioValues.integer(key, value, 1, MAX_MSEC);
                    return true;
                case "iops_avg_time":
                    iopsAvgMsec = (int) FioValues.integer(key, value, 1, MAX_MSEC);
                    return true;
                default:
                    return false;
            }
        }

        /** A log prefix; a bare flag means the job's name, as in fio. */
        private String prefix(final String value)
        {
            return value.isBlank() ? jobName : value.trim();
        }

        JobLogs build(final List<String> notes)
        {
            if (histLog != null && logHistMsec == 0)
            {
                notes.add("write_hist_log without log_hist_msec leaves " + histLog + "_clat_hist.N.log empty, as in fio");
            }
            return new JobLogs(this);
        }
    }
}
