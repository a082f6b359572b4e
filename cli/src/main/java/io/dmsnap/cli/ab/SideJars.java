package io.dmsnap.cli.ab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the two sides' jars come from: two given jars, or two revisions of a repository, each
 * either found in the {@link JarCache} or to be built ({@link RevisionBuild}). Resolving is quick
 * (git rev-parse) and happens before anything is planned; the builds are planned as progress
 * tasks, so the first ETA already counts them. A revision named twice (an A/A run) is built once.
 * Used by one thread.
 */
final class SideJars
{
    private final Map<Side, SideJar> known = new EnumMap<>(Side.class);
    /** Commit to the sides that need it built, in side order. */
    private final Map<String, List<Side>> toBuild = new LinkedHashMap<>();
    private final Map<String, Integer> buildTasks = new LinkedHashMap<>();
    private final Map<Side, Resolved> revisions = new EnumMap<>(Side.class);

    /** A revision as written and the commit git resolved it to. */
    private record Resolved(String revision, String commit)
    {
    }

    private SideJars()
    {
    }

    /**
     * Two built jars.
     *
     * @throws IllegalArgumentException naming the option of a jar that is not a readable file
     */
    static SideJars given(final Path a, final Path b)
    {
        final SideJars jars = new SideJars();
        jars.known.put(Side.A, new SideJar(checkJar("--jar-a", a), Optional.empty(), Optional.empty()));
        jars.known.put(Side.B, new SideJar(checkJar("--jar-b", b), Optional.empty(), Optional.empty()));
        return jars;
    }

    /**
     * Two revisions: resolved now, each found in the cache unless {@code rebuild}.
     *
     * @throws IllegalArgumentException naming a revision that is not a commit of the repository
     */
    static SideJars revisions(final GitRepository repository, final String a, final String b, final JarCache cache,
                              final boolean rebuild)
    {
        final SideJars jars = new SideJars();
        final Map<Side, String> names = Map.of(Side.A, a, Side.B, b);
        for (final Side side : Side.values())
        {
            final String revision = names.get(side);
            final String commit = repository.resolve(revision, "REV_" + side.name());
            jars.revisions.put(side, new Resolved(revision, commit));
            final Optional<Path> cached = rebuild ? Optional.empty() : cache.cached(commit);
            if (cached.isPresent())
            {
                jars.known.put(side, new SideJar(cached.get(), Optional.of(commit), Optional.of(revision)));
            }
            else
            {
                jars.toBuild.computeIfAbsent(commit, c -> new ArrayList<>()).add(side);
            }
        }
        return jars;
    }

    private static Path checkJar(final String option, final Path jar)
    {
        if (!Files.isRegularFile(jar) || !Files.isReadable(jar))
        {
            throw new IllegalArgumentException(option + " " + jar + ": no such readable file; give a benchmarks.jar "
                + "(mvn -B -q -DskipTests -pl bench -am package builds bench/target/benchmarks.jar)");
        }
        return jar;
    }

    /** Whether both sides run one commit. */
    boolean sameCommit()
    {
        return revisions.size() == 2 && revisions.get(Side.A).commit().equals(revisions.get(Side.B).commit());
    }

    /** How a side is described before its jar is known: {@code 1a2b3c4 (HEAD~1)} or the jar. */
    String describe(final Side side)
    {
        if (known.containsKey(side))
        {
            return known.get(side).describe();
        }
        final Resolved r = revisions.get(side);
        return new SideJar(Path.of(""), Optional.of(r.commit()), Optional.of(r.revision())).describe();
    }

    /** Where each side's jar comes from, one line each. */
    List<String> origins(final JarCache cache)
    {
        final List<String> lines = new ArrayList<>();
        for (final Side side : Side.values())
        {
            if (known.containsKey(side))
            {
                lines.add("jar of " + side + ": " + known.get(side).jar()
                    + (known.get(side).commit().isPresent() ? " (cached)" : ""));
            }
            else
            {
                lines.add("jar of " + side + ": to build in a worktree under " + cache.dir().resolve("worktrees"));
            }
        }
        return lines;
    }

    /** Plans a progress task per commit to build. */
    void planBuilds(final AbProgress progress, final double estimatedSeconds)
    {
        for (final Map.Entry<String, List<Side>> e : toBuild.entrySet())
        {
            final String sides = String.join(" and ", e.getValue().stream().map(Side::name).toList());
            buildTasks.put(e.getKey(), progress.add(AbProgress.Kind.BUILD, "build " + sides + " "
                + e.getKey().substring(0, 7), estimatedSeconds));
        }
    }

    /**
     * Builds what is not cached and returns both sides' jars.
     *
     * @param builder builds a commit; unused, and may be null, when both jars are known (given or cached)
     * @throws AbFailure (build failed) when a build fails
     */
    Map<Side, SideJar> build(final RevisionBuild builder, final AbProgress progress)
    {
        for (final Map.Entry<String, List<Side>> e : toBuild.entrySet())
        {
            final String commit = e.getKey();
            final Side first = e.getValue().get(0);
            final Path jar = builder.build(commit, first + " " + describe(first), progress, buildTasks.get(commit));
            for (final Side side : e.getValue())
            {
                known.put(side, new SideJar(jar, Optional.of(commit), Optional.of(revisions.get(side).revision())));
            }
        }
        return new EnumMap<>(known);
    }
}
