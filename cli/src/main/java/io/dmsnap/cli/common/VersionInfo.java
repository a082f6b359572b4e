package io.dmsnap.cli.common;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The one-line identity of this build and the JVM it runs on, for {@code --version} and for the
 * metadata of result files:
 * {@code dmsnap <version> (git <commit>), Java <runtime version> <vm vendor>, <os name> <os version> <arch>}.
 *
 * <p>The project version comes from a resource that Maven filters at build time. The git commit
 * comes from the system property {@value #GIT_COMMIT_PROPERTY} (set by scripts/dmsnap at run
 * time, so it is right even when the jar was built from an older commit with identical sources),
 * else from the resource (when the build was given {@code -Ddmsnap.gitCommit=...}), else
 * {@value #UNKNOWN}.
 */
public final class VersionInfo implements IVersionProvider
{
    /** System property that names the commit the running code was built from. */
    public static final String GIT_COMMIT_PROPERTY = "dmsnap.gitCommit";
    static final String UNKNOWN = "unknown";
    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion()
    {
        return new String[] {line()};
    }

    /** The full identity line. */
    public static String line()
    {
        return "dmsnap " + projectVersion() + " (git " + gitCommit() + "), Java "
            + System.getProperty("java.runtime.version", Runtime.version().toString()) + ' '
            + System.getProperty("java.vm.vendor", UNKNOWN) + ", " + System.getProperty("os.name", UNKNOWN) + ' '
            + System.getProperty("os.version", "") + ' ' + System.getProperty("os.arch", "");
    }

    /** The Maven project version this code was built as, or {@value #UNKNOWN} when run unfiltered. */
    public static String projectVersion()
    {
        return filtered(resource().getProperty("version"));
    }

    /** The short git commit, or {@value #UNKNOWN}. */
    public static String gitCommit()
    {
        final String fromRuntime = System.getProperty(GIT_COMMIT_PROPERTY);
        if (fromRuntime != null && !fromRuntime.isBlank())
        {
            return fromRuntime.trim();
        }
        return filtered(resource().getProperty("gitCommit"));
    }

    /** A value that Maven did not substitute still reads "${...}": report it as unknown rather than raw. */
    private static String filtered(final String value)
    {
        if (value == null || value.isBlank() || value.contains("${"))
        {
            return UNKNOWN;
        }
        return value.trim();
    }

    private static Properties resource()
    {
        final Properties properties = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream(RESOURCE))
        {
            if (in != null)
            {
                properties.load(in);
            }
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot read the version resource " + RESOURCE, e);
        }
        return properties;
    }
}
