package io.dmsnap.cli.reproduce;

import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.stress.Scenario;
import io.dmsnap.stress.ScenarioRunner;
import io.dmsnap.stress.Verdict;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Outcomes of seeded runs of one stress scenario on one configuration, through the stress module's
 * {@link ScenarioRunner} (a watchdog per run: a hang is a HUNG verdict, never a hung command).
 *
 * @param label    the configuration as the table names it, e.g. {@code throttle=SEMAPHORE}
 * @param runs     how many runs
 * @param outcomes how many runs ended with each outcome
 * @param first    the first run's verdict that was not a PASS, or null when all passed
 */
record ScenarioRuns(String label, int runs, Map<Verdict.Outcome, Integer> outcomes, Verdict first)
{
    /** The bound of each wait inside a run; past it the run is HUNG ({@code dmsnap stress}'s default). */
    static final long WAIT_MILLIS = 5000;
    /** The bound of a whole run. */
    static final long RUN_MILLIS = 120_000;

    /** Runs {@code scenario} {@code runs} times with seeds {@code seed}, {@code seed + 1}, ... */
    static ScenarioRuns of(final Scenario scenario, final String label, final EngineConfig config, final long seed,
                           final int runs)
    {
        final Map<Verdict.Outcome, Integer> outcomes = new EnumMap<>(Verdict.Outcome.class);
        for (final Verdict.Outcome o : Verdict.Outcome.values())
        {
            outcomes.put(o, 0);
        }
        Verdict first = null;
        for (int i = 0; i < runs; i++)
        {
            final Verdict v = ScenarioRunner.run(scenario, config, seed + i, WAIT_MILLIS, RUN_MILLIS, false);
            outcomes.merge(v.outcome(), 1, Integer::sum);
            if (first == null && !v.passed())
            {
                first = v;
            }
        }
        return new ScenarioRuns(label, runs, Map.copyOf(outcomes), first);
    }

    int count(final Verdict.Outcome outcome)
    {
        return outcomes.get(outcome);
    }

    /** Whether every run ended with {@code outcome}. */
    boolean all(final Verdict.Outcome outcome)
    {
        return count(outcome) == runs;
    }

    /** {@code PASS 10/10} or {@code VIOLATED 9/10, HUNG 1/10}. */
    String describe()
    {
        final StringBuilder b = new StringBuilder();
        for (final Verdict.Outcome o : Verdict.Outcome.values())
        {
            if (count(o) > 0)
            {
                b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %d/%d", o, count(o), runs));
            }
        }
        return b.toString();
    }

    /** The first line of the first failing run's detail, for the details of a row; empty when all passed. */
    String firstFailure()
    {
        if (first == null || first.detail() == null)
        {
            return "";
        }
        final String d = first.detail();
        final int nl = d.indexOf('\n');
        return first.outcome() + ": " + (nl < 0 ? d : d.substring(0, nl));
    }
}
