package io.dmsnap.cli.report;

import io.dmsnap.cli.result.EngineSetup;
import io.dmsnap.cli.result.Environment;
import io.dmsnap.cli.result.JmhSettings;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A result's environment as named values for a page: the code, the JVM, the machine, the engine
 * and JMH's settings. What the source did not record says so ("not recorded") for the fields a
 * reader of a report asks about first (commit, start, JDK, CPU, cores, OS); the others are left
 * out when unknown. Stateless.
 */
public final class EnvironmentFields
{
    static final String NOT_RECORDED = "not recorded";

    private EnvironmentFields()
    {
    }

    /** The fields of {@code environment}, in the order a page lists them. */
    public static List<Map.Entry<String, String>> of(final Environment environment)
    {
        final List<Map.Entry<String, String>> fields = new ArrayList<>();
        fields.add(field("commit", commit(environment)));
        fields.add(field("started", environment.startTime().map(Object::toString).orElse(NOT_RECORDED)));
        fields.add(field("JDK", join(environment.jdkVendor(), environment.jdkVersion(),
            environment.jvmName().map(n -> "(" + n + ")"))));
        environment.jvmArgs().ifPresent(a -> fields.add(field("JVM arguments", a.isEmpty() ? "none" : String.join(" ", a))));
        fields.add(field("CPU", environment.cpuModel().orElse(NOT_RECORDED)));
        fields.add(field("cores", environment.cores().map(String::valueOf).orElse(NOT_RECORDED)));
        fields.add(field("OS", join(environment.osName(), environment.osVersion(), environment.osArch())));
        environment.kernel().ifPresent(k -> fields.add(field("kernel", k)));
        environment.host().ifPresent(h -> fields.add(field("host", h)));
        environment.tool().ifPresent(t -> fields.add(field("written by", t)));
        environment.engine().ifPresent(e -> fields.add(field("engine", engine(e))));
        environment.jmh().ifPresent(j -> fields.add(field("JMH", jmh(j))));
        return fields;
    }

    /** {@code abc1234..., dirty: the working tree had changes}; {@code not recorded}. */
    public static String commit(final Environment environment)
    {
        if (environment.gitCommit().isEmpty())
        {
            return NOT_RECORDED;
        }
        final String commit = environment.gitCommit().get();
        return environment.gitDirty().map(dirty -> dirty
                ? commit + " (dirty: the working tree had uncommitted changes)" : commit + " (clean)")
            .orElse(commit);
    }

    public static Map.Entry<String, String> field(final String name, final String value)
    {
        return new AbstractMap.SimpleImmutableEntry<>(name, value);
    }

    private static String engine(final EngineSetup engine)
    {
        return "preset " + engine.preset() + (engine.switches().isEmpty() ? "" : "; " + engine.switches().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
    }

    private static String jmh(final JmhSettings jmh)
    {
        final List<String> parts = new ArrayList<>();
        jmh.jmhVersion().ifPresent(v -> parts.add("version " + v));
        parts.add("modes " + list(jmh.modes()));
        parts.add("threads " + list(jmh.threads()));
        parts.add("forks " + list(jmh.forks()));
        parts.add("warm-up " + list(jmh.warmup()));
        parts.add("measurement " + list(jmh.measurement()));
        return String.join("; ", parts);
    }

    private static String list(final List<?> values)
    {
        return values.isEmpty() ? "-" : values.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    @SafeVarargs
    private static String join(final Optional<String>... parts)
    {
        final List<String> known = new ArrayList<>();
        for (final Optional<String> p : parts)
        {
            p.ifPresent(known::add);
        }
        return known.isEmpty() ? NOT_RECORDED : String.join(" ", known);
    }
}
