package io.dmsnap.cli.ab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Temporary git repositories and stand-in Maven executables for the build tests. The stand-ins are
 * shell scripts: one that does what the real build's last step does (a bench/target/benchmarks.jar
 * in the worktree, here a copy of the real one) and counts its calls, one that fails as a broken
 * build does, one that succeeds without a jar.
 */
final class GitFixture
{
    /** The real JMH jar of this build: the reactor packages bench before cli's tests run. */
    static final Path REAL_JAR = Path.of("..", "bench", "target", "benchmarks.jar").toAbsolutePath().normalize();

    private GitFixture()
    {
    }

    /** A repository with {@code commits} commits (a file changed in each), tagged {@code first} at the first. */
    static Path repository(final Path dir, final int commits) throws Exception
    {
        Files.createDirectories(dir);
        git(dir, "init", "-q");
        git(dir, "config", "user.email", "ab-test@example.invalid");
        git(dir, "config", "user.name", "ab test");
        for (int i = 1; i <= commits; i++)
        {
            Files.writeString(dir.resolve("README.md"), "revision " + i + "\n");
            git(dir, "add", "README.md");
            git(dir, "commit", "-q", "-m", "revision " + i);
            if (i == 1)
            {
                git(dir, "tag", "first");
            }
        }
        return dir;
    }

    /** Runs git in {@code dir}, asserting that it succeeds; returns its output, trimmed. */
    static String git(final Path dir, final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), () -> command + ": " + out);
        return out;
    }

    /** A stand-in mvn that copies the real jar to bench/target/benchmarks.jar and appends its arguments to {@code calls}. */
    static Path buildingMvn(final Path dir, final Path calls) throws IOException
    {
        assertTrue(Files.isRegularFile(REAL_JAR), REAL_JAR + " is missing: build it with mvn -pl bench -am package "
            + "(mvn verify does before cli's tests)");
        return script(dir.resolve("mvn-ok"), "echo \"$PWD $*\" >> '" + calls + "'\n"
            + "mkdir -p bench/target && cp '" + REAL_JAR + "' bench/target/benchmarks.jar\n");
    }

    /** A stand-in mvn that fails like a compilation error. */
    static Path failingMvn(final Path dir) throws IOException
    {
        return script(dir.resolve("mvn"), "echo '[INFO] Scanning for projects...'\n"
            + "echo '[ERROR] COMPILATION ERROR : Snapshot.java:[12,5] cannot find symbol' >&2\n"
            + "echo '[ERROR] BUILD FAILURE'\nexit 1\n");
    }

    /** A stand-in mvn that succeeds but builds nothing. */
    static Path idleMvn(final Path dir) throws IOException
    {
        return script(dir.resolve("mvn-idle"), "exit 0\n");
    }

    private static Path script(final Path file, final String body) throws IOException
    {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + body, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
