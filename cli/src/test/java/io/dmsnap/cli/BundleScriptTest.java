package io.dmsnap.cli;

import io.dmsnap.cli.common.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scripts/bundle packs a jlinked runtime, the command-line jar and a run script. The real jar
 * exists only after the package phase, so the bundle here wraps a stand-in jar whose
 * {@code io.dmsnap.cli.Dmsnap} prints its arguments and its runtime: that is enough to show that
 * the archive unpacks, that {@code run} needs no Java on PATH and runs the bundled runtime, and
 * what it passes by default (the 1/2/4/8/16-worker matrix with a result file under results/).
 */
final class BundleScriptTest
{
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    @Timeout(30)
    void anUnknownArgumentIsAUsageError() throws Exception
    {
        final Outcome o = run(ROOT.resolve("scripts/bundle"), List.of("--frobnicate"), null);
        assertEquals(ExitCodes.USAGE, o.code, o.output);
        assertEquals("bundle: unknown argument '--frobnicate' (options: --output FILE, --no-build, --help)", o.output.strip());
    }

    @Test
    @Timeout(30)
    void withoutABuiltJarNoBuildStopsWithTheBuildCode(@TempDir final Path dir) throws Exception
    {
        final Path script = copyScript(dir);
        final Outcome o = run(script, List.of("--no-build", "--output", dir.resolve("b.tar.gz").toString()), null);
        assertEquals(ExitCodes.BUILD_FAILED, o.code, o.output);
        assertTrue(o.output.contains("dmsnap.jar does not exist"), o.output);
    }

    @Test
    @Timeout(300)
    void theArchiveRunsWithItsOwnRuntime(@TempDir final Path dir) throws Exception
    {
        final Path script = copyScript(dir);
        writeStandInJar(dir, script.getParent().getParent().resolve("cli/target/dmsnap.jar"));
        final Path archive = dir.resolve("b.tar.gz");

        final Outcome made = run(script, List.of("--no-build", "--output", archive.toString()), null);
        assertEquals(ExitCodes.OK, made.code, made.output);
        assertTrue(Files.size(archive) < 64L * 1024 * 1024, () -> archive + " is over 64 MiB");

        final Path unpacked = Files.createDirectories(dir.resolve("elsewhere"));
        final Outcome untar = run(Path.of("/bin/tar"), List.of("-C", unpacked.toString(), "-xzf", archive.toString()), null);
        assertEquals(0, untar.code, untar.output);
        final Path bundle = unpacked.resolve("dmsnap-bundle");

        // A PATH with the shell's few tools and no java: the run script must use its own runtime.
        final Path bin = Files.createDirectories(dir.resolve("bin"));
        for (final String tool : List.of("sh", "dirname", "uname", "tr", "date", "pwd"))
        {
            final Path found = which(tool);
            assertNotNull(found, () -> tool + " is not installed");
            Files.copy(found.toRealPath(), bin.resolve(tool));
            Files.setPosixFilePermissions(bin.resolve(tool), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        final Outcome byDefault = run(bundle.resolve("run"), List.of(), bin.toString());
        assertEquals(0, byDefault.code, byDefault.output);
        final String[] lines = byDefault.output.strip().split("\n");
        assertEquals(bundle.resolve("runtime").toRealPath().toString(), lines[0]);
        assertTrue(lines[1].startsWith("matrix --workers 1,2,4,8,16 --no-live --output " + bundle.toRealPath().resolve("results/matrix-")),
            byDefault.output);
        assertTrue(lines[1].endsWith(".json"), byDefault.output);

        final Outcome command = run(bundle.resolve("run"), List.of("compare", "a b"), bin.toString());
        assertEquals(0, command.code, command.output);
        assertEquals("compare a b", command.output.strip().split("\n")[1]);
    }

    private static Path copyScript(final Path dir) throws IOException
    {
        final Path scripts = Files.createDirectories(dir.resolve("tree/scripts"));
        final Path script = scripts.resolve("bundle");
        Files.copy(ROOT.resolve("scripts/bundle"), script);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** A jar whose io.dmsnap.cli.Dmsnap prints java.home, then its arguments joined by blanks. */
    private static void writeStandInJar(final Path dir, final Path jar) throws IOException
    {
        final Path src = Files.createDirectories(dir.resolve("src/io/dmsnap/cli"));
        Files.writeString(src.resolve("Dmsnap.java"), String.join("\n",
            "package io.dmsnap.cli;",
            "public final class Dmsnap {",
            "    public static void main(final String[] args) {",
            "        System.out.println(System.getProperty(\"java.home\"));",
            "        System.out.println(String.join(\" \", args));",
            "    }",
            "}", ""));
        final Path classes = Files.createDirectories(dir.resolve("classes"));
        final int javac = ToolProvider.getSystemJavaCompiler().run(null, null, null,
            "--release", "17", "-d", classes.toString(), src.resolve("Dmsnap.java").toString());
        assertEquals(0, javac);
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out))
        {
            jos.putNextEntry(new JarEntry("io/dmsnap/cli/Dmsnap.class"));
            jos.write(Files.readAllBytes(classes.resolve("io/dmsnap/cli/Dmsnap.class")));
            jos.closeEntry();
        }
    }

    private static Path which(final String tool)
    {
        for (final String d : System.getenv("PATH").split(":"))
        {
            final Path p = Path.of(d, tool);
            if (Files.isExecutable(p))
            {
                return p;
            }
        }
        return null;
    }

    private record Outcome(int code, String output)
    {
    }

    private static Outcome run(final Path program, final List<String> args, final String path) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(args);
        final ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (path != null)
        {
            pb.environment().clear();
            pb.environment().put("PATH", path);
        }
        final Process p = pb.start();
        final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(280, TimeUnit.SECONDS), () -> program + " did not finish");
        return new Outcome(p.exitValue(), output);
    }
}
