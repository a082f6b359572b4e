package io.dmsnap.cli.ab;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

final class ForkRunnerTest
{
    @Test
    void theLauncherGetsTheHostFlagsButNotTheCheckoutsCommitOrADebugger()
    {
        assertEquals(List.of("-XX:+IgnoreUnrecognizedVMOptions", "--sun-misc-unsafe-memory-access=allow", "-Xmx4g"),
            ForkRunner.launcherFlags(List.of("-XX:+IgnoreUnrecognizedVMOptions", "--sun-misc-unsafe-memory-access=allow",
                "-Xmx4g", "-Ddmsnap.gitCommit=1a2b3c4", "-agentlib:jdwp=transport=dt_socket,address=5005",
                "-javaagent:/opt/agent.jar")));
    }

    @Test
    void aProcessIsJavaFlagsJarAndJmhWords()
    {
        final ForkRunner runner = new ForkRunner(Path.of("/jdk/bin/java"), List.of("-Xmx1g"), new RunGuard());
        assertEquals(List.of("/jdk/bin/java", "-Xmx1g", "-jar", "/cache/benchmarks.jar", "X", "-f", "1"),
            runner.command(Path.of("/cache/benchmarks.jar"), List.of("X", "-f", "1")));
    }
}
