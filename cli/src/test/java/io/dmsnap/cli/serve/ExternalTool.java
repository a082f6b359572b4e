package io.dmsnap.cli.serve;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs a real NBD client (fio, nbdinfo, nbdcopy, qemu-img) for the tests; absent tools skip the test. */
final class ExternalTool
{
    /** A finished run: exit code and the output (stdout and stderr together). */
    static final class Run
    {
        final int exit;
        final String output;

        Run(final int exit, final String output)
        {
            this.exit = exit;
            this.output = output;
        }
    }

    private ExternalTool()
    {
    }

    /** Skip the test, saying which Debian package to install, when {@code tool} is not on the PATH. */
    static void require(final String tool, final String debianPackage)
    {
        assumeTrue(find(tool) != null, tool + " is not installed (apt-get install -y " + debianPackage
            + "): the test with this real client is skipped");
    }

    static Path find(final String tool)
    {
        for (final String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
        {
            final Path p = Path.of(dir, tool);
            if (Files.isExecutable(p))
            {
                return p;
            }
        }
        return null;
    }

    /** Run to completion (at most {@code seconds}, then killed and reported as exit -1). */
    static Run run(final Path workDir, final int seconds, final String... command) throws IOException,
        InterruptedException
    {
        final Path out = Files.createTempFile(workDir, "tool", ".out");
        final Process p = new ProcessBuilder(List.of(command)).directory(workDir.toFile()).redirectErrorStream(true)
            .redirectOutput(out.toFile()).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS))
        {
            p.destroyForcibly().waitFor();
            return new Run(-1, String.join(" ", command) + " did not finish in " + seconds + " s:\n"
                + Files.readString(out, StandardCharsets.UTF_8));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    static String[] command(final Object... parts)
    {
        final List<String> c = new ArrayList<>();
        for (final Object o : parts)
        {
            c.add(o.toString());
        }
        return c.toArray(new String[0]);
    }
}
