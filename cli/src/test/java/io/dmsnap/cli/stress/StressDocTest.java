package io.dmsnap.cli.stress;

import io.dmsnap.cli.CliResult;
import io.dmsnap.cli.common.ExitCodes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/stress.md holds the scenario table that {@code dmsnap stress --list --format markdown}
 * generates from the scenarios' metadata, so the documentation describes every scenario there is.
 */
final class StressDocTest
{
    /** The repository root: surefire runs in the module's directory. */
    private static final Path DOC = Path.of("..", "docs", "stress.md").toAbsolutePath().normalize();

    @Test
    void theScenarioTableOfTheDocIsTheGeneratedOne() throws IOException
    {
        final String doc = Files.readString(DOC);
        final String begin = ScenarioListing.BEGIN_MARKER + "\n";
        final String end = ScenarioListing.END_MARKER + "\n";
        final int from = doc.indexOf(begin);
        final int to = doc.indexOf(end);
        assertTrue(from >= 0 && to > from && doc.indexOf(begin, from + 1) < 0,
            () -> DOC + " must hold the line\n" + ScenarioListing.BEGIN_MARKER + "\nonce, and after it the line\n"
                + ScenarioListing.END_MARKER);
        final CliResult generated = CliResult.run("stress", "--list", "--format", "markdown");
        assertEquals(ExitCodes.OK, generated.exitCode, generated::toString);
        assertEquals(generated.out, doc.substring(from + begin.length(), to),
            () -> "docs/stress.md's scenario table is out of date: replace the lines between its scenario-table "
                + "markers with the output of\n    scripts/dmsnap stress --list --format markdown");
    }
}
