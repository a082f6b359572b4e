package io.dmsnap.cli.ab;

import io.dmsnap.cli.result.Environment;
import io.dmsnap.cli.result.Measurement;
import io.dmsnap.cli.result.Replicate;
import io.dmsnap.cli.result.ResultFileException;
import io.dmsnap.cli.result.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A side's JMH files merged into rows with one replicate per fork round. */
final class SideResultTest
{
    /** A real JMH -rf json file of two forks (ThrottleBench, thrpt, -prof gc). */
    private static Path fixture(final Path dir, final String name) throws Exception
    {
        try (InputStream in = SideResultTest.class.getResourceAsStream("/io/dmsnap/cli/result/jmh-thrpt-gc.json"))
        {
            final Path file = dir.resolve(name);
            Files.copy(in, file);
            return file;
        }
    }

    @Test
    void rowsGetOneReplicatePerRoundAndTheSideSCommit(@TempDir final Path dir) throws Exception
    {
        final List<SideResult.Fork> forks = List.of(
            new SideResult.Fork(0, 0, fixture(dir, "fork01-run01.json"), 3.0),
            new SideResult.Fork(1, 0, fixture(dir, "fork02-run01.json"), 3.5));
        final Environment machine = Environment.builder().gitCommit("5f32cbb7a4d594880159bf4533ae388cedd53c49")
            .gitDirty(false).cores(2).build();
        final ResultSet side = SideResult.merge(dir.resolve("a.json"), forks, 2, machine);
        for (final Measurement m : side.measurements())
        {
            // The fixture holds two JMH forks itself: each keeps its label behind the round's.
            assertEquals(List.of("fork 1: fork 1", "fork 1: fork 2", "fork 2: fork 1", "fork 2: fork 2"),
                m.replicates().stream().map(Replicate::label).toList(), m.key().id());
        }
        assertTrue(side.measurements().size() > 1, "score and the profiler's rows");
        assertEquals("5f32cbb7a4d594880159bf4533ae388cedd53c49", side.environment().gitCommit().orElseThrow());
        assertEquals(Boolean.FALSE, side.environment().gitDirty().orElseThrow());
        assertEquals(List.of(2), side.environment().jmh().orElseThrow().forks(), "the rounds are the forks");
        assertEquals(List.of("thrpt"), side.environment().jmh().orElseThrow().modes());
    }

    @Test
    void aProcessFileThatIsNotJmhJsonIsRefusedNamingIt(@TempDir final Path dir) throws Exception
    {
        final Path broken = Files.writeString(dir.resolve("fork01-run01.json"), "[");
        final ResultFileException e = assertThrows(ResultFileException.class, () -> SideResult.merge(dir.resolve("a.json"),
            List.of(new SideResult.Fork(0, 0, broken, 1.0)), 1, Environment.UNKNOWN));
        assertEquals(broken, e.file());
    }
}
