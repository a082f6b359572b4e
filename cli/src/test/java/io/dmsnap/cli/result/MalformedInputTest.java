package io.dmsnap.cli.result;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way a result file can be unusable ends in a ResultFileException that names the file and
 * the problem, with the JSON path of the member at fault: never a partial result, never an empty
 * one taken for success.
 */
final class MalformedInputTest
{
    @TempDir
    Path dir;

    private String problem(final String text)
    {
        final Path file = dir.resolve("bad.json");
        try
        {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        final ResultFileException e = assertThrows(ResultFileException.class, () -> ResultFiles.read(file));
        assertEquals(file, e.file());
        assertEquals(file + ": " + e.problem(), e.getMessage());
        assertTrue(e instanceof IllegalArgumentException, "bad input: exit code 2 on the command line");
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.problem();
    }

    /** The fixture's text with {@code find} (which must occur once at least) replaced. */
    private static String edit(final String fixture, final String find, final String replace)
    {
        final String text = Fixtures.text(fixture);
        assertTrue(text.contains(find), find);
        return text.replaceFirst(Pattern.quote(find), Matcher.quoteReplacement(replace));
    }

    @Test
    void notJsonEmptyAndTruncated()
    {
        assertTrue(problem("hello").startsWith("not valid JSON at line 1, column "), problem("hello"));
        assertEquals("empty file: no JSON document", problem(""));
        assertEquals("empty file: no JSON document", problem("  \n"));
        final String full = Fixtures.text("jmh-thrpt-gc.json");
        assertTrue(problem(full.substring(0, full.length() / 2)).startsWith("truncated JSON: the document ends at line "),
            problem(full.substring(0, full.length() / 2)));
        assertTrue(problem(full + full).startsWith("not valid JSON"), "two documents in one file");
    }

    @Test
    void unknownFormats()
    {
        final String expected = "unknown format: expected a dmsnap result file (\"format\": \"dmsnap-result/1\"), a JMH "
            + "result (-rf json) or fio JSON output (--output-format=json)";
        assertEquals(expected, problem("{\"hello\": 1}"));
        assertEquals(expected, problem("42"));
        assertEquals(expected, problem("[1, 2]"));
        assertEquals("$.format: unknown format \"dmsnap-result/2\"; this dmsnap reads dmsnap-result/1 and dmsnap-matrix/1",
            problem("{\"format\": \"dmsnap-result/2\"}"));
        assertEquals("$: an empty array: a JMH result without benchmarks", problem("[]"));
        assertEquals("$: fio client/server output (client_stats) is not supported; run fio locally",
            problem("{\"fio version\": \"fio-3.33\", \"client_stats\": []}"));
    }

    @Test
    void jmhSchemaErrorsNameTheJsonPath()
    {
        assertEquals("$[1]: missing member \"primaryMetric\"",
            problem(edit("jmh-thrpt-gc.json", "\"primaryMetric\" : {\n            \"score\" : 178338",
                "\"primary\" : {\n            \"score\" : 178338")));
        assertEquals("$[0].threads: expected an integer, found the string \"one\"",
            problem(edit("jmh-thrpt-gc.json", "\"threads\" : 1,", "\"threads\" : \"one\",")));
        assertEquals("$[0].params.throttle: expected a string, found the number 3",
            problem(edit("jmh-thrpt-gc.json", "\"throttle\" : \"NONE\"", "\"throttle\" : 3")));
        assertEquals("$[0].primaryMetric: no rawData: the per-fork iteration scores are missing (JMH leaves them out "
            + "when run with -Djmh.json.rawData=false)",
            problem(edit("jmh-thrpt-gc.json", "\"rawData\" : [\n                [\n                    140165",
                "\"raw\" : [\n                [\n                    140165")));
        assertEquals("$[0].primaryMetric.rawData: holds 2 forks, but the benchmark ran 3",
            problem(edit("jmh-thrpt-gc.json", "\"forks\" : 2,", "\"forks\" : 3,")));
    }

    @Test
    void emptySamples()
    {
        assertEquals("$[0].primaryMetric.rawData[0]: empty: fork 1 has no iteration samples",
            problem("[{\"benchmark\": \"b\", \"mode\": \"thrpt\", \"threads\": 1, \"forks\": 2,"
                + " \"primaryMetric\": {\"scoreUnit\": \"ops/s\", \"rawData\": [[], [1.0]]}}]"));
        assertEquals("$[0].primaryMetric.rawData: empty: no fork has samples",
            problem("[{\"benchmark\": \"b\", \"mode\": \"thrpt\", \"threads\": 1,"
                + " \"primaryMetric\": {\"scoreUnit\": \"ops/s\", \"rawData\": []}}]"));
        assertEquals("$[0].primaryMetric.rawDataHistogram[0][1]: empty: an iteration without samples",
            problem("[{\"benchmark\": \"b\", \"mode\": \"sample\", \"threads\": 1,"
                + " \"primaryMetric\": {\"scoreUnit\": \"us/op\", \"rawDataHistogram\": [[[[1.0, 3]], []]]}}]"));
        assertEquals("$.jobs: empty: fio ran no job", problem("{\"fio version\": \"fio-3.33\", \"jobs\": []}"));
        assertEquals("$.rows: empty: the file holds no measurement",
            problem(dmsnapResult().replaceFirst("\"rows\" : \\[[\\s\\S]*\\],\\s*\"raw\"", "\"rows\" : [ ], \"raw\"")));
        assertEquals("$.rows[0].replicates[0].samples: empty: replicate 'fork 1' has no samples",
            problem(dmsnapResult().replaceFirst("\"samples\" : \\[[^\\]]*\\]", "\"samples\" : [ ]")));
    }

    @Test
    void nanAndInfinity()
    {
        assertEquals("$[0].primaryMetric.rawData[0][1]: \"NaN\" is not a finite number: a sample must be one",
            problem(edit("jmh-thrpt-gc.json", "201668.29684774447", "\"NaN\"")));
        assertEquals("$[0].primaryMetric.rawData[0][1]: \"+INF\" is not a finite number: a sample must be one",
            problem(edit("jmh-thrpt-gc.json", "201668.29684774447", "\"+INF\"")));
        assertTrue(problem(edit("jmh-thrpt-gc.json", "201668.29684774447", "NaN"))
            .endsWith(": NaN and Infinity are not JSON numbers (a sample must be a finite number)"));
        assertEquals("$[0].primaryMetric.rawData[0][1]: a number beyond the range of a double: a sample must be a finite number",
            problem(edit("jmh-thrpt-gc.json", "201668.29684774447", "1e999")));
        assertEquals("$.jobs[0].write.iops: expected a number, found the string \"fast\"",
            problem(edit("fio-psync-randwrite.json", "\"iops\" : 256000.000000", "\"iops\" : \"fast\"")));
    }

    @Test
    void fioSchemaErrorsAndFailedJobs()
    {
        assertEquals("$.jobs[0]: job 'randwrite' failed with error 5: its numbers do not measure a run",
            problem(edit("fio-psync-randwrite.json", "\"error\" : 0", "\"error\" : 5")));
        assertEquals("$.jobs[0].write: missing member \"clat_ns\"",
            problem(edit("fio-psync-randwrite.json", "\"clat_ns\" : {\n          \"min\" : 2786",
                "\"clat_usec\" : {\n          \"min\" : 2786")));
        assertEquals("$.jobs[0][\"job options\"].bs: expected a string, found the number 4096",
            problem(edit("fio-psync-randwrite.json", "\"bs\" : \"4k\"", "\"bs\" : 4096")));
        assertEquals("$: missing member \"fio version\"",
            problem(edit("fio-psync-randwrite.json", "\"fio version\"", "\"fio_version\"")));
        final String noIo = edit("fio-psync-randwrite.json", "\"total_ios\" : 512", "\"total_ios\" : 0");
        assertEquals("$.jobs[0]: job 'randwrite' did no I/O in any direction: nothing was measured", problem(noIo));
    }

    @Test
    void dmsnapResultSchemaErrors()
    {
        assertEquals("$: missing member \"environment\"",
            problem(dmsnapResult().replaceFirst("\"environment\"", "\"env\"")));
        assertEquals("$.environment.cpu: missing member \"cores\"",
            problem(dmsnapResult().replaceFirst("\"cores\"", "\"count\"")));
        assertEquals("$.rows[0].better: unknown direction 'up'; expected higher, lower or unknown",
            problem(dmsnapResult().replaceFirst("\"better\" : \"higher\"", "\"better\" : \"up\"")));
        assertEquals("$.rows[0].threads: expected an integer >= 1, found 0",
            problem(dmsnapResult().replaceFirst("\"threads\" : 1", "\"threads\" : 0")));
        assertTrue(problem(dmsnapResult().replaceFirst("\"startTime\" : \"[^\"]*\"", "\"startTime\" : \"yesterday\""))
            .startsWith("$.environment.startTime: expected an ISO-8601 instant"));
        assertEquals("$.raw.jmh: expected an array, found an object",
            problem(dmsnapResult().replaceFirst("\"raw\" : \\{ \\}", "\"raw\" : { \"jmh\" : { } }")));
    }

    @Test
    void aMissingFileIsNamed()
    {
        final ResultFileException e = assertThrows(ResultFileException.class, () -> ResultFiles.read(dir.resolve("no.json")));
        assertEquals("no such file", e.problem());
    }

    /** A small valid dmsnap-result/1 document. */
    private String dmsnapResult()
    {
        final ResultSet set = ResultFiles.read(Fixtures.path("jmh-thrpt-gc.json"));
        final String text = ResultFileWriter.render(set.withEnvironment(set.environment().toBuilder()
            .startTime(Instant.parse("2026-11-21T10:02:03Z")).cores(2).build()), null, Map.of());
        assertEquals(set.measurements(), ResultFiles.parse(dir.resolve("ok.json"), text).measurements(), "valid as written");
        return text;
    }
}
