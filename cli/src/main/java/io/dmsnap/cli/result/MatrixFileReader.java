package io.dmsnap.cli.result;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the older {@value #FORMAT} files of {@code dmsnap matrix}: the rows and replicates come
 * from the embedded JMH document ({@code jmh}, read by {@link JmhReader}), the environment from
 * the {@code dmsnap} block (commit, date, JDK, OS, CPU count) and JMH's own fields (JVM arguments
 * and settings of the forks). The {@code summary} is derived data and is not read. The format
 * recorded no kernel, CPU model, host or dirty flag: they stay unknown, as does a commit written
 * as {@code unknown}.
 */
final class MatrixFileReader
{
    static final String FORMAT = "dmsnap-matrix/1";

    private MatrixFileReader()
    {
    }

    static SourceContent read(final JsonCursor root)
    {
        final JsonCursor meta = root.get("dmsnap");
        final SourceContent jmh = JmhReader.read(root.get("jmh"));
        final Environment.Builder env = jmh.environment().toBuilder();
        final String commit = meta.get("gitCommit").string();
        env.gitCommit(commit.equals("unknown") ? null : commit);
        final JsonCursor date = meta.get("date");
        try
        {
            env.startTime(Instant.parse(date.string()));
        }
        catch (final DateTimeParseException e)
        {
            throw date.error("expected an ISO-8601 instant, found \"" + date.string() + "\"");
        }
        final JsonCursor jdk = meta.get("jdk");
        env.jdkVersion(known(jdk.get("version").string()));
        env.jdkVendor(known(jdk.get("vendor").string()));
        env.jvmName(known(jdk.get("vm").string()));
        final JsonCursor os = meta.get("os");
        env.osName(known(os.get("name").string()));
        env.osVersion(known(os.get("version").string()));
        env.osArch(known(os.get("arch").string()));
        env.cores(meta.get("cpus").intAtLeast(1));
        final Optional<JsonCursor> version = meta.optional("version");
        env.tool(version.map(v -> "dmsnap " + v.string()).orElse("dmsnap"));
        return new SourceContent(env.build(), jmh.measurements());
    }

    /** The format wrote {@code unknown} for what it did not know. */
    private static String known(final String value)
    {
        return value.equals("unknown") ? null : value;
    }
}
