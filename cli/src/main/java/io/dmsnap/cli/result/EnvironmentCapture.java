package io.dmsnap.cli.result;

import io.dmsnap.cli.common.VersionInfo;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The environment of a run in this JVM on this machine, for the result files the commands write.
 *
 * <ul>
 *   <li>git commit and dirty flag: {@code git rev-parse HEAD} and {@code git status --porcelain}
 *       in the dmsnap checkout the code runs from (the directory holding {@code scripts/dmsnap},
 *       found from the code's location, else from the working directory); without git or a
 *       checkout, the commit {@code scripts/dmsnap} passes as {@code -Ddmsnap.gitCommit} and an
 *       unknown dirty flag; else both unknown;</li>
 *   <li>CPU model from {@code /proc/cpuinfo}, kernel release from {@code /proc/sys/kernel/osrelease},
 *       host name from {@code /proc/sys/kernel/hostname} (else {@code $HOSTNAME}): unknown where
 *       these do not exist;</li>
 *   <li>JDK vendor, version and VM name, OS name, version and architecture from the system
 *       properties, JVM arguments from the runtime MX bean, cores from
 *       {@link Runtime#availableProcessors()}.</li>
 * </ul>
 * No name lookup over the network (a misconfigured resolver must not stall a run).
 */
public final class EnvironmentCapture
{
    private static final long GIT_TIMEOUT_SECONDS = 10;

    /** What git said about a checkout. */
    record GitState(Optional<String> commit, Optional<Boolean> dirty)
    {
        static final GitState UNKNOWN = new GitState(Optional.empty(), Optional.empty());
    }

    private EnvironmentCapture()
    {
    }

    /** This JVM and machine, with the run's start time. */
    public static Environment capture(final Instant start)
    {
        final Path proc = Path.of("/proc");
        final Optional<Path> checkout = ResultPaths.checkout(ResultPaths.codeLocation(), Path.of("").toAbsolutePath());
        GitState git = checkout.map(EnvironmentCapture::git).orElse(GitState.UNKNOWN);
        if (git.commit().isEmpty())
        {
            final String fromScript = VersionInfo.gitCommit();
            git = new GitState(fromScript.equals("unknown") ? Optional.empty() : Optional.of(fromScript), Optional.empty());
        }
        return Environment.builder()
            .startTime(start)
            .gitCommit(git.commit().orElse(null))
            .gitDirty(git.dirty().orElse(null))
            .jdkVendor(System.getProperty("java.vm.vendor"))
            .jdkVersion(System.getProperty("java.runtime.version", Runtime.version().toString()))
            .jvmName(System.getProperty("java.vm.name"))
            .jvmArgs(ManagementFactory.getRuntimeMXBean().getInputArguments())
            .cpuModel(cpuModel(proc.resolve("cpuinfo")).orElse(null))
            .cores(Runtime.getRuntime().availableProcessors())
            .osName(System.getProperty("os.name"))
            .osVersion(System.getProperty("os.version"))
            .osArch(System.getProperty("os.arch"))
            .kernel(firstLine(proc.resolve("sys/kernel/osrelease")).orElse(null))
            .host(firstLine(proc.resolve("sys/kernel/hostname")).orElse(System.getenv("HOSTNAME")))
            .tool("dmsnap " + VersionInfo.projectVersion())
            .build();
    }

    /**
     * The processor's model from a {@code /proc/cpuinfo}: the first {@code model name} line (x86,
     * most others), else {@code Processor} or {@code cpu model} (older ARM and MIPS kernels).
     */
    static Optional<String> cpuModel(final Path cpuinfo)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(cpuinfo, StandardCharsets.UTF_8);
        }
        catch (final IOException e)
        {
            return Optional.empty();   // not Linux, or /proc not mounted: the model stays unknown
        }
        for (final String key : new String[] {"model name", "Processor", "cpu model"})
        {
            for (final String line : lines)
            {
                final int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key))
                {
                    final String value = line.substring(colon + 1).trim().replaceAll("\\s+", " ");
                    if (!value.isEmpty())
                    {
                        return Optional.of(value);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The first line of a small file, trimmed; empty when it cannot be read or is blank. */
    static Optional<String> firstLine(final Path file)
    {
        try
        {
            final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty() || lines.get(0).isBlank() ? Optional.empty() : Optional.of(lines.get(0).trim());
        }
        catch (final IOException e)
        {
            return Optional.empty();   // absent on this system: unknown
        }
    }

    /** Commit and dirty flag of the git work tree at {@code dir}; unknown when git is missing or fails. */
    static GitState git(final Path dir)
    {
        final Optional<String> head = run(dir, "rev-parse", "HEAD");
        if (head.isEmpty() || !head.get().trim().matches("[0-9a-f]{7,64}"))
        {
            return GitState.UNKNOWN;
        }
        final Optional<String> status = run(dir, "status", "--porcelain");
        return new GitState(Optional.of(head.get().trim()), status.map(s -> !s.isBlank()));
    }

    /** The output of {@code git -C dir args...} when it exits 0 within the time limit; else empty. */
    private static Optional<String> run(final Path dir, final String... args)
    {
        final String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = dir.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        File out = null;
        try
        {
            // Output to a file, not a pipe: a long status listing cannot fill a pipe and block git.
            out = File.createTempFile("dmsnap-git", ".out");
            final Process git = new ProcessBuilder(command).redirectOutput(out)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!git.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                git.destroyForcibly();
                return Optional.empty();
            }
            return git.exitValue() == 0 ? Optional.of(Files.readString(out.toPath(), StandardCharsets.UTF_8))
                : Optional.empty();
        }
        catch (final IOException e)
        {
            return Optional.empty();   // no git on this machine
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        finally
        {
            if (out != null && !out.delete())
            {
                out.deleteOnExit();
            }
        }
    }
}
