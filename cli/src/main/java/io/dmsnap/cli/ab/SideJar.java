package io.dmsnap.cli.ab;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The benchmarks jar one side runs, and where it came from.
 *
 * @param jar      the JMH uber-jar
 * @param commit   the full commit it was built from; empty for a jar given with {@code --jar-a}/{@code --jar-b}
 * @param revision the revision as the user wrote it ({@code HEAD~1}); empty for a given jar
 */
record SideJar(Path jar, Optional<String> commit, Optional<String> revision)
{
    /** {@code 1a2b3c4 (HEAD~1)}, {@code 1a2b3c4} when the revision is a hash of it, or the jar's path. */
    String describe()
    {
        return commit.map(c -> shortCommit() + revision.filter(r -> !c.startsWith(r)).map(r -> " (" + r + ")").orElse(""))
            .orElse(jar.toString());
    }

    /** The first 7 characters of the commit, or {@code jar}. */
    String shortCommit()
    {
        return commit.map(c -> c.substring(0, Math.min(7, c.length()))).orElse("jar");
    }
}
