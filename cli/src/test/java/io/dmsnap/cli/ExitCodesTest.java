package io.dmsnap.cli;

import io.dmsnap.cli.common.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exit codes are a contract with scripts and CI jobs: each kind of outcome has its own code,
 * and --help, the README and the script header say the same thing. The build-failure code is
 * checked by running the real script against a build that fails.
 */
final class ExitCodesTest
{
    /** The repository root: surefire runs in the module's directory. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theCodesAreDistinctAndNeverChangeMeaning()
    {
        assertEquals(0, ExitCodes.OK);
        assertEquals(1, ExitCodes.FAILED);
        assertEquals(2, ExitCodes.USAGE);
        assertEquals(3, ExitCodes.INCONCLUSIVE);
        assertEquals(69, ExitCodes.BUILD_FAILED);
        assertEquals(70, ExitCodes.INTERNAL_ERROR);
        assertEquals(List.of("0", "1", "2", "3", "69", "70"), List.copyOf(ExitCodes.MEANINGS.keySet()));
    }

    @Test
    void helpOfEveryCommandListsTheCodes()
    {
        for (final String[] args : new String[][] {{"--help"}, {"presets", "--help"}, {"matrix", "--help"}})
        {
            final CliResult r = CliResult.run(args);
            assertEquals(ExitCodes.OK, r.exitCode, r::toString);
            final String text = r.out.replaceAll("\\s+", " ");
            assertTrue(text.contains("Exit codes:"), r::toString);
            for (final Map.Entry<String, String> e : ExitCodes.MEANINGS.entrySet())
            {
                assertTrue(text.contains(e.getKey() + " " + e.getValue()), () -> e + " missing in " + r);
            }
        }
    }

    @Test
    void readmeAndScriptHeaderListTheSameCodes() throws IOException
    {
        final String readme = Files.readString(ROOT.resolve("README.md")).replaceAll("\\s+", " ");
        final String script = Files.readString(ROOT.resolve("scripts/dmsnap")).replaceAll("[#\\s]+", " ");
        for (final Map.Entry<String, String> e : ExitCodes.MEANINGS.entrySet())
        {
            assertTrue(readme.contains("| " + e.getKey() + " | " + e.getValue() + " |"), () -> "README lacks " + e);
            assertTrue(script.contains(" " + e.getKey() + " " + e.getValue()), () -> "scripts/dmsnap lacks " + e);
        }
    }

    @Test
    @Timeout(60)
    void aFailedBuildHasItsOwnCode(@TempDir final Path dir) throws Exception
    {
        // A copy of the script in a tree without a jar, and an mvn that fails as a broken build does.
        final Path scripts = Files.createDirectories(dir.resolve("tree/scripts"));
        Files.copy(ROOT.resolve("scripts/dmsnap"), scripts.resolve("dmsnap"));
        Files.writeString(dir.resolve("tree/pom.xml"), "<project/>\n");
        final Path bin = Files.createDirectories(dir.resolve("bin"));
        final Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\necho '[ERROR] COMPILATION ERROR' >&2\nexit 1\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));

        final ProcessBuilder pb = new ProcessBuilder("bash", scripts.resolve("dmsnap").toString(), "--version")
            .redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().remove("JAVA_HOME");
        final Process p = pb.start();
        final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(50, TimeUnit.SECONDS));
        assertEquals(ExitCodes.BUILD_FAILED, p.exitValue(), output);
        assertTrue(output.contains("building") && output.contains("failed"), output);
        assertTrue(output.contains("COMPILATION ERROR"), output);
    }

    @Test
    @Timeout(60)
    void aMissingJavaHasTheBuildCode(@TempDir final Path dir) throws Exception
    {
        final ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("scripts/dmsnap").toString(), "--version")
            .redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", dir.resolve("no-such-jdk").toString());
        final Process p = pb.start();
        final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(50, TimeUnit.SECONDS));
        assertEquals(ExitCodes.BUILD_FAILED, p.exitValue(), output);
        assertTrue(output.startsWith("dmsnap: JAVA_HOME is set to"), output);
    }
}
