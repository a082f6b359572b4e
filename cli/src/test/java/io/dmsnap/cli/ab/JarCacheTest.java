package io.dmsnap.cli.ab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class JarCacheTest
{
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void theDefaultPlaceIsTheUserCacheDirectory()
    {
        assertEquals(Path.of("/var/cache/me", "dmsnap", "ab"), JarCache.defaultDir(Map.of("XDG_CACHE_HOME", "/var/cache/me")));
        assertEquals(Path.of(System.getProperty("user.home"), ".cache", "dmsnap", "ab"), JarCache.defaultDir(Map.of()));
        assertEquals(Path.of(System.getProperty("user.home"), ".cache", "dmsnap", "ab"),
            JarCache.defaultDir(Map.of("XDG_CACHE_HOME", "relative/path")), "XDG wants an absolute path");
    }

    @Test
    void aJarIsKeyedByItsFullCommitAndStoredWhole(@TempDir final Path dir) throws Exception
    {
        final JarCache cache = new JarCache(dir);
        assertTrue(cache.cached(COMMIT).isEmpty());
        assertEquals(JarCache.FIRST_BUILD_SECONDS, cache.estimatedBuildSeconds());
        final Path built = Files.writeString(dir.resolve("built.jar"), "jar bytes");
        final Path stored = cache.store(COMMIT, built, 42.5);
        assertEquals(dir.resolve("jars").resolve(COMMIT).resolve("benchmarks.jar"), stored);
        assertEquals("jar bytes", Files.readString(stored));
        assertEquals(stored, cache.cached(COMMIT).orElseThrow());
        assertEquals(42.5, cache.estimatedBuildSeconds(), 1e-9);
        try (var entries = Files.list(stored.getParent()))
        {
            assertFalse(entries.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
        assertTrue(cache.worktree(COMMIT).startsWith(dir.resolve("worktrees")));
        assertTrue(cache.worktree(COMMIT).getFileName().toString().startsWith(COMMIT.substring(0, 12) + "-"));
    }

    @Test
    void theNextBuildIsEstimatedFromTheNewestRecord(@TempDir final Path dir) throws Exception
    {
        final JarCache cache = new JarCache(dir);
        final Path built = Files.writeString(dir.resolve("built.jar"), "jar");
        cache.store(COMMIT, built, 300);
        final String other = COMMIT.replace('0', 'f');
        cache.store(other, built, 60);
        Files.setLastModifiedTime(dir.resolve("jars").resolve(COMMIT).resolve("build-seconds"), FileTime.fromMillis(1000));
        assertEquals(60, cache.estimatedBuildSeconds(), 1e-9);
        Files.writeString(dir.resolve("jars").resolve(other).resolve("build-seconds"), "garbage", StandardCharsets.UTF_8);
        assertEquals(JarCache.FIRST_BUILD_SECONDS, cache.estimatedBuildSeconds(), 1e-9,
            "an unreadable record costs only the estimate");
    }
}
