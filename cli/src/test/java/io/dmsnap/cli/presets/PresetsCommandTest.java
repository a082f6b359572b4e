package io.dmsnap.cli.presets;

import io.dmsnap.cli.CliResult;
import io.dmsnap.cli.JsonValues;
import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.ModuleParameter;
import io.dmsnap.engine.config.Preset;
import io.dmsnap.engine.config.TargetVersions;
import io.dmsnap.engine.config.Switches.Throttle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
final class PresetsCommandTest
{
    private static List<String> expectedHeader()
    {
        final List<String> header = new ArrayList<>();
        header.add("preset");
        header.addAll(EngineConfig.current().values().keySet());
        return header;
    }

    /** The table's lines: everything before the first blank line. */
    private static List<String> tableLines(final String out)
    {
        return Arrays.asList(out.split("\n\n", 2)[0].split("\n"));
    }

    /** The meaning lines: the block after the first blank line. */
    private static List<String> meaningLines(final String out)
    {
        return Arrays.asList(out.split("\n\n")[1].strip().split("\n"));
    }

    /** The target version lines: the third block. */
    private static List<String> versionLines(final String out)
    {
        return Arrays.asList(out.split("\n\n")[2].strip().split("\n"));
    }

    private static List<String> cells(final String line)
    {
        return Arrays.asList(line.trim().split("\\s+"));
    }

