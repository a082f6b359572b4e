package io.dmsnap.cli.fio;

import io.dmsnap.cli.CliResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * fio's own histogram-log reader, {@code fio-histo-log-pctiles.py} (shipped in Debian's fio package
 * under /usr/share/doc/fio), reads the log {@code write_hist_log} writes: every interval becomes a
 * row, and the samples it counts add up to the latencies the log holds.
 */
final class FioHistogramLogToolsTest
{
    private static final Path PCTILES = Path.of("/usr/share/doc/fio/fio-histo-log-pctiles.py.gz");
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @Test
    void fiosPercentileScriptReadsTheHistogramLog(@TempDir final Path dir) throws Exception
    {
        assumeTrue(Files.isReadable(PCTILES), "fio-histo-log-pctiles.py (Debian package fio) is not installed");
        assumeTrue(Files.isExecutable(PYTHON), "python3 is not installed");
        final Path script = dir.resolve("pctiles.py");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(PCTILES)))
        {
            Files.write(script, in.readAllBytes());
        }

        final Path prefix = dir.resolve("h");
        final CliResult r = CliResult.run("fio", "--name=h", "--rw=randwrite", "--bs=4k", "--size=64m",
            "--time_based", "--runtime=1", "--write_hist_log=" + prefix, "--log_hist_msec=100", "--output-format=json",
            "--no-result");
        assertEquals(0, r.exitCode, r::toString);
        final long ios = Long.parseLong(r.out.replaceAll("(?s).*\"write\"\\s*:\\s*\\{.*?\"total_ios\"\\s*:\\s*(\\d+).*", "$1"));
        assertTrue(ios > 0, r.out);
        final Path log = dir.resolve("h_clat_hist.1.log");
        assertTrue(Files.isRegularFile(log), () -> "no histogram log among " + list(dir));

        final Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), log.toString())
            .directory(dir.toFile()).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the script did not finish");
        assertEquals(0, p.exitValue(), out);
        // the script prints its settings, then a header and one row per time quantum (1 s by default)
        final String[] lines = out.strip().split("\n");
        int header = 0;
        while (header < lines.length && !lines[header].startsWith("msec-since-start, samples, min, median"))
        {
            header++;
        }
        assertTrue(header < lines.length - 1, out);
        long samples = 0;
        for (int i = header + 1; i < lines.length; i++)
        {
            final String[] fields = lines[i].split(",");
            samples += Long.parseLong(fields[1].strip());
            assertTrue(Double.parseDouble(fields[2].strip()) > 0, () -> "a positive minimum latency: " + out);
        }
        // as fio, the log holds whole intervals only: the I/Os of the last partial one are in no line
        long logged = 0;
        for (final String line : Files.readAllLines(log))
        {
            final String[] fields = line.split(",");
            for (int i = 3; i < fields.length; i++)
            {
                logged += Long.parseLong(fields[i].strip());
            }
        }
        assertTrue(logged > 0 && logged <= ios, logged + " of " + ios + " I/Os logged");
        assertEquals(logged, samples, out);
    }

    private static List<String> list(final Path dir)
    {
        final List<String> names = new ArrayList<>();
        try (var s = Files.list(dir))
        {
            s.forEach(f -> names.add(f.getFileName().toString()));
        }
        catch (final IOException e)
        {
            names.add(e.toString());
        }
        return names;
    }
}
