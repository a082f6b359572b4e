package io.dmsnap.cli.suite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Suite files: the entries good lines give, and the line and problem every bad one is reported with. */
@Timeout(20)
final class SuiteFileTest
{
    private static SuiteFileException failure(final String text)
    {
        return assertThrows(SuiteFileException.class, () -> SuiteFile.parse("suite.txt", text));
    }

    /** The suite's complaint about a file whose only entry is {@code line}, on line 3. */
    private static SuiteFileException failureOnLineThree(final String line)
    {
        final SuiteFileException e = failure("# a suite\n\n" + line + "\n");
        assertEquals(3, e.line(), e::getMessage);
        assertEquals("suite.txt", e.source());
        assertTrue(e.getMessage().startsWith("suite.txt:3: "), e::getMessage);
        assertFalse(e.getMessage().contains("\n"), e::getMessage);
        return e;
    }

    @Test
    void entriesComeInFileOrderWithTheirLineNumbers()
    {
        final SuiteFile suite = SuiteFile.parse("suite.txt", String.join("\n",
            "# the nightly suite",
            "",
            "matrix --workers 1,2   # trailing comment",
            "   jmh ThrottleBench -f 1",
            "jmh 'Reorder.*permutation' -p outstanding=1000"));
        assertEquals("suite.txt", suite.source());
        assertEquals(3, suite.entries().size());
        final SuiteEntry matrix = suite.entries().get(0);
        assertInstanceOf(MatrixEntry.class, matrix);
        assertEquals(3, matrix.line());
        assertEquals("matrix", matrix.kind());
        assertEquals(List.of("--workers", "1,2"), matrix.arguments());
        final JmhEntry throttle = (JmhEntry) suite.entries().get(1);
        assertEquals(4, throttle.line());
        assertEquals("ThrottleBench", throttle.regex());
        final JmhEntry reorder = (JmhEntry) suite.entries().get(2);
        assertEquals(5, reorder.line());
        assertEquals("Reorder.*permutation", reorder.regex());
        assertEquals(List.of("1000"), List.copyOf(reorder.options().getParameter("outstanding").get()));
    }

    @Test
    void jmhOptionsMeanWhatTheyMeanToJmh()
    {
        final JmhEntry entry = (JmhEntry) SuiteFile.parse("s", "jmh Foo -f 2 -wi 3 -i 4 -w 200ms -r 1s -t 2 "
            + "-bm avgt -tu us -p a=1,2 -prof gc -jvmArgs \"-Xmx1g -Xms1g\"").entries().get(0);
        final Options o = entry.options();
        assertEquals(2, o.getForkCount().get());
        assertEquals(3, o.getWarmupIterations().get());
        assertEquals(4, o.getMeasurementIterations().get());
        assertEquals(TimeValue.milliseconds(200), o.getWarmupTime().get());
        assertEquals(TimeValue.seconds(1), o.getMeasurementTime().get());
        assertEquals(2, o.getThreads().get());
        assertEquals(List.of(Mode.AverageTime), List.copyOf(o.getBenchModes()));
        assertEquals(TimeUnit.MICROSECONDS, o.getTimeUnit().get());
        assertEquals(List.of("1", "2"), List.copyOf(o.getParameter("a").get()));
        assertEquals("gc", o.getProfilers().get(0).getKlass());
        assertEquals(List.of("-Xmx1g", "-Xms1g"), List.copyOf(o.getJvmArgs().get()));
    }

    @Test
    void aJmhEntryRunsOnceAndFailsOnError()
    {
        final JmhEntry entry = (JmhEntry) SuiteFile.parse("s", "jmh Foo -f 1 -p a=x").entries().get(0);
        final List<Options> runs = entry.runs();
        assertEquals(1, runs.size());
        assertTrue(runs.get(0).shouldFailOnError().get());
        assertEquals(List.of("Foo"), runs.get(0).getIncludes());
        assertEquals(1, runs.get(0).getForkCount().get());
        assertEquals(List.of("x"), List.copyOf(runs.get(0).getParameter("a").get()));
        assertFalse(runs.get(0).getWarmupIterations().hasValue(), "left to the annotations");
    }

