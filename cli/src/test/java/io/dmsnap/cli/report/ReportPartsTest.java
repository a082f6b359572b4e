package io.dmsnap.cli.report;

import io.dmsnap.cli.result.EngineSetup;
import io.dmsnap.cli.result.Environment;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small pieces of a report: number formats, file names, environment fields, SVG compaction. */
final class ReportPartsTest
{
    @Test
    void figuresKeepAboutFourSignificantDigits()
    {
        assertEquals("123,457", Figures.format(123_456.7));
        assertEquals("1,234.5", Figures.format(1_234.54));
        assertEquals("12.35", Figures.format(12.3456));
        assertEquals("1.5", Figures.format(1.5));
        assertEquals("100", Figures.format(100.0));
        assertEquals("0.0123", Figures.format(0.012345));
        assertEquals("0.1", Figures.format(0.1));
        assertEquals("-3.25", Figures.format(-3.25));
        assertEquals("-", Figures.format(Double.NaN));
        assertEquals("-", Figures.format(Double.POSITIVE_INFINITY));
    }

    @Test
    void theReportIsNamedAfterItsFirstInput()
    {
        assertEquals(Path.of("runs/m.html"), ReportFiles.htmlNextTo(Path.of("runs/m.json")));
        assertEquals(Path.of("history/host.html"), ReportFiles.htmlNextTo(Path.of("history/host/")));
        assertEquals(Path.of("a.b.html"), ReportFiles.htmlNextTo(Path.of("a.b.json")));
        assertEquals(Path.of(".hidden.html"), ReportFiles.htmlNextTo(Path.of(".hidden")));
        final Path here = Path.of("").toAbsolutePath();
        assertEquals(here.resolveSibling(here.getFileName() + ".html"), ReportFiles.htmlNextTo(Path.of(".")));
    }

    @Test
    void environmentFieldsSayWhatWasNotRecorded()
    {
        final List<Map.Entry<String, String>> none = EnvironmentFields.of(Environment.UNKNOWN);
        assertEquals(List.of("commit", "started", "JDK", "CPU", "cores", "OS"),
            none.stream().map(Map.Entry::getKey).toList());
        assertTrue(none.stream().allMatch(e -> e.getValue().equals("not recorded")), none::toString);

        final Environment env = Environment.builder().gitCommit("abc").gitDirty(false).startTime(Instant.EPOCH)
            .engine(new EngineSetup("current", new TreeMap<>(Map.of("locking", "FINE", "cowThreshold", "2048"))))
            .host("h").build();
        final List<Map.Entry<String, String>> fields = EnvironmentFields.of(env);
        assertTrue(fields.contains(EnvironmentFields.field("commit", "abc (clean)")), fields::toString);
        assertTrue(fields.contains(EnvironmentFields.field("started", "1970-01-01T00:00:00Z")));
        assertTrue(fields.contains(EnvironmentFields.field("engine", "preset current; cowThreshold=2048, locking=FINE")));
        assertTrue(fields.contains(EnvironmentFields.field("host", "h")));
    }

    @Test
    void svgPathCoordinatesAreRoundedAndNothingElse()
    {
        final String svg = "<path d=\"M-8.75,-1.171875 L0.0,12 Q3.14159,2.5\" style=\"opacity:0.298039\"/>"
            + "<rect x=\"1.234567\"/>";
        assertEquals("<path d=\"M-8.8,-1.2 L0.0,12 Q3.1,2.5\" style=\"opacity:0.298039\"/><rect x=\"1.234567\"/>",
            Charts.compactPathData(svg));
    }

    @Test
    void smallValuesGetEnoughDecimals()
    {
        assertEquals("#,##0.##", Charts.decimalPattern(250_000));
        assertEquals("#,##0.##", Charts.decimalPattern(0));
        assertEquals("#,##0.##", Charts.decimalPattern(5));
        assertEquals("#,##0.####", Charts.decimalPattern(0.05));
        assertEquals("#,##0.######", Charts.decimalPattern(0.0006));
    }
}
