package io.dmsnap.cli.result;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class EnvironmentCaptureTest
{
    @Test
    void theCpuModelIsTheFirstModelNameOfCpuinfo(@TempDir final Path dir) throws IOException
    {
        final Path x86 = dir.resolve("cpuinfo-x86");
        Files.writeString(x86, String.join("\n", "processor\t: 0", "vendor_id\t: GenuineIntel",
            "model name\t: Intel(R) Xeon(R)  CPU @ 2.20GHz", "", "processor\t: 1",
            "model name\t: Intel(R) Xeon(R)  CPU @ 2.20GHz", ""));
        assertEquals(Optional.of("Intel(R) Xeon(R) CPU @ 2.20GHz"), EnvironmentCapture.cpuModel(x86));
        final Path arm = dir.resolve("cpuinfo-arm");
        Files.writeString(arm, "Processor\t: ARMv7 Processor rev 4 (v7l)\nprocessor\t: 0\nBogoMIPS\t: 38.40\n");
        assertEquals(Optional.of("ARMv7 Processor rev 4 (v7l)"), EnvironmentCapture.cpuModel(arm));
        final Path none = dir.resolve("cpuinfo-none");
        Files.writeString(none, "processor\t: 0\nBogoMIPS\t: 38.40\n");
        assertEquals(Optional.empty(), EnvironmentCapture.cpuModel(none), "no model line: unknown, not a guess");
        assertEquals(Optional.empty(), EnvironmentCapture.cpuModel(dir.resolve("missing")));
        assertEquals(Optional.empty(), EnvironmentCapture.firstLine(dir.resolve("missing")));
    }

    @Test
    void gitGivesTheCommitAndWhetherTheTreeIsDirty(@TempDir final Path dir) throws Exception
    {
        git(dir, "init", "-q");
        Files.writeString(dir.resolve("a.txt"), "one\n");
        git(dir, "add", "a.txt");
        git(dir, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "one");
        final String head = git(dir, "rev-parse", "HEAD").trim();
        assertEquals(new EnvironmentCapture.GitState(Optional.of(head), Optional.of(false)), EnvironmentCapture.git(dir));
        Files.writeString(dir.resolve("a.txt"), "two\n");
        assertEquals(new EnvironmentCapture.GitState(Optional.of(head), Optional.of(true)), EnvironmentCapture.git(dir));
        final Path notARepository = Files.createDirectory(dir.getParent().resolve(dir.getFileName() + "-plain"));
        try
        {
            assertEquals(EnvironmentCapture.GitState.UNKNOWN, EnvironmentCapture.git(notARepository));
        }
        finally
        {
            Files.delete(notARepository);
        }
    }

    @Test
    void captureRecordsThisJvmAndMachine()
    {
        final Instant start = Instant.parse("2026-11-21T10:02:03Z");
        final Environment env = EnvironmentCapture.capture(start);
        assertEquals(Optional.of(start), env.startTime());
        assertEquals(Optional.of(Runtime.getRuntime().availableProcessors()), env.cores());
        assertEquals(Optional.of(System.getProperty("java.vm.name")), env.jvmName());
        assertEquals(Optional.of(System.getProperty("os.arch")), env.osArch());
        assertEquals(Optional.of(ManagementFactory.getRuntimeMXBean().getInputArguments()), env.jvmArgs());
        assertTrue(env.tool().orElseThrow().startsWith("dmsnap "), env::toString);
        if (Files.isReadable(Path.of("/proc/sys/kernel/osrelease")))
        {
            assertEquals(EnvironmentCapture.firstLine(Path.of("/proc/sys/kernel/osrelease")), env.kernel());
        }
        // The commit of the checkout the tests run in (surefire runs in the module's directory), as git says.
        final EnvironmentCapture.GitState checkout = EnvironmentCapture.git(Path.of("..").toAbsolutePath().normalize());
        assertEquals(checkout.commit(), env.gitCommit());
        assertEquals(checkout.dirty(), env.gitDirty());
        assertTrue(env.engine().isEmpty() && env.jmh().isEmpty(), "the command adds those");
    }

    private static String git(final Path dir, final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "git hung");
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
