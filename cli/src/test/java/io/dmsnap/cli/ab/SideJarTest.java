package io.dmsnap.cli.ab;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

final class SideJarTest
{
    private static final String COMMIT = "5f32cbb7a4d594880159bf4533ae388cedd53c49";

    @Test
    void aSideIsNamedByItsCommitAndTheRevisionAsWritten()
    {
        final Path jar = Path.of("jars", COMMIT, "benchmarks.jar");
        assertEquals("5f32cbb (HEAD~1)", new SideJar(jar, Optional.of(COMMIT), Optional.of("HEAD~1")).describe());
        assertEquals("5f32cbb", new SideJar(jar, Optional.of(COMMIT), Optional.of("5f32cbb7")).describe(),
            "a hash is not repeated");
        assertEquals(jar.toString(), new SideJar(jar, Optional.empty(), Optional.empty()).describe());
        assertEquals("jar", new SideJar(jar, Optional.empty(), Optional.empty()).shortCommit());
    }
}