    @Test
    void aMatrixEntryRunsOncePerWorkerCount()
    {
        final MatrixEntry entry = (MatrixEntry) SuiteFile.parse("s",
            "matrix --benchmarks origin_randwrite_throughput --workers 4,1 --warmup 1x100ms --measurement 2x100ms")
            .entries().get(0);
        final List<Options> runs = entry.runs();
        assertEquals(2, runs.size());
        assertEquals(1, runs.get(0).getThreads().get());
        assertEquals(4, runs.get(1).getThreads().get());
        assertEquals(2, runs.get(0).getMeasurementIterations().get());
        assertTrue(runs.get(0).shouldFailOnError().get());
        assertEquals(4, entry.plan().points(), "1 benchmark x 2 presets x 1 store x 2 worker counts");
        assertTrue(entry.describe().startsWith("matrix quick: 4 points"), entry::describe);
    }

    @Test
    void aBareMatrixLineIsTheQuickMatrix()
    {
        final MatrixEntry entry = (MatrixEntry) SuiteFile.parse("s", "matrix").entries().get(0);
        assertEquals("quick", entry.plan().mode());
        assertEquals(32, entry.plan().points());
    }

    @Test
    void wordsAreQuotedAsInAShellAndTextReadsBack()
    {
        assertEquals(List.of("jmh", "a b", "it's", "x\"y", "p=a#b", "\\"),
            LineWords.split("jmh 'a b' \"it's\" \"x\\\"y\" p=a#b \\ # comment"));
        assertEquals(List.of(), LineWords.split("   # only a comment"));
        assertEquals(List.of("ab", ""), LineWords.split("a'b' ''"));
        final SuiteEntry entry = SuiteFile.parse("s", "jmh 'Foo|Bar' -jvmArgs \"-Xmx1g -Dx=a\\\\b\" -p s=#x")
            .entries().get(0);
        assertEquals(List.of("Foo|Bar", "-jvmArgs", "-Xmx1g -Dx=a\\b", "-p", "s=#x"), entry.arguments());
        final SuiteEntry again = SuiteFile.parse("s", entry.text()).entries().get(0);
        assertEquals(entry.arguments(), again.arguments(), entry::text);
    }

    @Test
    void windowsLineEndsAreLines()
    {
        final SuiteFile suite = SuiteFile.parse("s", "# x\r\njmh Foo\r\n\r\njmh Bar\r\n");
        assertEquals(List.of(2, 4), suite.entries().stream().map(SuiteEntry::line).toList());
        assertEquals("Bar", ((JmhEntry) suite.entries().get(1)).regex());
    }

    @Test
    void readsAFile(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("suite.txt");
        Files.writeString(file, "jmh ThrottleBench\n");
        assertEquals(1, SuiteFile.read(file).entries().size());
        assertEquals(file.toString(), SuiteFile.read(file).source());
    }

    @Test
    void aMissingBinaryOrDirectoryFileIsNamed(@TempDir final Path dir) throws IOException
    {
        final SuiteFileException missing = assertThrows(SuiteFileException.class,
            () -> SuiteFile.read(dir.resolve("nope.txt")));
        assertEquals(dir.resolve("nope.txt") + ": no such file", missing.getMessage());
        final Path binary = dir.resolve("bin.txt");
        Files.write(binary, new byte[] {'j', 'm', 'h', ' ', (byte) 0xff, (byte) 0xfe});
        assertEquals(binary + ": not UTF-8 text",
            assertThrows(SuiteFileException.class, () -> SuiteFile.read(binary)).getMessage());
        assertEquals(dir + ": is a directory; a suite is a file such as results/suite.txt",
            assertThrows(SuiteFileException.class, () -> SuiteFile.read(dir)).getMessage());
    }

    @Test
    void aSuiteWithoutEntriesIsRefused()
    {
        for (final String text : new String[] {"", "\n\n", "# only\n   # comments\n"})
        {
            final SuiteFileException e = failure(text);
            assertEquals(0, e.line());
            assertTrue(e.getMessage().startsWith("suite.txt: no entry"), e::getMessage);
        }
    }

    @Test
    void anUnknownKindNamesTheKinds()
    {
        final SuiteFileException e = failureOnLineThree("jhm ThrottleBench");
        assertEquals("unknown entry 'jhm': a line is 'matrix [OPTIONS]' or 'jmh REGEX [OPTIONS]' (or a # comment)",
            e.problem());
    }

