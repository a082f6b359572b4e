package io.dmsnap.cli.presets;

import io.dmsnap.cli.common.EngineOptions;
import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.common.Json;
import io.dmsnap.cli.common.TextTable;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.Preset;
import io.dmsnap.engine.config.TargetVersions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.core.JsonGenerator;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code dmsnap presets}: every preset with all its switch values, as an aligned table followed
 * by each preset's one-line meaning and by the target versions its kernel reports (as
 * {@code dmsetup targets} would), or as JSON. With {@code --preset}, {@code --set} or
 * {@code --cow-threshold} the configuration they select is added as a last row, so a user can
 * check what the options of any other subcommand would build.
 *
 * <p>The columns are the keys of {@link EngineConfig#values()}, so a switch added to the engine
 * appears here without a change.
 */
@Command(name = "presets",
    description = "Print every preset with all its switch values and the target versions of its kernel; "
        + "--preset/--set add the configuration they select.")
public final class PresetsCommand implements Callable<Integer>
{
    private static final String NAME_COLUMN = "preset";
    private static final String SELECTED_MEANING = "selected by --preset/--set/--cow-threshold";
    private static final List<String> TARGETS = List.of(TargetVersions.ORIGIN, TargetVersions.SNAPSHOT,
        TargetVersions.MERGE);
    /** Column and JSON key: whether lvm2 would take the 230c83af leak fix as present. */
    private static final String LEAK_FIX_COLUMN = "230c83af";
    static final String VERSIONS_NOTE = "Target versions as each kernel reports them (dmsetup targets);\n"
        + LEAK_FIX_COLUMN + ": whether lvm2 takes the snapshot space-leak fix as present\n"
        + "(snapshot " + TargetVersions.LEAK_FIX + " or later, or the " + TargetVersions.LEAK_FIX_BACKPORT + " backport).";

    @Spec
    private CommandSpec spec;

    @Mixin
    private EngineOptions engine;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    private boolean json;

    @Override
    public Integer call()
    {
        final List<Row> rows = new ArrayList<>();
        for (final Preset preset : Preset.values())
        {
            rows.add(new Row(preset.displayName(), preset.meaning(), preset.config()));
        }
        // Built before anything is printed: a bad option then produces an error and no partial output.
        final Row selected = engine.isSpecified() ? new Row(engine.label(), SELECTED_MEANING, engine.config()) : null;

        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            printJson(out, rows, selected);
        }
        else
        {
            if (selected != null)
            {
                rows.add(selected);
            }
            printTable(out, rows);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static List<String> switchNames()
    {
        return new ArrayList<>(EngineConfig.current().values().keySet());
    }

    private static void printTable(final PrintWriter out, final List<Row> rows)
    {
        final List<String> header = new ArrayList<>();
        header.add(NAME_COLUMN);
        header.addAll(switchNames());
        final TextTable values = new TextTable(header.size()).row(header);
        final TextTable meanings = new TextTable(2);
        for (final Row row : rows)
        {
            final List<String> cells = new ArrayList<>();
            cells.add(row.name);
            cells.addAll(row.config.values().values());
            values.row(cells);
            meanings.row(List.of(row.name, row.meaning));
        }
        values.print(out);
        out.println();
        meanings.print(out);
        out.println();
        printVersions(out, rows);
    }

    private static void printVersions(final PrintWriter out, final List<Row> rows)
    {
        final List<String> header = new ArrayList<>();
        header.add(NAME_COLUMN);
        header.addAll(TARGETS);
        header.add(LEAK_FIX_COLUMN);
        final TextTable table = new TextTable(header.size()).row(header);
        for (final Row row : rows)
        {
            final TargetVersions versions = TargetVersions.of(row.config);
            final List<String> cells = new ArrayList<>();
            cells.add(row.name);
            for (final String target : TARGETS)
            {
                cells.add(versions.byName(target).toString());
            }
            cells.add(versions.reportsLeakFix() ? "yes" : "no");
            table.row(cells);
        }
        table.print(out);
        out.println();
        out.println(VERSIONS_NOTE);
    }

    private static void printJson(final PrintWriter out, final List<Row> rows, final Row selected)
    {
        try (JsonGenerator w = Json.generator(out))
        {
            document(w, rows, selected);
        }
        out.println();
    }

    private static void document(final JsonGenerator w, final List<Row> rows, final Row selected)
    {
        w.writeStartObject();
        w.writeArrayPropertyStart("switches");
        for (final String name : switchNames())
        {
            w.writeString(name);
        }
        w.writeEndArray();
        w.writeArrayPropertyStart("presets");
        for (final Row row : rows)
        {
            writeRow(w, row);
        }
        w.writeEndArray();
        if (selected != null)
        {
            w.writeName("selected");
            writeRow(w, selected);
        }
        w.writeEndObject();
    }

    private static void writeRow(final JsonGenerator w, final Row row)
    {
        w.writeStartObject();
        w.writeStringProperty("name", row.name);
        w.writeStringProperty("meaning", row.meaning);
        w.writeObjectPropertyStart("values");
        for (final Map.Entry<String, String> e : row.config.values().entrySet())
        {
            w.writeName(e.getKey());
            // Switch values are enum constant names, which cannot start with a digit, so a value
            // that parses as an integer is a number parameter (cowThreshold) and is written as one.
            final Long number = asInteger(e.getValue());
            if (number != null)
            {
                w.writeNumber(number);
            }
            else
            {
                w.writeString(e.getValue());
            }
        }
        w.writeEndObject();
        final TargetVersions versions = TargetVersions.of(row.config);
        w.writeObjectPropertyStart("targetVersions");
        for (final String target : TARGETS)
        {
            w.writeStringProperty(target, versions.byName(target).toString());
        }
        w.writeEndObject();
        w.writeBooleanProperty("reportsLeakFix", versions.reportsLeakFix());
        w.writeEndObject();
    }

    private static Long asInteger(final String value)
    {
        try
        {
            return Long.valueOf(value);
        }
        catch (final NumberFormatException e)
        {
            return null;
        }
    }

    /** One configuration to show: its name, what it stands for, and its values. */
    private static final class Row
    {
        final String name;
        final String meaning;
        final EngineConfig config;

        Row(final String name, final String meaning, final EngineConfig config)
        {
            this.name = name;
            this.meaning = meaning;
            this.config = config;
        }
    }
}
