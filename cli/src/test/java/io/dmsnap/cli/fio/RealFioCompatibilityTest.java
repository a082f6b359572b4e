package io.dmsnap.cli.fio;

import io.dmsnap.cli.Dmsnap;
import io.dmsnap.cli.JsonValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * dmsnap fio side by side with real fio (Debian's fio package, /usr/bin/fio) on a regular file:
 * the same options must give the same JSON and json+ key sets in the same order, the same terse
 * field count and the same header line; fio's own fio_jsonplus_clat2csv must read dmsnap's json+.
 * Skipped, with the reason, where fio is not installed.
 */
@Timeout(120)
final class RealFioCompatibilityTest
{
    private static final Path FIO = Path.of("/usr/bin/fio");
    private static final Path CLAT2CSV = Path.of("/usr/bin/fio_jsonplus_clat2csv");
    private static final List<String> JOB = List.of("--name=a", "--size=1m", "--rw=randwrite", "--bs=4k",
        "--ioengine=libaio", "--iodepth=2");

    private static void assumeFio()
    {
        assumeTrue(Files.isExecutable(FIO), "real fio is not installed (Debian package fio): nothing to compare with");
    }

    private static String realFio(final Path dir, final String... extra) throws IOException, InterruptedException
    {
        final List<String> cmd = new ArrayList<>(List.of(FIO.toString()));
        cmd.addAll(JOB);
        cmd.add("--filename=" + dir.resolve("data"));
        cmd.addAll(List.of(extra));
        final Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static String dmsnap(final String... extra)
    {
        final List<String> args = new ArrayList<>(List.of("fio", "--no-result", "--target=raw", "--origin-size=16m"));
        args.addAll(JOB);
        args.addAll(List.of(extra));
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Dmsnap.run(new PrintWriter(out), new PrintWriter(err), args.toArray(new String[0]));
        assertEquals(0, code, err.toString());
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(final Object o)
    {
        return (Map<String, Object>) o;
    }

    /** The JSON document of an output that may start with fio's header lines (json+ prints one). */
    private static Map<String, Object> json(final String output)
    {
        return map(JsonValues.parse(output.substring(output.indexOf("{\n"))));
    }

    @Test
    void jsonPlusHasFiosKeysInFiosOrder(@TempDir final Path dir) throws Exception
    {
        assumeFio();
        final Map<String, Object> fio = json(realFio(dir, "--output-format=json+"));
        final Map<String, Object> ours = json(dmsnap("--output-format=json+"));
        final List<String> top = new ArrayList<>(ours.keySet());
        top.remove("dmsnap version");
        top.remove("global options");   // ours has dmsnap's stack keys; fio writes it only with global options
        final List<String> fioTop = new ArrayList<>(fio.keySet());
        fioTop.remove("disk_util");
        fioTop.add("disk_util");
        assertEquals(fioTop, top);
        final Map<String, Object> fioJob = map(((List<?>) fio.get("jobs")).get(0));
        final Map<String, Object> ourJob = map(((List<?>) ours.get("jobs")).get(0));
        final List<String> jobKeys = new ArrayList<>(ourJob.keySet());
        jobKeys.remove("dmsnap");
        assertEquals(new ArrayList<>(fioJob.keySet()), jobKeys);
        for (final String dir2 : List.of("read", "write", "trim"))
        {
            assertEquals(map(fioJob.get(dir2)).keySet(), map(ourJob.get(dir2)).keySet(), dir2);
            for (final String lat : List.of("slat_ns", "clat_ns", "lat_ns"))
            {
                assertEquals(map(map(fioJob.get(dir2)).get(lat)).keySet(), map(map(ourJob.get(dir2)).get(lat)).keySet(),
                    dir2 + "." + lat);
            }
        }
        assertEquals(map(fioJob.get("sync")).keySet(), map(ourJob.get("sync")).keySet());
        for (final String k : List.of("iodepth_level", "iodepth_submit", "iodepth_complete", "latency_ns", "latency_us",
            "latency_ms"))
        {
            assertEquals(new ArrayList<>(map(fioJob.get(k)).keySet()), new ArrayList<>(map(ourJob.get(k)).keySet()), k);
        }
        assertEquals(map(fioJob.get("job options")).get("name"), map(ourJob.get("job options")).get("name"));
        assertEquals(fio.get("fio version"), ours.get("fio version"));
        assertTrue(String.valueOf(fio.get("time")).length() == String.valueOf(ours.get("time")).length(),
            fio.get("time") + " vs " + ours.get("time"));
        final Map<String, Object> fioDisk = map(((List<?>) fio.get("disk_util")).isEmpty() ? Map.of()
            : ((List<?>) fio.get("disk_util")).get(0));
        if (!fioDisk.isEmpty())
        {
            assertEquals(fioDisk.keySet(), map(((List<?>) ours.get("disk_util")).get(0)).keySet());
        }
    }

    @Test
    void terseLinesHaveFiosFieldCountAndLeadingFields(@TempDir final Path dir) throws Exception
    {
        assumeFio();
        final String[] fio = realFio(dir, "--minimal", "--disk_util=0").trim().split(";", -1);
        final String[] ours = dmsnap("--minimal").trim().split(";", -1);
        assertEquals(fio.length, ours.length);
        assertEquals(121, ours.length);
        for (int i = 0; i < 4; i++)
        {
            assertEquals(fio[i], ours[i], "field " + (i + 1));
        }
        for (int i = 0; i < fio.length; i++)
        {
            // the same kind of value in every field: a percentile pair, a percentage or a plain number
            assertEquals(kind(fio[i]), kind(ours[i]), "field " + (i + 1) + ": " + fio[i] + " vs " + ours[i]);
        }
    }

    private static String kind(final String field)
    {
        if (field.contains("%="))
        {
            return "percentile";
        }
        if (field.endsWith("%"))
        {
            return "percent";
        }
        return field.matches("-?\\d+(\\.\\d+)?") ? "number" : "text";
    }

    @Test
    void theHeaderLineIsFios(@TempDir final Path dir) throws Exception
    {
        assumeFio();
        final String fio = realFio(dir);
        final String ours = dmsnap();
        final String fioHeader = fio.lines().filter(l -> l.startsWith("a: (g=0)")).findFirst().orElseThrow();
        assertTrue(ours.lines().anyMatch(fioHeader::equals), fioHeader + "\n" + ours);
        assertTrue(ours.contains("\nfio-3.33\nStarting 1 process\n"), ours);
        assertTrue(fio.contains("\nfio-3.33\nStarting 1 process\n"), fio);
    }

    @Test
    void fiosJsonplusClat2csvReadsOurJsonPlus(@TempDir final Path dir) throws Exception
    {
        assumeTrue(Files.isExecutable(CLAT2CSV), "fio_jsonplus_clat2csv (Debian package fio) is not installed");
        final Path json = dir.resolve("ours.json");
        Files.writeString(json, dmsnap("--output-format=json+", "--completion-nsec=20000"));
        final Process p = new ProcessBuilder(CLAT2CSV.toString(), json.toString(), dir.resolve("out").toString())
            .redirectErrorStream(true).start();
        final String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), log);
        final List<Path> csv;
        try (var files = Files.list(dir))
        {
            csv = files.filter(f -> f.getFileName().toString().startsWith("out")).toList();
        }
        assertEquals(1, csv.size(), csv::toString);
        final List<String> lines = Files.readAllLines(csv.get(0));
        assertTrue(lines.get(0).startsWith("nsec, read_slat_ns_count"), lines.get(0));
        assertTrue(lines.size() >= 2, "a header and one row per latency bin: " + lines);
        // the last row's cumulative count is every write the job did (1 MiB of 4 KiB)
        assertTrue(lines.get(lines.size() - 1).contains(", 256, "), lines.get(lines.size() - 1));
    }
}
