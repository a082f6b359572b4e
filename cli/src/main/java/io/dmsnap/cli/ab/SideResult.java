package io.dmsnap.cli.ab;

import io.dmsnap.cli.common.Json;
import io.dmsnap.cli.common.VersionInfo;
import io.dmsnap.cli.result.Environment;
import io.dmsnap.cli.result.JmhSettings;
import io.dmsnap.cli.result.Measurement;
import io.dmsnap.cli.result.Replicate;
import io.dmsnap.cli.result.ResultFileException;
import io.dmsnap.cli.result.ResultFileWriter;
import io.dmsnap.cli.result.ResultFiles;
import io.dmsnap.cli.result.ResultKind;
import io.dmsnap.cli.result.ResultSet;
import io.dmsnap.cli.result.RowKey;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One side of an A/B run as one {@code dmsnap-result/1} file: the JMH files of its processes
 * (one fork each) merged so that every row has one replicate per fork round, labelled
 * {@code fork 1}, {@code fork 2}, ...; the environment of this machine with the side's commit and
 * JMH's settings over all processes (forks: the rounds); the {@code run} section (below); and under
 * {@code raw.jmh} every process's JMH objects in run order, unchanged (one object per point and
 * fork, so unlike a matrix file's, a JMH reader of {@code raw.jmh} alone would find each point
 * once per fork). Stateless.
 */
final class SideResult
{
    /**
     * One process of the side.
     *
     * @param fork    the fork round, from 0
     * @param run     the suite run, from 0
     * @param file    its JMH JSON file
     * @param seconds how long the process took
     */
    record Fork(int fork, int run, Path file, double seconds)
    {
    }

    /**
     * What the {@code run} section records.
     *
     * @param arguments the command line after {@code dmsnap}
     * @param revision  the revision as given, or empty for a {@code --jar-a}/{@code --jar-b} run
     * @param jar       the benchmarks jar that ran
     * @param suite     where the suite came from and its entries as lines
     */
    record Provenance(Side side, List<String> arguments, Optional<String> revision, Path jar, String suiteSource,
                      List<String> suite, String order, double elapsedSeconds)
    {
    }

    private SideResult()
    {
    }

    /**
     * The side's rows and environment: {@code machine} (this JVM and machine, with the side's commit)
     * plus JMH's settings from the files.
     *
     * @throws ResultFileException when a process's file cannot be read as JMH's JSON
     */
    static ResultSet merge(final Path target, final List<Fork> forks, final int forkCount, final Environment machine)
    {
        final Map<RowKey, Measurement> rows = new LinkedHashMap<>();
        final List<JmhSettings> settings = new ArrayList<>();
        for (final Fork fork : forks)
        {
            final ResultSet file = ResultFiles.readFile(fork.file());
            if (file.kind() != ResultKind.JMH)
            {
                throw new ResultFileException(fork.file(), "expected JMH's -rf json output, found a " + file.kind().label()
                    + " document");
            }
            file.environment().jmh().ifPresent(settings::add);
            for (final Measurement m : file.measurements())
            {
                final List<Replicate> labelled = new ArrayList<>();
                for (final Replicate r : m.replicates())
                {
                    final String label = "fork " + (fork.fork() + 1);
                    labelled.add(r.relabel(m.replicates().size() == 1 ? label : label + ": " + r.label()));
                }
                final Measurement known = rows.get(m.key());
                rows.put(m.key(), known == null ? new Measurement(m.key(), m.unit(), m.direction(), labelled)
                    : known.plus(labelled));
            }
        }
        final Environment environment = machine.toBuilder().jmh(settings.isEmpty() ? null : merged(settings, forkCount))
            .build();
        return ResultSet.of(target, ResultKind.JMH, environment, new ArrayList<>(rows.values()));
    }

    /** JMH's settings over all processes, with the fork rounds as the fork count. */
    static JmhSettings merged(final List<JmhSettings> settings, final int forkCount)
    {
        Optional<String> version = Optional.empty();
        final List<String> modes = new ArrayList<>();
        final List<Integer> threads = new ArrayList<>();
        final List<JmhSettings.Phase> warmup = new ArrayList<>();
        final List<JmhSettings.Phase> measurement = new ArrayList<>();
        for (final JmhSettings s : settings)
        {
            if (version.isEmpty())
            {
                version = s.jmhVersion();
            }
            modes.addAll(s.modes());
            threads.addAll(s.threads());
            warmup.addAll(s.warmup());
            measurement.addAll(s.measurement());
        }
        return new JmhSettings(version, modes, threads, List.of(forkCount), warmup, measurement);
    }

    /**
     * Writes the side's result file.
     *
     * @throws ResultFileException when a process's file cannot be read
     */
    static void write(final Path target, final List<Fork> forks, final int forkCount, final Environment machine,
                      final Provenance provenance) throws IOException
    {
        final ResultSet results = merge(target, forks, forkCount, machine);
        final ArrayNode raw = Json.MAPPER.createArrayNode();
        for (final Fork fork : forks)
        {
            final JsonNode document = Json.MAPPER.readTree(fork.file().toFile());
            document.forEach(raw::add);
        }
        ResultFileWriter.write(target, results, runSection(target, forks, forkCount, provenance), Map.of(ResultKind.JMH, raw));
    }

    private static ObjectNode runSection(final Path target, final List<Fork> forks, final int forkCount,
                                         final Provenance p)
    {
        final ObjectNode run = Json.MAPPER.createObjectNode();
        run.put("command", "ab");
        run.put("version", VersionInfo.projectVersion());
        final ArrayNode args = run.putArray("arguments");
        p.arguments().forEach(args::add);
        run.put("side", p.side().name());
        if (p.revision().isPresent())
        {
            run.put("revision", p.revision().get());
        }
        else
        {
            run.putNull("revision");
        }
        run.put("jar", p.jar().toString());
        run.put("forks", forkCount);
        run.put("order", p.order());
        run.put("elapsedSeconds", p.elapsedSeconds());
        final ObjectNode suite = run.putObject("suite");
        suite.put("source", p.suiteSource());
        final ArrayNode entries = suite.putArray("entries");
        p.suite().forEach(entries::add);
        final ArrayNode processes = run.putArray("processes");
        final Path folder = target.toAbsolutePath().getParent();
        for (final Fork f : forks)
        {
            final ObjectNode process = processes.addObject();
            process.put("fork", f.fork() + 1);
            process.put("run", f.run() + 1);
            final Path file = f.file().toAbsolutePath();
            process.put("file", file.startsWith(folder) ? folder.relativize(file).toString() : file.toString());
            process.put("seconds", f.seconds());
        }
        return run;
    }
}