    @Test
    void anOpenQuoteIsReportedWithItsColumn()
    {
        assertEquals("the quote \" opened at column 18 is never closed",
            failureOnLineThree("jmh Foo -jvmArgs \"-Xmx1g").problem());
    }

    @Test
    void jmhNeedsExactlyOneRegularExpression()
    {
        assertTrue(failureOnLineThree("jmh").problem().startsWith("jmh needs a regular expression"));
        assertTrue(failureOnLineThree("jmh -f 1").problem().contains("exactly one regular expression of benchmark "
            + "names, found 0"));
        final String two = failureOnLineThree("jmh Foo -f 1 2").problem();
        assertTrue(two.contains("found 2 [Foo, 2]") && two.contains("join them with |"), two);
        assertTrue(failureOnLineThree("jmh Foo(").problem().startsWith("'Foo(' is not a regular expression: "));
    }

    @Test
    void jmhOptionErrorsAreJmhs()
    {
        final String unknown = failureOnLineThree("jmh Foo -zq 3").problem();
        assertTrue(unknown.startsWith("JMH option error: ") && unknown.contains("z is not a recognized option"), unknown);
        final String badValue = failureOnLineThree("jmh Foo -f lots").problem();
        assertTrue(badValue.startsWith("JMH option error: ") && badValue.contains("lots"), badValue);
        final String badMode = failureOnLineThree("jmh Foo -bm fastest").problem();
        assertTrue(badMode.startsWith("JMH option error: ") && badMode.contains("fastest"), badMode);
        final String badUnit = failureOnLineThree("jmh Foo -tu fortnights").problem();
        assertTrue(badUnit.startsWith("JMH option error: ") && badUnit.contains("fortnights"), badUnit);
        final String badParam = failureOnLineThree("jmh Foo -p size").problem();
        assertTrue(badParam.startsWith("JMH option error: "), badParam);
        final String badTime = failureOnLineThree("jmh Foo -r soon").problem();
        assertTrue(badTime.startsWith("JMH option error: ") && badTime.contains("soon"), badTime);
    }

    @Test
    void optionsTheSuiteDecidesAreRefused()
    {
        assertTrue(failureOnLineThree("jmh Foo -l").problem().contains("list instead of running"));
        assertTrue(failureOnLineThree("jmh Foo -h").problem().contains("list instead of running"));
        assertTrue(failureOnLineThree("jmh Foo -rf json").problem().contains("the suite writes one result file"));
        assertTrue(failureOnLineThree("jmh Foo -rff out.json").problem().contains("the suite writes one result file"));
        assertTrue(failureOnLineThree("jmh Foo -o log.txt").problem().contains("the suite writes one result file"));
        assertTrue(failureOnLineThree("jmh Foo -foe false").problem().contains("a failed benchmark fails the suite"));
        assertTrue(failureOnLineThree("matrix --output m.json").problem().startsWith("--output is about the matrix "
            + "command's own output"));
        assertTrue(failureOnLineThree("matrix --verbose").problem().startsWith("--verbose is about"));
    }

    @Test
    void matrixOptionErrorsAreTheMatrixCommands()
    {
        final String unknown = failureOnLineThree("matrix --workerz 1").problem();
        assertTrue(unknown.startsWith("Unknown options: '--workerz'") && unknown.endsWith("(dmsnap matrix --help lists "
            + "its options)"), unknown);
        final String both = failureOnLineThree("matrix --quick --full").problem();
        assertTrue(both.contains("--quick and --full exclude each other"), both);
        final String zero = failureOnLineThree("matrix --workers 0").problem();
        assertTrue(zero.contains("expected counts >= 1"), zero);
        final String preset = failureOnLineThree("matrix --presets v5.0,v9.9").problem();
        assertTrue(preset.contains("v9.9"), preset);
        final String none = failureOnLineThree("matrix --benchmarks nothing_like_it").problem();
        assertTrue(none.contains("matches no benchmark"), none);
    }

    @Test
    void theFirstBadLineIsTheOneReported()
    {
        final SuiteFileException e = failure("jmh Foo\nmatrix --forks -1\njmh Foo -f x\n");
        assertEquals(2, e.line());
        assertTrue(e.problem().contains("--forks"), e::getMessage);
    }
}