    /** Start index of each whitespace-separated cell of a line. */
    private static List<Integer> cellStarts(final String line)
    {
        final List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < line.length(); i++)
        {
            if (line.charAt(i) != ' ' && (i == 0 || line.charAt(i - 1) == ' '))
            {
                starts.add(i);
            }
        }
        return starts;
    }

    @Test
    void tableHasOneColumnPerSwitchAndOneRowPerPresetWithTheEnginesValues()
    {
        final CliResult r = CliResult.run("presets");
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        assertEquals("", r.err);
        final List<String> lines = tableLines(r.out);
        assertEquals(expectedHeader(), cells(lines.get(0)));
        assertEquals(EngineConfig.SWITCH_NAMES.size() + 1 + ModuleParameter.values().length, expectedHeader().size(),
            "every switch and every module parameter");
        assertEquals(Preset.values().length + 1, lines.size(), r::toString);
        for (int i = 0; i < Preset.values().length; i++)
        {
            final Preset preset = Preset.values()[i];
            final List<String> expected = new ArrayList<>();
            expected.add(preset.displayName());
            expected.addAll(preset.config().values().values());
            assertEquals(expected, cells(lines.get(i + 1)), () -> "row of " + preset);
        }
    }

    @Test
    void columnsAreAligned()
    {
        final CliResult r = CliResult.run("presets", "--preset", "v5.0", "--set", "throttle=NONE");
        final List<String> lines = tableLines(r.out);
        final List<Integer> headerStarts = cellStarts(lines.get(0));
        for (final String line : lines)
        {
            assertEquals(headerStarts, cellStarts(line), () -> "misaligned:\n" + r.out);
            assertEquals(line.stripTrailing(), line, "no trailing blanks");
        }
    }

    @Test
    void everyPresetsMeaningFollowsTheTable()
    {
        final CliResult r = CliResult.run("presets");
        final List<String> meanings = meaningLines(r.out);
        assertEquals(Preset.values().length, meanings.size(), r::toString);
        for (int i = 0; i < Preset.values().length; i++)
        {
            final Preset preset = Preset.values()[i];
            final String line = meanings.get(i);
            assertTrue(line.startsWith(preset.displayName() + " "), line);
            assertEquals(preset.meaning(), line.substring(preset.displayName().length()).strip());
        }
    }

    @Test
    void targetVersionsOfEveryPresetsKernelFollowTheMeanings()
    {
        final CliResult r = CliResult.run("presets");
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        assertEquals(List.of(
            "preset        snapshot-origin  snapshot  snapshot-merge  230c83af",
            "v3.12         1.8.1            1.11.1    1.2.0           no",
            "v4.18         1.9.0            1.14.0    1.3.0           yes",
            "v5.0          1.9.0            1.15.0    1.4.0           yes",
            "v5.2          1.9.0            1.15.0    1.4.0           yes",
            "current       1.9.0            1.16.0    1.5.0           yes",
            "experimental  1.9.0            1.16.0    1.5.0           yes"), versionLines(r.out));
        assertTrue(r.out.endsWith("\n\n" + PresetsCommand.VERSIONS_NOTE + "\n"), r::toString);
    }

    @Test
    void theSelectedConfigurationReportsItsPresetsVersions()
    {
        final CliResult r = CliResult.run("presets", "--preset", "v3.12", "--set", "commitOrder=IN_ORDER_TREE");
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        final List<String> lines = versionLines(r.out);
        assertEquals(Preset.values().length + 2, lines.size(), r::toString);
        // Overriding the switch that 230c83af introduced does not change the kernel's reported version.
        assertEquals(List.of("v3.12+commitOrder=IN_ORDER_TREE", "1.8.1", "1.11.1", "1.2.0", "no"),
            cells(lines.get(lines.size() - 1)));
    }

    @Test
    void overridesAddTheResultingConfigurationAsALastRow()
    {
        final CliResult r = CliResult.run("presets", "--preset", "v5.0", "--set", "throttle=NONE");
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        final List<String> lines = tableLines(r.out);
        assertEquals(Preset.values().length + 2, lines.size(), r::toString);
        final EngineConfig expected = EngineConfig.of("v5.0", List.of("throttle=NONE"));
        assertEquals(Throttle.NONE, expected.throttle());
        final List<String> row = new ArrayList<>();
        row.add("v5.0+throttle=NONE");
        row.addAll(expected.values().values());
        assertEquals(row, cells(lines.get(lines.size() - 1)));
        assertTrue(meaningLines(r.out).get(Preset.values().length).startsWith("v5.0+throttle=NONE "), r::toString);
    }

    @Test
    void repeatedAndCommaSeparatedOverridesAndTheCowThresholdAllApply()
    {
        final CliResult r = CliResult.run("presets", "--preset", "v5.2", "--set", "throttle=NONE,tables=HEAP_LISTS",
            "--set", "commitOrder=IN_ORDER_LIST", "--cow-threshold", "64");
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        final List<String> lines = tableLines(r.out);
        final EngineConfig expected = EngineConfig.of("v5.2",
            List.of("throttle=NONE", "tables=HEAP_LISTS", "commitOrder=IN_ORDER_LIST")).withCowThreshold(64);
        final List<String> row = new ArrayList<>();
        row.add("v5.2+throttle=NONE+tables=HEAP_LISTS+commitOrder=IN_ORDER_LIST+cowThreshold=64");
        row.addAll(expected.values().values());
        assertEquals(row, cells(lines.get(lines.size() - 1)));
    }

    @Test
    void unknownPresetIsRefusedListingTheValidOnes()
    {
        final CliResult r = CliResult.run("presets", "--preset", "bogus");
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        final String valid = Arrays.stream(Preset.values()).map(Preset::displayName).collect(Collectors.joining(", "));
        assertEquals("dmsnap: unknown preset 'bogus'; valid presets: " + valid, r.err.strip());
        assertEquals("", r.out, "no partial output");
        assertFalse(r.errHasStackTrace());
        assertFalse(r.err.contains("Exception"), r::toString);
    }

    @Test
    void unknownSwitchIsRefusedListingTheValidOnes()
    {
        final CliResult r = CliResult.run("presets", "--set", "bogus=1");
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertTrue(r.err.startsWith("dmsnap: unknown switch 'bogus'; valid switches: "), r::toString);
        for (final String name : EngineConfig.current().values().keySet())
        {
            assertTrue(r.err.contains(name), () -> name + " not listed: " + r.err);
        }
        assertEquals("", r.out);
        assertFalse(r.errHasStackTrace());
    }

    @Test
    void unknownValueIsRefusedListingTheValidOnes()
    {
        final CliResult r = CliResult.run("presets", "--set", "throttle=BOGUS");
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        final String valid = Arrays.stream(Throttle.values()).map(Enum::name).collect(Collectors.joining(", "));
        assertEquals("dmsnap: unknown value 'BOGUS' for switch throttle; valid values: " + valid, r.err.strip());
        assertFalse(r.errHasStackTrace());
    }

    @Test
    void fineLockingWithTheOldCompleteOrderIsRefused()
    {
        for (final String[] args : new String[][] {
            {"presets", "--set", "locking=FINE,completeOrder=WAIT_THEN_INSERT"},
            {"presets", "--set", "completeOrder=WAIT_THEN_INSERT", "--set", "locking=FINE"},
            {"presets", "--preset", "v5.0", "--set", "locking=FINE"}})
        {
            final CliResult r = CliResult.run(args);
            assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
            assertTrue(r.err.startsWith("dmsnap: invalid combination: locking=FINE requires completeOrder="
                + "INSERT_WAIT_REMOVE"), r::toString);
            assertEquals("", r.out);
            assertFalse(r.errHasStackTrace());
        }
    }

    @Test
    void malformedOverrideAndBadThresholdsAreUsageErrors()
    {
        final CliResult noEquals = CliResult.run("presets", "--set", "throttle");
        assertEquals(ExitCodes.USAGE, noEquals.exitCode, noEquals::toString);
        assertTrue(noEquals.err.contains("'throttle' is not of the form switch=value"), noEquals::toString);

        final CliResult negative = CliResult.run("presets", "--cow-threshold", "-1");
        assertEquals(ExitCodes.USAGE, negative.exitCode, negative::toString);
        assertTrue(negative.err.contains("must be an integer in 0..2147483647, got '-1'"), negative::toString);

        final CliResult notANumber = CliResult.run("presets", "--cow-threshold", "lots");
        assertEquals(ExitCodes.USAGE, notANumber.exitCode, notANumber::toString);
        assertTrue(notANumber.err.contains("--cow-threshold") && notANumber.err.contains("'lots'"),
            notANumber::toString);
        assertTrue(notANumber.err.contains("Try 'dmsnap presets --help' for usage."), notANumber::toString);
        assertFalse(notANumber.errHasStackTrace());
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonIsWellFormedAndHoldsTheSameValues()
    {
        final CliResult r = CliResult.run("presets", "--json");
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        final Map<String, Object> root = (Map<String, Object>) JsonValues.parse(r.out);
        assertEquals(new ArrayList<>(EngineConfig.current().values().keySet()), root.get("switches"));
        final List<Object> presets = (List<Object>) root.get("presets");
        assertEquals(Preset.values().length, presets.size());
        for (int i = 0; i < presets.size(); i++)
        {
            final Preset preset = Preset.values()[i];
            final Map<String, Object> entry = (Map<String, Object>) presets.get(i);
            assertEquals(preset.displayName(), entry.get("name"));
            assertEquals(preset.meaning(), entry.get("meaning"));
            assertEquals(preset.config().values(), asStrings((Map<String, Object>) entry.get("values")));
            assertEquals((long) preset.config().cowThreshold(),
                ((Map<String, Object>) entry.get("values")).get("cowThreshold"), "a number, not a string");
            final TargetVersions versions = TargetVersions.of(preset);
            assertEquals(Map.of("snapshot-origin", versions.origin().toString(), "snapshot", versions.snapshot().toString(),
                "snapshot-merge", versions.merge().toString()), entry.get("targetVersions"));
            assertEquals(versions.reportsLeakFix(), entry.get("reportsLeakFix"));
        }
        final Map<String, Object> current = (Map<String, Object>) presets.get(presets.size() - 1);
        assertEquals(Map.of("snapshot-origin", "1.9.0", "snapshot", "1.16.0", "snapshot-merge", "1.5.0"),
            current.get("targetVersions"));
        assertEquals(false, ((Map<String, Object>) presets.get(0)).get("reportsLeakFix"), "v3.12 predates 230c83af");
        assertNull(root.get("selected"), "no selection without options");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonCarriesTheSelectedConfiguration()
    {
        final CliResult r = CliResult.run("presets", "--json", "--preset", "v4.18", "--set", "throttle=SEMAPHORE",
            "--cow-threshold", "16");
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        final Map<String, Object> root = (Map<String, Object>) JsonValues.parse(r.out);
        final Map<String, Object> selected = (Map<String, Object>) root.get("selected");
        assertNotNull(selected, r::toString);
        assertEquals("v4.18+throttle=SEMAPHORE+cowThreshold=16", selected.get("name"));
        assertEquals(EngineConfig.of("v4.18", List.of("throttle=SEMAPHORE")).withCowThreshold(16).values(),
            asStrings((Map<String, Object>) selected.get("values")));
        assertEquals(Map.of("snapshot-origin", "1.9.0", "snapshot", "1.14.0", "snapshot-merge", "1.3.0"),
            selected.get("targetVersions"));
    }

    private static Map<String, String> asStrings(final Map<String, Object> values)
    {
        final Map<String, String> strings = new LinkedHashMap<>();
        values.forEach((k, v) -> strings.put(k, String.valueOf(v)));
        return strings;
    }
}
