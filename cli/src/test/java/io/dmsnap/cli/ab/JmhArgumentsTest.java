package io.dmsnap.cli.ab;

import io.dmsnap.cli.suite.SuiteFile;
import io.dmsnap.cli.suite.SuitePlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.ProfilerConfig;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command lines of A/B processes, read back by JMH's own parser: what a jar of any revision
 * will run must be what the suite plan resolved, with one fork and the process's result file.
 */
@Timeout(30)
final class JmhArgumentsTest
{
    private static final Path RESULT = Path.of("out", "a", "fork01-run01.json");

    private static AbPlan plan(final String suite, final int forks)
    {
        return AbPlan.of(SuitePlan.of(SuiteFile.parse("suite.txt", suite)), forks);
    }

    private static CommandLineOptions readBack(final List<String> words) throws CommandLineOptionException
    {
        return new CommandLineOptions(words.toArray(new String[0]));
    }

    @Test
    void aJmhLineRunsAsItReadsWithOneForkAndItsOwnResultFile() throws Exception
    {
        final AbPlan plan = plan("jmh 'micro\\.ThrottleBench\\.startEndCopy$' -f 4 -wf 1 -wi 2 -w 1s -i 3 -r 500ms -t 2 "
            + "-bm avgt,thrpt -tu us -p throttle=NONE,SEMAPHORE -prof gc -jvmArgsAppend \"-Xmx1g -Xms1g\" -e Foo -to 30s "
            + "-opi 2 -gc true -si false", 5);
        final List<String> words = plan.runs().get(0).arguments(RESULT);
        final CommandLineOptions jmh = readBack(words);
        assertEquals(List.of("micro\\.ThrottleBench\\.startEndCopy$"), jmh.getIncludes());
        assertEquals(List.of("Foo"), jmh.getExcludes());
        assertEquals(Set.of(Mode.AverageTime, Mode.Throughput), Set.copyOf(jmh.getBenchModes()));
        assertEquals(TimeUnit.MICROSECONDS, jmh.getTimeUnit().get());
        assertEquals(2, jmh.getThreads().get());
        assertEquals(2, jmh.getWarmupIterations().get());
        assertEquals(TimeValue.seconds(1), jmh.getWarmupTime().get());
        assertEquals(3, jmh.getMeasurementIterations().get());
        assertEquals(TimeValue.milliseconds(500), jmh.getMeasurementTime().get());
        assertEquals(TimeValue.seconds(30), jmh.getTimeout().get());
        assertEquals(2, jmh.getOperationsPerInvocation().get());
        assertEquals(true, jmh.shouldDoGC().get());
        assertEquals(false, jmh.shouldSyncIterations().get());
        assertEquals(true, jmh.shouldFailOnError().get(), "a failed benchmark fails the process");
        assertEquals(List.of("NONE", "SEMAPHORE"), List.copyOf(jmh.getParameter("throttle").get()));
        assertEquals(List.of(new ProfilerConfig("gc", "")), jmh.getProfilers());
        assertTrue(List.copyOf(jmh.getJvmArgsAppend().get()).containsAll(List.of("-Xmx1g", "-Xms1g")));
        // The suite's fork counts give way to the A/B run's: one fork, no warm-up fork, per process.
        assertEquals(1, jmh.getForkCount().get());
        assertEquals(0, jmh.getWarmupForkCount().get());
        assertEquals(ResultFormatType.JSON, jmh.getResultFormat().get());
        assertEquals(RESULT.toString(), jmh.getResult().get());
        assertFalse(jmh.getOutput().hasValue());
    }

    @Test
    void aMatrixLineBecomesOneRunPerWorkerCountWithItsParameters() throws Exception
    {
        final AbPlan plan = plan("matrix --benchmarks origin_randwrite --workers 1,2 --warmup 1x1s "
            + "--measurement 2x500ms --forks 3 --set throttle=SEMAPHORE", 5);
        assertEquals(2, plan.runs().size());
        for (int i = 0; i < 2; i++)
        {
            final CommandLineOptions jmh = readBack(plan.runs().get(i).arguments(RESULT));
            assertEquals(1, jmh.getIncludes().size());
            assertTrue(jmh.getIncludes().get(0).contains("FioBenchmarks") && jmh.getIncludes().get(0).contains(
                "fio_origin_randwrite_throughput"), jmh.getIncludes()::toString);
            assertEquals(i + 1, jmh.getThreads().get(), "worker count of run " + i);
            assertEquals(List.of("v5.0", "current"), List.copyOf(jmh.getParameter("preset").get()));
            assertEquals(List.of("N"), List.copyOf(jmh.getParameter("store").get()));
            assertEquals(List.of("throttle=SEMAPHORE"), List.copyOf(jmh.getParameter("set").get()));
            assertFalse(jmh.getParameter("chunk").hasValue(), "parameters the line leaves alone keep their annotation");
            assertEquals(1, jmh.getWarmupIterations().get());
            assertEquals(TimeValue.seconds(1), jmh.getWarmupTime().get());
            assertEquals(2, jmh.getMeasurementIterations().get());
            assertEquals(TimeValue.milliseconds(500), jmh.getMeasurementTime().get());
            assertEquals(1, jmh.getForkCount().get(), "--forks 3 gives way to the A/B run's forks");
            assertEquals(true, jmh.shouldFailOnError().get());
        }
        assertEquals("matrix (line 1), 2 worker(s) (4 points)", plan.runs().get(1).label());
    }

    @Test
    void timesAreWrittenAsJmhReadsThem()
    {
        for (final TimeValue t : List.of(TimeValue.nanoseconds(500), TimeValue.microseconds(20), TimeValue.milliseconds(100),
            TimeValue.seconds(2), TimeValue.minutes(3), TimeValue.hours(1)))
        {
            assertEquals(t, TimeValue.fromString(JmhArguments.time(t)), JmhArguments.time(t));
        }
        assertEquals("100ms", JmhArguments.time(TimeValue.milliseconds(100)));
    }

    @Test
    void whatTheCommandLineCannotCarryIsRefused()
    {
        final Options comma = new OptionsBuilder().include("X").param("name", "a,b").build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JmhArguments.of(comma, Set.of("name")))
            .getMessage().contains("'a,b' of the parameter name holds a comma"));
        final Options blank = new OptionsBuilder().include("X").jvmArgsAppend("-Dgreeting=hello world").build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JmhArguments.of(blank, Set.of()))
            .getMessage().contains("holds a blank"));
        final Options output = new OptionsBuilder().include("X").result("r.json").build();
        assertThrows(IllegalArgumentException.class, () -> JmhArguments.of(output, Set.of()));
        final Options dash = new OptionsBuilder().include("-X").build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JmhArguments.of(dash, Set.of()))
            .getMessage().contains("starts with '-'"));
        final Options exclude = new OptionsBuilder().include("X").exclude("a{1,2}").build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JmhArguments.of(exclude, Set.of()))
            .getMessage().contains("holds a comma"));
    }
}
