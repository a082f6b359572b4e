package io.dmsnap.cli.stress;

import io.dmsnap.cli.Dmsnap;
import io.dmsnap.stress.scenarios.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class StressCommandTest
{
    private record Run(int code, String out, String err)
    {
    }

    private static Run run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Dmsnap.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void listNamesEveryScenarioWithItsCommitAndNegativeControl()
    {
        final Run r = run("stress", "--list");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("S04  b2155578"), r.out);
        assertTrue(r.out.contains("throttle=SEMAPHORE -> HUNG"), r.out);
        assertTrue(r.out.contains("S16") && r.out.contains("none: "), r.out);
    }

    @Test
    void listAsMarkdownIsOneTableRowPerScenario()
    {
        final Run r = run("stress", "--list", "--format", "markdown");
        assertEquals(0, r.code, r.err);
        final String[] lines = r.out.split("\n");
        assertEquals(2 + Scenarios.all().size(), lines.length, r.out);
        assertTrue(lines[0].startsWith("| ID | what it checks | kernel commits | negative control"), lines[0]);
        assertEquals("|---|---|---|---|", lines[1]);
        assertTrue(r.out.contains("| S04 | origin writers blocked in the COW throttle do not deadlock a snapshot constructor"
            + " | b2155578 | `throttle=SEMAPHORE`: HUNG |\n"), r.out);
        assertTrue(r.out.contains("| S03 | ") && r.out.contains(" | 721b1d98, b2155578 | `throttle=NONE`: VIOLATED |\n"), r.out);
        assertTrue(r.out.contains("| S16 | ") && r.out.contains(" | 7c5f78b9 | none: the engine has no shared primary"), r.out);
        for (final String line : lines)
        {
            assertEquals(5, line.split("(?<!\\\\)\\|", -1).length - 1, () -> "not a 4-cell row: " + line);
        }
        assertEquals(run("stress", "--list").out, run("stress", "--list", "--format", "text").out);
    }

    @Test
    void badFormatNamesTheChoicesAndExitsWith2()
    {
        final Run bad = run("stress", "--list", "--format", "html");
        assertEquals(2, bad.code, bad.out + bad.err);
        assertEquals("dmsnap: unknown --format 'html'; choose text or markdown\n", bad.err);
        final Run withoutList = run("stress", "--all", "--format", "markdown");
        assertEquals(2, withoutList.code, withoutList.out + withoutList.err);
        assertTrue(withoutList.err.contains("--format goes with --list"), withoutList.err);
    }

    @Test
    void scenarioPassesOnCurrentAndItsNegativeControlFails()
    {
        final Run pass = run("stress", "--scenario", "s16", "--brief");
        assertEquals(0, pass.code, pass.out + pass.err);
        assertTrue(pass.out.startsWith("S16 PASS on current"), pass.out);
        final Run buggy = run("stress", "--scenario", "S03", "--brief", "--set", "throttle=NONE");
        assertEquals(1, buggy.code, buggy.out + buggy.err);
        assertTrue(buggy.out.contains("S03 VIOLATED") && buggy.out.contains("peaked at"), buggy.out);
        final Run negative = run("stress", "--scenario", "S03", "--brief", "--negative");
        assertEquals(0, negative.code, negative.out + negative.err);
        assertTrue(negative.out.contains("negative control caught the bug"), negative.out);
    }

    @Test
    void badArgumentsExitWith2()
    {
        assertEquals(2, run("stress").code);
        assertEquals(2, run("stress", "--list", "--all").code);
        assertEquals(2, run("stress", "--scenario", "S99").code);
        assertEquals(2, run("stress", "--scenario", "S01", "--preset", "nope").code);
        assertEquals(2, run("stress", "--soak", "--duration", "ten").code);
        assertEquals(2, run("stress", "--list", "--negative").code);
    }

    @Test
    void shortSoakReportsOperationsAndPasses()
    {
        final Run r = run("stress", "--soak", "--duration", "2s", "--seed", "5", "--workers", "2");
        assertEquals(0, r.code, r.out + r.err);
        assertTrue(r.out.contains("seed 5: ") && r.out.contains("no violation"), r.out);
    }

    @Test
    void durationsParse()
    {
        assertEquals(Duration.ofMinutes(10), StressCommand.parseDuration("10m"));
        assertEquals(Duration.ofMillis(500), StressCommand.parseDuration("500ms"));
        assertEquals(Duration.ofSeconds(30), StressCommand.parseDuration("30"));
        assertEquals(Duration.ofHours(1), StressCommand.parseDuration("1h"));
        assertThrows(IllegalArgumentException.class, () -> StressCommand.parseDuration("0s"));
    }
}
