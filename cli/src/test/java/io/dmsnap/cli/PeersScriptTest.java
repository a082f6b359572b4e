package io.dmsnap.cli;

import io.dmsnap.cli.common.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scripts/peers refuses bad arguments before it installs a tool or starts a server: one line naming
 * the problem and what it expected, exit 2. (The runs themselves need fio, nbdkit, qemu-nbd and
 * nbd-server; docs/serve.md has a real one.)
 */
final class PeersScriptTest
{
    private static final Path SCRIPT = Path.of("..").toAbsolutePath().normalize().resolve("scripts/peers");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--ramp 2x | peers: --ramp '2x' is not a time (e.g. 2s, 500ms)",
        "--size lots | peers: --size 'lots' is not a size (e.g. 256M)",
        "--preset v9.9 | peers: unknown preset 'v9.9': expected one of: v3.12 v4.18 v5.0 v5.2 current experimental",
        "--servers nbdkit-memory@current | peers: 'nbdkit-memory@current': only dmsnap servers take a @PRESET",
        "--servers dmsnap-raw@x | peers: unknown preset 'x' in 'dmsnap-raw@x': expected one of: v3.12 v4.18 v5.0 v5.2 current experimental",
        "--frobnicate | peers: unknown argument '--frobnicate': expected --size, --jobs, --depths, --out, --servers, --preset, --ramp",
    })
    @Timeout(30)
    void aBadArgumentIsOneLineAndTheUsageCode(final String args, final String message) throws Exception
    {
        final Outcome o = run(List.of(args.split(" ")));
        assertEquals(ExitCodes.USAGE, o.code, o.output);
        assertEquals(message, o.output.strip());
    }

    @Test
    @Timeout(30)
    void helpNamesEveryOption() throws Exception
    {
        final Outcome o = run(List.of("--help"));
        assertEquals(0, o.code, o.output);
        for (final String option : List.of("--size", "--jobs", "--depths", "--out", "--servers", "--preset", "--ramp"))
        {
            assertTrue(o.output.contains(option), option + " missing from:\n" + o.output);
        }
    }

    private record Outcome(int code, String output)
    {
    }

    private static Outcome run(final List<String> args) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(SCRIPT.toString());
        command.addAll(args);
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(25, TimeUnit.SECONDS), "scripts/peers did not finish");
        return new Outcome(p.exitValue(), output);
    }
}
