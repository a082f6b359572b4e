package io.dmsnap.cli.common;

import io.dmsnap.cli.CliResult;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.Preset;
import io.dmsnap.engine.config.Switches.Locking;
import io.dmsnap.engine.config.Switches.Throttle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
final class EngineOptionsTest
{
    private static EngineOptions parse(final String... args)
    {
        return CommandLine.populateCommand(new EngineOptions(), args);
    }

    @Test
    void withoutOptionsTheDefaultPresetIsUsed()
    {
        final EngineOptions options = parse();
        assertFalse(options.isSpecified());
        assertEquals(Preset.CURRENT.displayName(), options.presetName());
        assertEquals(EngineConfig.current(), options.config());
        assertEquals("current", options.label());
    }

    @Test
    void presetOverridesAndThresholdBuildTheEngineConfiguration()
    {
        final EngineOptions options = parse("--preset", "V5.0", "--set", "throttle=none, locking=GLOBAL",
            "--set", "tables=OFFHEAP_BL", "--cow-threshold", "0");
        assertTrue(options.isSpecified());
        assertEquals(List.of("throttle=none", " locking=GLOBAL", "tables=OFFHEAP_BL"), options.overrides());
        final EngineConfig config = options.config();
        assertEquals(Throttle.NONE, config.throttle());
        assertEquals(Locking.GLOBAL, config.locking());
        assertEquals(0, config.cowThreshold());
        assertEquals(Preset.V5_0.config().commitOrder(), config.commitOrder());
        assertEquals("v5.0+throttle=none+locking=GLOBAL+tables=OFFHEAP_BL+cowThreshold=0", options.label());
    }

    @Test
    void anEmptyOverrideIsRefusedNotDropped()
    {
        for (final String given : List.of(",,", "throttle=NONE,", ",locking=GLOBAL", "throttle=NONE,,locking=GLOBAL", " "))
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("--set", given).config(), given);
            assertEquals("--set '" + given + "': an empty SWITCH=VALUE (a comma too many?)", e.getMessage());
        }
        final CliResult r = CliResult.run("presets", "--set", ",,");
        assertEquals(ExitCodes.USAGE, r.exitCode, r.out + r.err);
        assertEquals("dmsnap: --set ',,': an empty SWITCH=VALUE (a comma too many?)\n", r.err);
    }

    @Test
    void laterOverridesOfTheSameSwitchWin()
    {
        final EngineConfig config = parse("--set", "throttle=NONE", "--set", "throttle=SEMAPHORE").config();
        assertEquals(Throttle.SEMAPHORE, config.throttle());
    }

    @Test
    void badNamesFailWithTheEnginesMessages()
    {
        final IllegalArgumentException preset = assertThrows(IllegalArgumentException.class,
            () -> parse("--preset", "v9").config());
        assertTrue(preset.getMessage().contains("valid presets"), preset::getMessage);
        final IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
            () -> parse("--set", "locking=SOME").config());
        assertTrue(value.getMessage().contains("valid values: GLOBAL, FINE"), value::getMessage);
        assertThrows(CommandLine.ParameterException.class, () -> parse("--cow-threshold", "-5"));
    }

    @Test
    void theModuleParametersAreSetWithSetAndValidatedByTheEngine()
    {
        final EngineConfig config = parse("--set", "copyThrottle=40,subJobSizeKb=64", "--cow-threshold", "16").config();
        assertEquals(40, config.copyThrottle());
        assertEquals(64, config.subJobSizeKb());
        assertEquals(16, config.cowThreshold());
        final IllegalArgumentException throttle = assertThrows(IllegalArgumentException.class,
            () -> parse("--set", "snapshot_copy_throttle=120").config());
        assertEquals("copyThrottle (snapshot_copy_throttle) must be an integer in 0..100, got '120'",
            throttle.getMessage());
        assertThrows(IllegalArgumentException.class, () -> parse("--set", "subJobSizeKb=4096").config());
    }

    @Test
    void badCowThresholdsAreUsageErrorsNamingTheRange()
    {
        for (final String bad : new String[] {"-1", "lots", "2147483648", "1.5", ""})
        {
            final CliResult r = CliResult.run("presets", "--cow-threshold", bad);
            assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
            assertTrue(r.err.startsWith("dmsnap: Invalid value for option '--cow-threshold': cowThreshold "
                + "(snapshot_cow_threshold) must be an integer in 0..2147483647, got '" + bad + "'"), r::toString);
            assertFalse(r.errHasStackTrace(), r::toString);
        }
        final CliResult setBad = CliResult.run("presets", "--set", "cowThreshold=-3");
        assertEquals(ExitCodes.USAGE, setBad.exitCode, setBad::toString);
        assertTrue(setBad.err.contains("must be an integer in 0..2147483647, got '-3'"), setBad::toString);
        assertFalse(setBad.errHasStackTrace(), setBad::toString);
    }

    @Test
    void theMixinIsAvailableOnAnyCommand()
    {
        final CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create()
            .addMixin("engine", CommandLine.Model.CommandSpec.forAnnotatedObject(new EngineOptions()));
        assertTrue(spec.findOption("--preset") != null && spec.findOption("--set") != null
            && spec.findOption("--cow-threshold") != null);
    }
}
