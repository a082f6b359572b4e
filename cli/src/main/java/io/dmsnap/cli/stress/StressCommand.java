package io.dmsnap.cli.stress;

import io.dmsnap.cli.common.EngineOptions;
import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.stress.Scenario;
import io.dmsnap.stress.ScenarioRunner;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.scenarios.Scenarios;
import io.dmsnap.stress.soak.SoakOptions;
import io.dmsnap.stress.soak.SoakResult;
import io.dmsnap.stress.soak.SoakRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code dmsnap stress}: the historic-bug scenarios and the randomized soak.
 *
 * <ul>
 *   <li>{@code --list [--format text|markdown]}: every scenario with its ID, commits, title and
 *       negative control; {@code markdown} is the table docs/stress.md holds.</li>
 *   <li>{@code --scenario ID [--repeat K] [--seed N] [--brief]}: run one scenario (full size unless
 *       {@code --brief}) on the configuration {@code --preset/--set/--cow-threshold} select.</li>
 *   <li>{@code --all [--negative]}: every scenario briefly on the selected configuration, and with
 *       {@code --negative} every negative control, which must fail the way its scenario says.</li>
 *   <li>{@code --soak --duration 10m --seed N [--workers W]}: the randomized soak.</li>
 * </ul>
 *
 * <p>Lock order: scenario runs ({@code --scenario}, {@code --all}) switch the engine's lock-order
 * checker on ({@code -Ddmsnap.lockdep=true}, read once when the checker's class is first used, so
 * it is set here before the engine runs) unless the JVM was started with {@code -Ddmsnap.lockdep}
 * given explicitly; an inversion of two named locks then makes a run VIOLATED with both
 * acquisition stacks ({@code ScenarioRunner}). The soak runs without it (its hot loops would pay
 * the checker's bookkeeping on every lock).
 *
 * <p>Exit codes: 0 every oracle held (and every negative control failed as expected), 1 an oracle
 * was violated, a run hung, or a negative control did not catch its bug, 2 bad arguments.
 */
@Command(name = "stress",
    description = "Run the historic-bug scenarios (with their negative controls) or the randomized soak.")
public final class StressCommand implements Callable<Integer>
{
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");
    /** The engine's lock-order checker switch ({@code io.dmsnap.engine.concurrent.LockDep}). */
    static final String LOCKDEP_PROPERTY = "dmsnap.lockdep";

    @Spec
    private CommandSpec spec;

    @Mixin
    private EngineOptions engine;

    @Option(names = "--list", description = "List every scenario: ID, commits, what it checks, its negative control.")
    private boolean list;

    @Option(names = "--format", paramLabel = "FORMAT",
        description = "Format of --list: text (default) or markdown (the scenario table of docs/stress.md).")
    private String format;

    @Option(names = "--scenario", paramLabel = "ID", description = "Run one scenario (e.g. S04 or s4).")
    private String scenario;

    @Option(names = "--all", description = "Run every scenario briefly.")
    private boolean all;

    @Option(names = "--negative", description = "Run the negative controls instead: each must be VIOLATED or HUNG as its scenario says.")
    private boolean negative;

    @Option(names = "--soak", description = "Run the randomized soak.")
    private boolean soak;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "10m",
        description = "Soak duration: a number with ms, s, m or h (default: ${DEFAULT-VALUE}).")
    private String duration;

    @Option(names = "--workers", paramLabel = "W", defaultValue = "3", description = "Soak workers (default: ${DEFAULT-VALUE}).")
    private int workers;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--repeat", paramLabel = "K", defaultValue = "1", description = "Runs of --scenario, seeds N, N+1, ... (default: ${DEFAULT-VALUE}).")
    private int repeat;

    @Option(names = "--brief", description = "Run --scenario at the build's brief size instead of full size.")
    private boolean brief;

    @Option(names = "--wait-ms", paramLabel = "MS", defaultValue = "5000",
        description = "Bound of every wait inside a scenario; past it the run is HUNG (default: ${DEFAULT-VALUE}).")
    private long waitMillis;

    @Override
    public Integer call()
    {
        final int modes = (list ? 1 : 0) + (scenario != null ? 1 : 0) + (all ? 1 : 0) + (soak ? 1 : 0);
        if (modes != 1)
        {
            throw new IllegalArgumentException("give exactly one of --list, --scenario ID, --all, --soak");
        }
        if (repeat < 1 || workers < 1 || waitMillis < 1)
        {
            throw new IllegalArgumentException("--repeat, --workers and --wait-ms must be at least 1");
        }
        if (negative && !(all || scenario != null))
        {
            throw new IllegalArgumentException("--negative goes with --all or --scenario");
        }
        final boolean markdown = markdown(format);
        if (format != null && !list)
        {
            throw new IllegalArgumentException("--format goes with --list");
        }
        if (scenario != null || all)
        {
            switchOnLockOrderChecker();
        }
        final PrintWriter out = spec.commandLine().getOut();
        final EngineConfig config = engine.config();
        final int code;
        if (list)
        {
            out.print(markdown ? ScenarioListing.markdown(Scenarios.all()) : ScenarioListing.text(Scenarios.all()));
            code = ExitCodes.OK;
        }
        else if (soak)
        {
            code = soak(out, config);
        }
        else
        {
            final List<Scenario> chosen = all ? Scenarios.all() : List.of(Scenarios.byId(scenario));
            code = scenarios(out, chosen, config);
        }
        out.flush();
        return code;
    }

    /**
     * Scenario runs check the lock order unless {@code -Ddmsnap.lockdep} was given: the property must
     * be set before the engine's {@code LockDep} class is initialised, which nothing before this
     * point does in a {@code dmsnap stress} process.
     */
    private static void switchOnLockOrderChecker()
    {
        if (System.getProperty(LOCKDEP_PROPERTY) == null)
        {
            System.setProperty(LOCKDEP_PROPERTY, "true");
        }
    }

    /** Whether --list prints Markdown: {@code format} is null (not given), text or markdown. */
    static boolean markdown(final String format)
    {
        if (format == null)
        {
            return false;
        }
        return switch (format)
        {
            case "text" -> false;
            case "markdown" -> true;
            default -> throw new IllegalArgumentException("unknown --format '" + format + "'; choose text or markdown");
        };
    }

    private int scenarios(final PrintWriter out, final List<Scenario> chosen, final EngineConfig config)
    {
        final boolean full = !all && !brief;
        boolean ok = true;
        for (final Scenario s : chosen)
        {
            if (negative && s.buggy().isEmpty())
            {
                out.println(s.id() + " no negative control: " + s.noNegativeControlBecause());
                continue;
            }
            final EngineConfig runOn = negative ? s.buggy().get().applyTo(config) : config;
            final Verdict.Outcome want = negative ? s.buggyOutcome() : Verdict.Outcome.PASS;
            final int runs = all ? 1 : repeat;
            for (int i = 0; i < runs; i++)
            {
                final long t0 = System.nanoTime();
                final Verdict v = ScenarioRunner.run(s, runOn, seed + i, waitMillis, Math.max(600_000, waitMillis * 20), full);
                final long ms = (System.nanoTime() - t0) / 1_000_000L;
                final boolean asExpected = v.outcome() == want;
                ok &= asExpected;
                final String label = engine.label() + (negative ? " " + s.buggy().get() : "");
                out.printf(Locale.ROOT, "%s %s on %s (seed %d, %d ms)%s%n", s.id(), v.outcome(), label, seed + i, ms,
                    negative ? (asExpected ? ": negative control caught the bug" : ": negative control expected " + want) : "");
                if (v.detail() != null && !v.detail().isEmpty())
                {
                    out.println("    " + v.detail().replace("\n", "\n    "));
                }
            }
            out.flush();
        }
        return ok ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private int soak(final PrintWriter out, final EngineConfig config)
    {
        final SoakOptions options = SoakOptions.of(parseDuration(duration), seed, config).withWorkers(workers);
        out.println("soak on " + config + " for " + duration + ", seed " + seed + ", " + workers
            + " workers (the operation schedule comes from the seed; thread timing still varies between runs)");
        out.flush();
        final SoakResult r;
        try
        {
            r = new SoakRunner(options).run();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        catch (final io.dmsnap.engine.dm.DmException e)
        {
            throw new IllegalStateException("the soak's stack could not be built: " + e.getMessage(), e);
        }
        out.println(r.summary());
        for (final String v : r.violations())
        {
            out.println("VIOLATION " + v);
        }
        if (r.hung())
        {
            out.println("HUNG (reproduce with --seed " + seed + ")\n" + r.detail());
        }
        return r.passed() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** The longest soak: a year is far beyond any useful run, and keeps deadlines far from overflow. */
    static final Duration LONGEST_SOAK = Duration.ofDays(365);

    /** "10m", "30s", "500ms", "1h"; a bare number is seconds; at most {@link #LONGEST_SOAK}. */
    static Duration parseDuration(final String text)
    {
        final Matcher m = DURATION.matcher(text.trim());
        final String problem = "bad duration '" + text + "': use a positive number with ms, s, m or h, e.g. 10m";
        final String tooLong = "bad duration '" + text + "': longer than the longest soak, " + LONGEST_SOAK.toHours() + "h";
        if (!m.matches())
        {
            throw new IllegalArgumentException(problem);
        }
        final long n;
        try
        {
            n = Long.parseLong(m.group(1));
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException(tooLong);
        }
        if (n == 0)
        {
            throw new IllegalArgumentException(problem);
        }
        final String unit = m.group(2) == null ? "s" : m.group(2);
        final ChronoUnit chronoUnit;
        switch (unit)
        {
            case "ms":
                chronoUnit = ChronoUnit.MILLIS;
                break;
            case "m":
                chronoUnit = ChronoUnit.MINUTES;
                break;
            case "h":
                chronoUnit = ChronoUnit.HOURS;
                break;
            default:
                chronoUnit = ChronoUnit.SECONDS;
                break;
        }
        if (n > LONGEST_SOAK.dividedBy(chronoUnit.getDuration()))
        {
            throw new IllegalArgumentException(tooLong);
        }
        return Duration.of(n, chronoUnit);
    }
}
