package io.dmsnap.cli.suite;

import io.dmsnap.cli.common.Json;
import io.dmsnap.cli.common.VersionInfo;
import io.dmsnap.cli.result.Environment;
import io.dmsnap.cli.result.ResultFileWriter;
import io.dmsnap.cli.result.ResultFiles;
import io.dmsnap.cli.result.ResultKind;
import io.dmsnap.cli.result.ResultPaths;
import io.dmsnap.cli.result.ResultSet;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result file of a suite run, in the format {@code dmsnap-result/1} (docs/results-format.md):
 * the environment with JMH's settings, every row of every entry with each fork's iteration
 * samples, under {@code raw.jmh} the unchanged JMH JSON of all runs (the array {@code -rf json}
 * writes), and a {@code run} section naming the suite file and each entry with its points and
 * times. The rows are read from that JMH JSON by the JMH reader, so the file says exactly what a
 * reader of the raw output would find. Written atomically. Stateless.
 */
final class SuiteResultFile
{
    /** What the file records about the run besides the results. */
    record Run(Environment environment, List<String> arguments, SuitePlan plan, double elapsedSeconds,
               double[] entrySeconds)
    {
    }

    private SuiteResultFile()
    {
    }

    /** {@code <results>/suite-<yyyyMMdd-HHmmss>-<commit>.json}, the time in UTC. */
    static Path defaultPath(final Path resultsDir, final Instant start, final Optional<String> commit)
    {
        return ResultPaths.runFile(resultsDir, "suite", start, commit);
    }

    /** JMH's own JSON result format for {@code results}. */
    static String jmhJson(final Collection<RunResult> results)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, out).writeOut(results);
        }
        final String json = bytes.toString(StandardCharsets.UTF_8);
        return json.isBlank() ? "[]" : json;
    }

    /**
     * Writes the file (creating its folder), replacing one that is there.
     *
     * @throws io.dmsnap.cli.result.ResultFileException when the JMH JSON does not read back (a bug)
     */
    static void write(final Path file, final Run run, final String jmhJson) throws IOException
    {
        final ResultSet fromJmh = ResultFiles.fromJmhJson(file, jmhJson);
        final ResultSet results = fromJmh.withEnvironment(
            run.environment().toBuilder().jmh(fromJmh.environment().jmh().orElse(null)).build());
        final JsonNode raw = Json.MAPPER.readTree(jmhJson);
        ResultFileWriter.write(file, results, runSection(run), Map.of(ResultKind.JMH, raw));
    }

    /** The command, its arguments, the suite file and what each entry ran. */
    static ObjectNode runSection(final Run run)
    {
        final ObjectNode section = Json.MAPPER.createObjectNode();
        section.put("command", "suite");
        section.put("version", VersionInfo.projectVersion());
        final ArrayNode args = section.putArray("arguments");
        run.arguments().forEach(args::add);
        section.put("suite", run.plan().suite().source());
        section.put("elapsedSeconds", run.elapsedSeconds());
        section.put("estimatedSeconds", run.plan().estimatedSeconds());
        final ArrayNode entries = section.putArray("entries");
        final List<SuiteEntry> suiteEntries = run.plan().suite().entries();
        for (int i = 0; i < suiteEntries.size(); i++)
        {
            final SuiteEntry entry = suiteEntries.get(i);
            final ObjectNode node = entries.addObject();
            node.put("line", entry.line());
            node.put("kind", entry.kind());
            node.put("text", entry.text());
            int points = 0;
            double estimate = 0;
            final ArrayNode benchmarks = node.putArray("points");
            for (final SuitePlan.Run r : run.plan().runs())
            {
                if (r.entry() == entry)
                {
                    points += r.points().size();
                    estimate += r.estimatedSeconds();
                    r.points().forEach(p -> benchmarks.add(p.label()));
                }
            }
            node.put("pointCount", points);
            node.put("estimatedSeconds", estimate);
            node.put("elapsedSeconds", run.entrySeconds()[i]);
        }
        return section;
    }
}
