package io.dmsnap.cli.reproduce;

import io.dmsnap.cli.common.Json;
import io.dmsnap.cli.common.VersionInfo;
import io.dmsnap.cli.result.Environment;
import io.dmsnap.cli.result.Measurement;
import io.dmsnap.cli.result.Replicate;
import io.dmsnap.cli.result.ResultFileWriter;
import io.dmsnap.cli.result.ResultKind;
import io.dmsnap.cli.result.ResultSet;
import io.dmsnap.cli.result.RowKey;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@code dmsnap-result/1} file of a reproduction (docs/results-format.md), for
 * {@code dmsnap compare} and {@code dmsnap history}: one row per figure, benchmark
 * {@code reproduce.<id>}, mode {@value #MODE}, threads the figure's, parameters {@code side} and the
 * figure's own, metric the figure's; one replicate holding its samples. The {@code run} section
 * holds the command line and the table (every row's cells).
 */
final class ReproductionResultFile
{
    static final String MODE = "reproduce";

    private ReproductionResultFile()
    {
    }

    static List<Measurement> rows(final List<Outcome> outcomes)
    {
        final List<Measurement> rows = new ArrayList<>();
        for (final Outcome o : outcomes)
        {
            for (final Figure f : o.finding().figures())
            {
                final SortedMap<String, String> params = new TreeMap<>(f.params());
                params.put("side", f.side());
                rows.add(new Measurement(new RowKey("reproduce." + o.reproduction().id(), MODE, f.threads(), params,
                    f.metric()), f.unit(), f.direction(), List.of(Replicate.of("run", f.samples()))));
            }
        }
        return rows;
    }

    static void write(final Path file, final Depth depth, final List<Outcome> outcomes, final Environment environment,
                      final List<String> arguments) throws IOException
    {
        final ResultSet set = ResultSet.of(file, ResultKind.DMSNAP, environment, rows(outcomes));
        final ObjectNode run = Json.MAPPER.createObjectNode();
        run.put("command", "reproduce");
        run.put("version", VersionInfo.projectVersion());
        run.put("depth", depth.name().toLowerCase(java.util.Locale.ROOT));
        final ArrayNode args = run.putArray("arguments");
        arguments.forEach(args::add);
        final ArrayNode table = run.putArray("table");
        for (final Outcome o : outcomes)
        {
            final ObjectNode row = table.addObject();
            row.put("id", o.reproduction().id());
            final List<String> cells = o.cells();
            for (int i = 0; i < cells.size(); i++)
            {
                row.put(Outcome.HEADER.get(i), cells.get(i));
            }
            row.put("seconds", o.seconds());
        }
        ResultFileWriter.write(file, set, run, Map.of());
    }
}
