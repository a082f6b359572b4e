package io.dmsnap.cli.compare;

import io.dmsnap.cli.result.Environment;
import io.dmsnap.cli.result.JmhSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares the environments of two results before any statistics: a change of machine, JDK or JMH
 * settings moves the numbers by more than most regressions, so a comparison across one says
 * nothing about the code.
 *
 * <p>Checked (a difference refuses the comparison unless it is allowed): CPU model and core count,
 * JDK vendor, version and VM, architecture, JMH version and the warm-up and measurement
 * iterations. Noted (printed and recorded, never refused): JMH forks (they change the number of
 * values, which the statistics account for), JVM arguments (without {@code -Ddmsnap.gitCommit=},
 * which names the commit and differs between any two builds), the OS name and version, the
 * kernel (a nightly host's kernel updates must not stop its comparisons, but a shift that comes
 * with one should be visible), the host name (CI pools run identical machines under many names)
 * and the tool that wrote the file. Not compared: the git commit and the engine configuration
 * (what a comparison is about) and the start time. A field known on one side only is not a
 * difference; it is reported as unknown.
 */
final class EnvironmentCheck
{
    private record Field(String name, boolean checked, Function<Environment, Optional<String>> value)
    {
    }

    private static final String COMMIT_PROPERTY = "-Ddmsnap.gitCommit=";

    private static final List<Field> FIELDS = List.of(
        new Field("cpu.model", true, Environment::cpuModel),
        new Field("cpu.cores", true, e -> e.cores().map(String::valueOf)),
        new Field("jdk.vendor", true, Environment::jdkVendor),
        new Field("jdk.version", true, Environment::jdkVersion),
        new Field("jdk.vm", true, Environment::jvmName),
        new Field("os.arch", true, Environment::osArch),
        new Field("jmh.version", true, e -> e.jmh().flatMap(JmhSettings::jmhVersion)),
        new Field("jmh.warmup", true, e -> e.jmh().map(j -> join(j.warmup()))),
        new Field("jmh.measurement", true, e -> e.jmh().map(j -> join(j.measurement()))),
        new Field("jmh.forks", false, e -> e.jmh().map(j -> join(j.forks()))),
        new Field("jdk.jvmArgs", false, e -> e.jvmArgs().map(EnvironmentCheck::jvmArgs)),
        new Field("os.name", false, Environment::osName),
        new Field("os.version", false, Environment::osVersion),
        new Field("os.kernel", false, Environment::kernel),
        new Field("host", false, Environment::host),
        new Field("tool", false, Environment::tool));

    private EnvironmentCheck()
    {
    }

    /** Every field of both environments, in the order above. */
    static List<EnvironmentLine> compare(final Environment base, final Environment candidate)
    {
        final List<EnvironmentLine> lines = new ArrayList<>();
        for (final Field f : FIELDS)
        {
            final String b = f.value.apply(base).orElse(null);
            final String c = f.value.apply(candidate).orElse(null);
            final String status = b == null || c == null ? EnvironmentLine.UNKNOWN
                : b.equals(c) ? EnvironmentLine.SAME : EnvironmentLine.DIFFERS;
            lines.add(new EnvironmentLine(f.name, b, c, f.checked, status));
        }
        return lines;
    }

    /**
     * Refuses checked differences unless {@code allowed}.
     *
     * @param what what is compared, for the message ("base a.json and candidate b.json")
     * @param left  the first side's name in the message ("base", "first")
     * @param right the second side's name
     * @throws IllegalArgumentException naming every checked field that differs
     */
    static void refuseDifferences(final List<EnvironmentLine> lines, final boolean allowed, final String what,
                                  final String left, final String right)
    {
        if (allowed)
        {
            return;
        }
        final List<String> refused = new ArrayList<>();
        for (final EnvironmentLine l : lines)
        {
            if (l.checked() && l.differs())
            {
                refused.add(l.describe(left, right));
            }
        }
        if (!refused.isEmpty())
        {
            throw new IllegalArgumentException("the environments of " + what + " differ: " + String.join("; ", refused)
                + ". Numbers from different machines, JDKs or JMH settings do not measure the code; run both on one"
                + " setup, or pass --allow-env-mismatch to compare anyway (the mismatch is recorded in the output)");
        }
    }

    private static String jvmArgs(final List<String> args)
    {
        return args.stream().filter(a -> !a.startsWith(COMMIT_PROPERTY)).collect(Collectors.joining(" "));
    }

    private static String join(final List<?> values)
    {
        return values.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
