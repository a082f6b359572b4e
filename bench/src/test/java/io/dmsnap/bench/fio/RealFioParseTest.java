package io.dmsnap.bench.fio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Values as real fio parses them ({@code fio --parse-only --debug=parse} prints each option's
 * parsed number), compared with dmsnap's parser. Needs fio on the PATH (Debian package fio).
 */
@Timeout(60)
final class RealFioParseTest
{
    private static final Pattern OUT = Pattern.compile("__handle_option=(\\w+), type=\\w+, ptr=(\\S*)\\s*\\n.*ret=0, out=(\\d+)");

    private static boolean fioPresent()
    {
        try
        {
            final Process p = new ProcessBuilder("fio", "--version").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        catch (final IOException e)
        {
            return false;
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** [key, value as written, fio's number] for each numeric option fio parsed. */
    private static List<String[]> fioValues(final Path dir, final String options) throws Exception
    {
        final Path job = dir.resolve("j.fio");
        Files.writeString(job, "[j]\nfilename=" + dir.resolve("f") + "\n" + options, StandardCharsets.UTF_8);
        final Process p = new ProcessBuilder("fio", "--parse-only", "--debug=parse", job.toString())
            .redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        final List<String[]> values = new ArrayList<>();
        final Matcher m = OUT.matcher(out.replaceAll("(?m)^parse\\s+\\d+\\s+", ""));
        while (m.find())
        {
            values.add(new String[] {m.group(1), m.group(2), m.group(3)});
        }
        return values;
    }

    @Test
    void sizesAndRatesParseAsFioParsesThem(@TempDir final Path dir) throws Exception
    {
        assumeTrue(fioPresent(), "fio is not installed (apt-get install fio): comparison with real fio skipped");
        for (final String kbBase : new String[] {"1024", "1000"})
        {
            final List<String[]> values = fioValues(dir, "kb_base=" + kbBase
                + "\nsize=4ki\noffset=4kib\nio_size=1MiB\nfilesize=2mi\nrate=3KB,1m\nnumber_ios=0x10\nbs=8k,16k\n");
            assertEquals(true, values.size() >= 8, "fio printed its parsed values: " + values.size());
            for (final String[] v : values)
            {
                final long ours = v[0].equals("number_ios") ? FioValues.integer(v[0], v[1], 0, Long.MAX_VALUE)
                    : FioValues.size(v[0], v[1].split(",")[0], Integer.parseInt(kbBase));   // fio prints r,w one at a time
                assertEquals(Long.parseLong(v[2]), ours, v[0] + "=" + v[1] + " with kb_base=" + kbBase);
            }
        }
    }

    @Test
    void keywordsAndCommentsResolveAsFioResolvesThem(@TempDir final Path dir) throws Exception
    {
        assumeTrue(fioPresent(), "fio is not installed (apt-get install fio): comparison with real fio skipped");
        final List<String[]> values = fioValues(dir, "size=$pagesize\nbs=8k;comment\nnumjobs=$ncpus\n");
        final FioSystem system = FioSystem.current();
        for (final String[] v : values)
        {
            switch (v[0])
            {
                case "size": assertEquals(system.pagesize(), Long.parseLong(v[2])); break;
                case "numjobs": assertEquals(system.ncpus(), Long.parseLong(v[2])); break;
                case "bs": assertEquals(8192, Long.parseLong(v[2])); break;
                default: break;
            }
        }
        assertEquals(8192, JobFileParser.parse("[j]\nbs=8k;comment\n", "t").get(0).blockSize());
    }
}
